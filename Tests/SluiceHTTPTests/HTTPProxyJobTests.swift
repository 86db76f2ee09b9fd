import Foundation
import Sluice
import SluiceHTTP
import Testing

/// Job HTTP calls routed through an in-process Sluice HTTP proxy: its policy denies, mocks and
/// tunnels (CONNECT to a local TLS server).
@Suite("http components through the Sluice proxy")
struct HTTPProxyJobTests {
    static let policy = """
        rules:
          - name: no-secrets
            match: { paths: ["/secret*"] }
            action: deny
          - name: canned-items
            match: { paths: ["/canned"], jobs: [http-proxy-mock] }
            action: mock
            mock: { status: 200, headers: { Content-Type: application/json }, body: '[{"id":"mocked","n":1},{"id":"mocked","n":2}]' }
        """

    @Test func aDeniedPathFailsTheJobWithTheProxysReason() async throws {
        let api = try await APIServer.start { PagedAPI.respond($0) }
        let proxy = try await TestProxy.start(Self.policy)
        defer { Task { await api.stop(); await proxy.stop() } }
        let harness = try JobHarness()
        let (execution, messages) = try await harness.run("""
            job: http-proxy-deny
            steps:
              - step: call
                tasklet:
                  http: { url: "http://127.0.0.1:\(api.port)/secret/keys", proxy: "\(proxy.url)" }
            """)
        #expect(execution.status == .failed)
        #expect(messages.contains { $0.contains("GET http://127.0.0.1:\(api.port)/secret/keys answered HTTP 403: denied by rule") }, "\(messages)")
        #expect(api.requests.isEmpty)
        #expect(proxy.auditLines().contains { $0.contains(#""action":"deny""#) && $0.contains("no-secrets") && $0.contains("http-proxy-deny") })
    }

    @Test func aMockedPathGivesTheJobTheCannedBody() async throws {
        let api = try await APIServer.start { PagedAPI.respond($0) }
        let proxy = try await TestProxy.start(Self.policy)
        defer { Task { await api.stop(); await proxy.stop() } }
        let harness = try JobHarness()
        let (execution, messages) = try await harness.run("""
            job: http-proxy-mock
            steps:
              - step: fetch
                chunk:
                  reader: { http: { url: "http://127.0.0.1:\(api.port)/canned", proxy: "\(proxy.url)" } }
                  writer: { collect: { bin: "\(harness.bin)" } }
            """)
        #expect(execution.status == .completed, "\(messages)")
        #expect(harness.collected == [Record([("id", "mocked"), ("n", 1)]), Record([("id", "mocked"), ("n", 2)])])
        #expect(api.requests.isEmpty)
        #expect(proxy.auditLines().contains { $0.contains(#""action":"mock""#) && $0.contains("canned-items") })
    }

    @Test func httpsGoesThroughACONNECTTunnelToALocalTLSServer() async throws {
        let harness = try JobHarness()
        let certificate = try TestCertificate.make(subjects: ["IP:127.0.0.1"], in: harness.directory)
        let api = try await APIServer.start(tls: try certificate.serverContext()) { PagedAPI.respond($0) }
        let proxy = try await TestProxy.start("")
        defer { Task { await api.stop(); await proxy.stop() } }
        let (execution, messages) = try await harness.run("""
            job: http-proxy-tls
            steps:
              - step: fetch
                chunk:
                  reader:
                    http: { url: "https://127.0.0.1:\(api.port)/feed", items: data.items, next: links.next, proxy: "\(proxy.url)", ca-file: cert.pem }
                  writer: { collect: { bin: "\(harness.bin)" } }
            """)
        #expect(execution.status == .completed, "\(messages)")
        #expect(harness.collected.count == 6)
        #expect(api.uris == ["/feed", "/feed?cursor=2", "/feed?cursor=3"])
        let tunnels = proxy.auditLines().filter { $0.contains(#""method":"CONNECT""#) }
        #expect(!tunnels.isEmpty)
        #expect(tunnels.allSatisfy { $0.contains("http-proxy-tls") })
    }

    @Test func proxyCredentialsStayOutOfErrors() async throws {
        let harness = try JobHarness()
        let (execution, messages) = try await harness.run("""
            job: http-proxy-creds
            steps:
              - step: call
                tasklet:
                  http: { url: "http://127.0.0.1:9/x", proxy: "http://batch:hunter2-secret@127.0.0.1:1", timeout: 20s }
            """)
        #expect(execution.status == .failed)
        #expect(!messages.isEmpty)
        #expect(messages.allSatisfy { !$0.contains("hunter2-secret") }, "\(messages)")
        #expect(messages.contains { $0.contains("http://batch:******@127.0.0.1:1") }, "\(messages)")
    }
}
