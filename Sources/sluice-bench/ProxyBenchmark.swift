import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import SluiceHTTPProxy

/// `sluice-bench proxy`: wrk through Sluice's proxy (realistic policy set) vs through tinyproxy vs
/// direct, against the same local origin server; requests/s and p99 latency side by side.
enum ProxyBenchmark {
    static func run(_ arguments: [String]) async throws {
        let seconds = arguments.first.flatMap(Int.init) ?? 10
        let connections = 50
        for tool in ["wrk", "tinyproxy"] where !FileManager.default.isExecutableFile(atPath: "/usr/bin/\(tool)") {
            throw BenchFailure("\(tool) is missing: apt-get install -y wrk tinyproxy")
        }
        let originGroup = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let origin = try await BenchOrigin.start(group: originGroup)
        let originPort = origin.localAddress?.port ?? 0
        let work = NSTemporaryDirectory() + "sluice-bench-proxy-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }

        // Sluice's proxy, with a realistic policy set.
        let proxyGroup = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        let blocklist = (0..<10_000).map { "0.0.0.0 ads\($0).tracker.example" }.joined(separator: "\n")
        try blocklist.write(toFile: work + "/blocklist.hosts", atomically: true, encoding: .utf8)
        let rules = (0..<20).map { "  - { name: deny-\($0), match: { hosts: [\"*.blocked\($0).example\"], methods: [POST, PUT], paths: [\"/upload/*\"] }, action: deny }" }
        let yaml = """
            listen: { host: 127.0.0.1, port: 0 }
            defaultAction: deny
            ssrf: { allow: [127.0.0.0/8] }
            blocklists: [{ path: blocklist.hosts, format: hosts }]
            rules:
            \(rules.joined(separator: "\n"))
              - { name: local-origin, match: { hosts: ["127.0.0.1"], ports: [\(originPort)], methods: [GET, HEAD] }, action: allow }
            content: { blockedResponseTypes: [application/x-msdownload], blockExecutables: true, maxDownloadBytes: 10000000 }
            dlp: { action: block }
            audit: { path: audit.jsonl }
            """
        let runtime = try ProxyRuntime(configuration: try ProxyConfiguration.parse(yaml: yaml), baseDirectory: work)
        let sluice = HTTPProxyServer(runtime: runtime, group: proxyGroup)
        let sluicePort = try await sluice.start().port ?? 0

        // tinyproxy with a comparable setup: allow list, errors-only log, enough worker threads
        // for every wrk connection. tinyproxy closes each client connection after one response
        // (it has no client keep-alive), so it is also compared with `Connection: close` on every side.
        let tinyPort = try freePort()
        try """
            Port \(tinyPort)
            Listen 127.0.0.1
            Timeout 600
            MaxClients \(connections * 4)
            LogLevel Error
            LogFile "\(work)/tinyproxy.log"
            Allow 127.0.0.1
            DisableViaHeader Yes
            """.write(toFile: work + "/tinyproxy.conf", atomically: true, encoding: .utf8)
        let tinyproxy = Process()
        tinyproxy.executableURL = URL(fileURLWithPath: "/usr/bin/tinyproxy")
        tinyproxy.arguments = ["-d", "-c", work + "/tinyproxy.conf"]
        tinyproxy.standardOutput = FileHandle.nullDevice
        tinyproxy.standardError = FileHandle.nullDevice
        try tinyproxy.run()
        defer { stop(tinyproxy) }
        try await Task.sleep(for: .milliseconds(500))

        let target = "http://127.0.0.1:\(originPort)/"
        // Absolute-form request line and the origin's Host, as a client configured with a proxy sends.
        let keepAliveScript = work + "/proxy.lua", closeScript = work + "/proxy-close.lua"
        try "request = function() return wrk.format(\"GET\", \"\(target)\", { [\"Host\"] = \"127.0.0.1:\(originPort)\" }) end\n"
            .write(toFile: keepAliveScript, atomically: true, encoding: .utf8)
        try ("request = function() return wrk.format(\"GET\", \"\(target)\", { [\"Host\"] = \"127.0.0.1:\(originPort)\", "
             + "[\"Connection\"] = \"close\" }) end\n").write(toFile: closeScript, atomically: true, encoding: .utf8)
        let load = ["-t2", "-c\(connections)", "-d\(seconds)s", "--latency"]
        print("wrk -t2 -c\(connections) -d\(seconds)s, 1 KiB responses, origin on 127.0.0.1:\(originPort)")
        // Warm-ups: each side once, briefly.
        _ = try wrk(["-t1", "-c4", "-d2s", target])
        _ = try wrk(["-t1", "-c4", "-d2s", "-s", keepAliveScript, "http://127.0.0.1:\(sluicePort)/"])
        _ = try wrk(["-t1", "-c4", "-d2s", "-s", closeScript, "http://127.0.0.1:\(tinyPort)/"])
        let keepAlive: [(String, WrkResult)] = [
            ("direct", try wrk(load + [target])),
            ("sluice proxy", try wrk(load + ["-s", keepAliveScript, "http://127.0.0.1:\(sluicePort)/"])),
            ("tinyproxy", try wrk(load + ["-s", keepAliveScript, "http://127.0.0.1:\(tinyPort)/"])),
        ]
        let close: [(String, WrkResult)] = [
            ("direct", try wrk(load + ["-H", "Connection: close", target])),
            ("sluice proxy", try wrk(load + ["-s", closeScript, "http://127.0.0.1:\(sluicePort)/"])),
            ("tinyproxy", try wrk(load + ["-s", closeScript, "http://127.0.0.1:\(tinyPort)/"])),
        ]
        // Latency without queueing: one connection, so the added p99 is the proxy's own work per
        // request, not the wait behind 49 other connections on a saturated 2-core machine.
        let single = ["-t1", "-c1", "-d\(seconds)s", "--latency"]
        let oneConnection: [(String, WrkResult)] = [
            ("direct", try wrk(single + [target])),
            ("sluice proxy", try wrk(single + ["-s", keepAliveScript, "http://127.0.0.1:\(sluicePort)/"])),
            ("tinyproxy", try wrk(single + ["-s", keepAliveScript, "http://127.0.0.1:\(tinyPort)/"])),
        ]
        report("keep-alive (tinyproxy closes every client connection: its socket errors are those reconnects)", keepAlive)
        report("Connection: close on every request (a new client connection each time, as tinyproxy works)", close)
        report("one connection, keep-alive (latency without queueing)", oneConnection)
        if let log = try? String(contentsOfFile: work + "/tinyproxy.log", encoding: .utf8), !log.isEmpty {
            print("tinyproxy log (first 3 lines):")
            for line in log.split(separator: "\n").prefix(3) { print("  " + line) }
        }
        let fair = (sluice: close[1].1, tiny: close[2].1, direct: close[0].1)
        print(String(format: "proxy: sluice=%.0f req/s peer=%.0f req/s (tinyproxy, Connection: close) ratio=%.2f",
                     fair.sluice.requestsPerSecond, fair.tiny.requestsPerSecond, fair.sluice.requestsPerSecond / max(fair.tiny.requestsPerSecond, 1)))
        print(String(format: "added p99 over direct: sluice %.2f ms, tinyproxy %.2f ms (one connection); sluice %.2f ms (%d connections, saturated)",
                     oneConnection[1].1.p99 - oneConnection[0].1.p99, oneConnection[2].1.p99 - oneConnection[0].1.p99,
                     keepAlive[1].1.p99 - keepAlive[0].1.p99, connections))
        try await sluice.stop()
        try? await origin.close()
        try? await proxyGroup.shutdownGracefully()
        try? await originGroup.shutdownGracefully()
    }

