import Foundation
import SluiceHTTPProxy

/// A Sluice HTTP proxy in-process on 127.0.0.1 with a YAML configuration (loopback allowed).
struct TestProxy {
    let server: HTTPProxyServer
    let port: Int
    let directory: String

    static func start(_ yaml: String) async throws -> TestProxy {
        let directory = NSTemporaryDirectory() + "sluice-http-proxy-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let text = "listen: { host: 127.0.0.1, port: 0 }\naudit: { path: audit.jsonl }\nssrf: { allow: [127.0.0.0/8] }\n" + yaml
        let configuration = try ProxyConfiguration.parse(yaml: text, file: "proxy.yaml")
        let runtime = try ProxyRuntime(configuration: configuration, baseDirectory: directory, file: "proxy.yaml")
        let server = HTTPProxyServer(runtime: runtime)
        let address = try await server.start()
        return TestProxy(server: server, port: address.port ?? 0, directory: directory)
    }

    var url: String { "http://127.0.0.1:\(port)" }

    /// The audit log's lines.
    func auditLines() -> [String] {
        server.runtime.audit?.flush()
        return ((try? String(contentsOfFile: directory + "/audit.jsonl", encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    func stop() async {
        try? await server.stop()
        try? FileManager.default.removeItem(atPath: directory)
    }
}
