import Foundation
import NIOPosix
import SluiceDNS

/// `sluice-bench dns [SECONDS] [CLIENTS]`: dnsperf against Sluice's DNS server (in this process,
/// cache warmed, dnsmasq as its upstream) and against dnsmasq itself, with the same query file of
/// names dnsmasq answers from memory: cache-hit queries/s and mean and p99 latency, side by side.
///
/// Needs dnsperf and a running dnsmasq with the records of scripts/services/dnsmasq.sh, whose port
/// is in `SLUICE_TEST_DNSMASQ_PORT` (scripts/bench.sh starts it).
enum DNSBenchmark {
    /// The queries: every name and type the test dnsmasq holds, all cache hits once warmed.
    static let queries = [
        "www.sluice.test A", "www.sluice.test AAAA", "api.sluice.test A", "mail.sluice.test A", "sluice.test MX",
        "txt.sluice.test TXT", "alias.sluice.test A", "_http._tcp.sluice.test SRV", "10.2.0.192.in-addr.arpa PTR",
    ]

    struct Result {
        var queriesPerSecond: Double
        var meanLatency: Double  // seconds
        var p99Latency: Double
        var lost: String
    }

    static func run(_ arguments: [String]) async throws {
        let seconds = arguments.first.flatMap(Int.init) ?? 10
        let clients = arguments.dropFirst().first.flatMap(Int.init) ?? 4
        guard let text = ProcessInfo.processInfo.environment["SLUICE_TEST_DNSMASQ_PORT"], let dnsmasqPort = Int(text) else {
            throw BenchFailure("SLUICE_TEST_DNSMASQ_PORT is not set; run `scripts/bench.sh dns`, which starts dnsmasq")
        }
        var configuration = DNSConfiguration()
        configuration.listen = DNSEndpoint(host: "127.0.0.1", port: 0)
        configuration.upstreams = [DNSEndpoint(host: "127.0.0.1", port: dnsmasqPort)]
        let group = MultiThreadedEventLoopGroup.singleton
        let resolver = try await DNSResolver.make(configuration: configuration, group: group)
        let server = DNSServer(resolver: resolver, group: group)
        let sluice = try await server.start()
        for query in queries {
            let parts = query.split(separator: " ")
            _ = try await resolver.resolve(String(parts[0]), type: DNSRecordType(name: String(parts[1]))!)
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-bench-dns-\(getpid()).txt").path
        try (queries.joined(separator: "\n") + "\n").write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }

        print("dnsperf -d \(file) -l \(seconds) -c \(clients) (\(queries.count) names, all cache hits), \(ProcessInfo.processInfo.activeProcessorCount) cores")
        let ours = try dnsperf(port: sluice.port, file: file, seconds: seconds, clients: clients)
        print(String(format: "  sluice  127.0.0.1:%d  %10.0f q/s  mean %.3f ms  p99 %.3f ms  lost %@", sluice.port, ours.queriesPerSecond, ours.meanLatency * 1000, ours.p99Latency * 1000, ours.lost))
        let peer = try dnsperf(port: dnsmasqPort, file: file, seconds: seconds, clients: clients)
        print(String(format: "  dnsmasq 127.0.0.1:%d  %10.0f q/s  mean %.3f ms  p99 %.3f ms  lost %@", dnsmasqPort, peer.queriesPerSecond, peer.meanLatency * 1000, peer.p99Latency * 1000, peer.lost))
        await server.stop()
        print(String(format: "dns: sluice=%.0f q/s peer=%.0f q/s (dnsmasq) ratio=%.2f", ours.queriesPerSecond, peer.queriesPerSecond, ours.queriesPerSecond / peer.queriesPerSecond))
    }

    /// Runs dnsperf with per-query output (-v) and reads throughput, mean and p99 latency.
    static func dnsperf(port: Int, file: String, seconds: Int, clients: Int) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["dnsperf", "-s", "127.0.0.1", "-p", "\(port)", "-d", file, "-l", "\(seconds)", "-c", "\(clients)", "-v"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0 else { throw BenchFailure("dnsperf exited \(process.terminationStatus): \(text.suffix(2000))") }
        var latencies: [Double] = []
        var qps = 0.0, mean = 0.0, lost = "?"
        for line in text.split(separator: "\n") {
            if line.hasPrefix("> ") {
                if let value = line.split(separator: " ").last.flatMap({ Double($0) }) { latencies.append(value) }
            } else if line.contains("Queries per second:") {
                qps = Double(line.split(separator: ":").last!.trimmingCharacters(in: .whitespaces)) ?? 0
            } else if line.contains("Average Latency (s):") {
                mean = Double(line.split(separator: ":")[1].split(separator: " ").first ?? "") ?? 0
            } else if line.contains("Queries lost:") {
                lost = line.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)
            }
        }
        latencies.sort()
        let p99 = latencies.isEmpty ? 0 : latencies[min(latencies.count - 1, Int(Double(latencies.count) * 0.99))]
        return Result(queriesPerSecond: qps, meanLatency: mean, p99Latency: p99, lost: lost)
    }
}

