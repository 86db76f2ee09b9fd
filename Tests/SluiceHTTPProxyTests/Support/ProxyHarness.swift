import Foundation
import NIOCore
import NIOPosix
import SluiceHTTPProxy

/// A proxy started in-process on 127.0.0.1 with a YAML configuration, its audit log in a temporary folder.
struct ProxyHarness {
    let server: HTTPProxyServer
    let port: Int
    let directory: String

    var auditPath: String { directory + "/audit.jsonl" }

    /// Starts a proxy; `yaml` is the configuration without `listen` and `audit` (added here).
    /// Unless `ssrf` appears in it, loopback is allowed so the local upstream is reachable.
    /// `group` runs the proxy's connections (one thread makes every client connection share one upstream pool).
    static func start(_ yaml: String = "", files: [String: String] = [:], telemetry: ProxyTelemetry = ProxyTelemetry(),
                      group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) async throws -> ProxyHarness {
        let directory = NSTemporaryDirectory() + "sluice-proxy-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for (name, content) in files { try content.write(toFile: directory + "/" + name, atomically: true, encoding: .utf8) }
        var text = "listen: { host: 127.0.0.1, port: 0 }\naudit: { path: audit.jsonl }\n"
        if !yaml.contains("ssrf:") { text += "ssrf: { allow: [127.0.0.0/8] }\n" }
        text += yaml
        let configuration = try ProxyConfiguration.parse(yaml: text, file: "test.yaml")
        let runtime = try ProxyRuntime(configuration: configuration, baseDirectory: directory, file: "test.yaml", telemetry: telemetry)
        let server = HTTPProxyServer(runtime: runtime, group: group)
        let address = try await server.start()
        return ProxyHarness(server: server, port: address.port ?? 0, directory: directory)
    }

    var url: String { "http://127.0.0.1:\(port)" }

    /// The audit log's lines, once written.
    func auditLines() -> [String] {
        server.runtime.audit?.flush()
        let text = (try? String(contentsOfFile: auditPath, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map(String.init)
    }

    /// The audit events decoded.
    func auditEvents() throws -> [AuditEvent] {
        try auditLines().map { try JSONDecoder().decode(AuditEvent.self, from: Data($0.utf8)) }
    }

    func stop() async {
        try? await server.stop()
        try? FileManager.default.removeItem(atPath: directory)
    }
}

/// Runs an upstream and a proxy around a test body.
func withProxy(_ yaml: String = "", files: [String: String] = [:], telemetry: ProxyTelemetry = ProxyTelemetry(),
               _ body: (ProxyHarness, TestUpstream) async throws -> Void) async throws {
    let upstream = try await TestUpstream.start()
    let proxy = try await ProxyHarness.start(yaml, files: files, telemetry: telemetry)
    do {
        try await body(proxy, upstream)
    } catch {
        await proxy.stop()
        await upstream.stop()
        throw error
    }
    await proxy.stop()
    await upstream.stop()
}