    struct WrkResult {
        var requestsPerSecond = 0.0
        var p50 = 0.0
        var p99 = 0.0
        var requests = 0
        /// Answers with a status other than 2xx or 3xx.
        var non2xx = 0
        /// Connect, read, write and timeout errors.
        var socketErrors = 0
    }

    /// One table: requests/s, latency, completed requests, non-2xx answers and socket errors of each side.
    static func report(_ title: String, _ rows: [(String, WrkResult)]) {
        print("\n" + title)
        print("path              requests/s     p50 ms    p99 ms   requests   non-2xx  socket-errors")
        for (name, r) in rows {
            print(name.padding(toLength: 16, withPad: " ", startingAt: 0)
                  + String(format: "%12.0f %10.2f %9.2f %10d %9d %14d", r.requestsPerSecond, r.p50, r.p99, r.requests, r.non2xx, r.socketErrors))
        }
        if let direct = rows.first?.1 {
            for (name, r) in rows.dropFirst() {
                print("  " + name + String(format: ": %.2f× direct throughput, p99 %+.2f ms over direct", r.requestsPerSecond / max(direct.requestsPerSecond, 1), r.p99 - direct.p99))
            }
        }
    }

    static func wrk(_ arguments: [String]) throws -> WrkResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/wrk")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        var result = WrkResult()
        for line in output.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            if line.hasPrefix("Requests/sec:"), let value = fields.last.flatMap({ Double($0) }) { result.requestsPerSecond = value }
            if fields.first == "50%", fields.count > 1 { result.p50 = milliseconds(fields[1]) }
            if fields.first == "99%", fields.count > 1 { result.p99 = milliseconds(fields[1]) }
            if line.contains("Non-2xx"), let value = fields.last.flatMap({ Int($0) }) { result.non2xx += value }
            if line.contains("Socket errors") { result.socketErrors += fields.compactMap { Int($0.trimmingCharacters(in: .punctuationCharacters)) }.reduce(0, +) }
            if line.contains("requests in"), let value = fields.first.flatMap({ Int($0) }) { result.requests = value }
        }
        return result
    }

    /// wrk's `1.23ms`, `456.00us`, `1.20s` in milliseconds.
    static func milliseconds(_ text: Substring) -> Double {
        if text.hasSuffix("us") { return (Double(text.dropLast(2)) ?? 0) / 1000 }
        if text.hasSuffix("ms") { return Double(text.dropLast(2)) ?? 0 }
        if text.hasSuffix("s") { return (Double(text.dropLast()) ?? 0) * 1000 }
        return Double(text) ?? 0
    }

    /// Stops a child: SIGTERM, then SIGKILL if it is still there after 2 s.
    static func stop(_ process: Process) {
        guard process.isRunning else { return }
        process.terminate()
        for _ in 0..<20 where process.isRunning { usleep(100_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    static func freePort() throws -> Int {
        let channel = try ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton).bind(host: "127.0.0.1", port: 0).wait()
        let port = channel.localAddress?.port ?? 0
        try channel.close().wait()
        return port
    }
}


/// The origin server of the proxy benchmark: answers every request with 1 KiB, keep-alive.
enum BenchOrigin {
    static func start(group: any EventLoopGroup) async throws -> any Channel {
        try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 512)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(OriginHandler())
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
    }

    private final class OriginHandler: ChannelInboundHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart
        private static let body = String(repeating: "x", count: 1024)
        private var keepAlive = true

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head): keepAlive = head.isKeepAlive
            case .body: break
            case .end:
                let headers: HTTPHeaders = ["content-type": "text/plain", "content-length": "1024"]
                context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers))), promise: nil)
                context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: Self.body)))), promise: nil)
                let keepAlive = self.keepAlive
                context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { [channel = context.channel] _ in
                    if !keepAlive { channel.close(promise: nil) }
                }
            }
        }
    }
}
