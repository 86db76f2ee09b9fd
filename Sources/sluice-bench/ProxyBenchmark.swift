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

        // tinyproxy with a comparable setup (allow list, no logging beyond errors).
        let tinyPort = try freePort()
        try """
            Port \(tinyPort)
            Listen 127.0.0.1
            Timeout 600
            MaxClients 200
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
        let script = work + "/proxy.lua"
        // Absolute-form request line and the origin's Host, as a browser configured with a proxy sends.
        try "request = function() return wrk.format(\"GET\", \"\(target)\", { [\"Host\"] = \"127.0.0.1:\(originPort)\" }) end\n"
            .write(toFile: script, atomically: true, encoding: .utf8)
        print("wrk -t2 -c\(connections) -d\(seconds)s, 1 KiB responses, origin on 127.0.0.1:\(originPort)")
        _ = try wrk(["-t1", "-c4", "-d2s", target])  // warm-up
        let direct = try wrk(["-t2", "-c\(connections)", "-d\(seconds)s", "--latency", target])
        _ = try wrk(["-t1", "-c4", "-d2s", "-s", script, "http://127.0.0.1:\(sluicePort)/"])
        let viaSluice = try wrk(["-t2", "-c\(connections)", "-d\(seconds)s", "--latency", "-s", script, "http://127.0.0.1:\(sluicePort)/"])
        _ = try wrk(["-t1", "-c4", "-d2s", "-s", script, "http://127.0.0.1:\(tinyPort)/"])
        let viaTiny = try wrk(["-t2", "-c\(connections)", "-d\(seconds)s", "--latency", "-s", script, "http://127.0.0.1:\(tinyPort)/"])

        print("path              requests/s     p50 ms    p99 ms   non-2xx")
        for (name, r) in [("direct", direct), ("sluice proxy", viaSluice), ("tinyproxy", viaTiny)] {
            print(name.padding(toLength: 16, withPad: " ", startingAt: 0)
                  + String(format: "%12.0f %10.2f %9.2f %9d", r.requestsPerSecond, r.p50, r.p99, r.errors))
        }
        if viaTiny.errors > 0, let log = try? String(contentsOfFile: work + "/tinyproxy.log", encoding: .utf8) {
            print("tinyproxy errors (first 3):")
            for line in log.split(separator: "\n").prefix(3) { print("  " + line) }
        }
        print(String(format: "added p99 over direct: sluice %.2f ms, tinyproxy %.2f ms", viaSluice.p99 - direct.p99, viaTiny.p99 - direct.p99))
        print(String(format: "proxy: sluice=%.0f req/s peer=%.0f req/s (tinyproxy) ratio=%.2f",
                     viaSluice.requestsPerSecond, viaTiny.requestsPerSecond, viaSluice.requestsPerSecond / max(viaTiny.requestsPerSecond, 1)))
        try await sluice.stop()
        try? await origin.close()
        try? await proxyGroup.shutdownGracefully()
        try? await originGroup.shutdownGracefully()
    }

    struct WrkResult {
        var requestsPerSecond = 0.0
        var p50 = 0.0
        var p99 = 0.0
        var errors = 0
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
            if line.contains("Non-2xx"), let value = fields.last.flatMap({ Int($0) }) { result.errors += value }
            if line.contains("Socket errors") { result.errors += fields.compactMap { Int($0.trimmingCharacters(in: .punctuationCharacters)) }.reduce(0, +) }
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
