import Foundation
import SluiceHTTPProxy
import Testing

/// TLS inspection with a local CA and HTTPS upstreams, driven by curl and python requests; loopback only.
/// `localhost` is inspected, `127.0.0.1` is not (same HTTPS upstream, certificate for both names).
@Suite(.enabled(if: ProxyTools.available), .serialized)
struct TLSInspectionTests {
    let certificates: TestCertificates

    init() throws { certificates = try TestCertificates.make() }

    static let policy = """
        tls:
          ca: { certificate: ca.pem, key: "${file:ca-key.pem}" }
          inspect: [localhost]
          upstreamTrust: upstream-ca.pem
        dlp: { action: block }
        rules:
          - { name: no-admin, match: { schemes: [https], paths: ["/admin/*"] }, action: deny }
          - { name: mock-status, match: { urls: ["https://localhost:*/status"] }, action: mock, mock: { status: 200, body: "mocked {{request.path}}" } }
        """

    /// curl through the proxy trusting `ca`; `-w` puts the status code on the last line.
    private func get(_ proxy: ProxyHarness, _ url: String, ca: String, _ extra: [String] = []) async throws -> (status: String, body: String, error: String) {
        let result = try await curl(["-x", proxy.url, "--cacert", proxy.directory + "/" + ca, "-w", "\n%{http_code}", url] + extra)
        let lines = result.output.split(separator: "\n", omittingEmptySubsequences: false)
        return (String(lines.last ?? ""), lines.dropLast().joined(separator: "\n"), result.error)
    }

    @Test func inspectedRequestsGoThroughThePolicies() async throws {
        try await withTLSProxy(Self.policy, certificates: certificates) { proxy, upstream in
            let base = "https://localhost:\(upstream.port)"
            let hello = try await get(proxy, base + "/hello", ca: "ca.pem")
            #expect(hello.status == "200", "\(hello.error)")
            #expect(hello.body == "hello from upstream")
            check(try await get(proxy, base + "/admin/users", ca: "ca.pem").status == "403")
            let card = try await get(proxy, base + "/echo", ca: "ca.pem", ["--data-binary", "card=4111111111111111"])
            #expect(card.status == "403")
            #expect(upstream.bodies.allSatisfy { !$0.contains("4111111111111111") })
            let mocked = try await get(proxy, base + "/status", ca: "ca.pem")
            #expect(mocked.status == "200")
            #expect(mocked.body == "mocked /status")
            let events = try proxy.auditEvents()
            let inner = events.filter { $0.method != "CONNECT" }
            #expect(inner.map(\.rule) == ["default", "no-admin", "dlp.card", "mock-status"])
            #expect(inner.map(\.action) == ["allow", "deny", "deny", "mock"])
            #expect(inner.first?.url == base + "/hello")
            #expect(events.filter { $0.method == "CONNECT" }.count == 4)
            #expect(!proxy.auditLines().joined().contains("4111111111111111"))
        }
    }

    @Test func inspectedUpstreamsResolveThroughTheDNSSetting() async throws {
        // localhost is inspected; its upstream connection resolves through the mock, and the SSRF
        // guard judges the mocked address (only 127.0.0.0/8 is allowed).
        try await withTLSProxy(Self.policy + "\ndns: { mocks: { localhost: 169.254.169.254 } }", certificates: certificates) { proxy, upstream in
            let refused = try await get(proxy, "https://localhost:\(upstream.port)/hello", ca: "ca.pem")
            #expect(refused.status == "403", "\(refused.error)")
            #expect(refused.body == "cloud metadata address refused (rule: ssrf.metadata)\n")
            #expect(upstream.acceptedConnections == 0)
        }
    }

    @Test func keepAliveInsideAnInspectedTunnel() async throws {
        try await withTLSProxy(Self.policy, certificates: certificates) { proxy, upstream in
            let url = "https://localhost:\(upstream.port)/hello"
            let result = try await curl(["-v", "-x", proxy.url, "--cacert", proxy.directory + "/ca.pem", url, url])
            #expect(result.output == "hello from upstreamhello from upstream", "\(result.error)")
            let events = try proxy.auditEvents()
            #expect(events.filter { $0.method == "CONNECT" }.count == 1)
            #expect(events.filter { $0.method == "GET" }.count == 2)
        }
    }

    @Test func notInspectedHostsStayOpaqueTunnels() async throws {
        try await withTLSProxy(Self.policy, certificates: certificates) { proxy, upstream in
            // The client sees the upstream's own certificate: the proxy's CA is not involved.
            let response = try await get(proxy, "https://127.0.0.1:\(upstream.port)/admin/users", ca: "upstream-ca.pem")
            #expect(response.status == "404", "\(response.error)")  // reached the upstream: no-admin cannot apply inside
            let events = try proxy.auditEvents()
            #expect(events.map(\.method) == ["CONNECT"])
            // And an inspected host shows the proxy's certificate, which the upstream CA does not vouch for.
            let inspected = try await curl(["-x", proxy.url, "--cacert", proxy.directory + "/upstream-ca.pem", "https://localhost:\(upstream.port)/hello"])
            #expect(inspected.status == 60)  // curl: peer certificate cannot be authenticated
        }
    }

    @Test func clientsRefusingTheLeafAreAudited() async throws {
        try await withTLSProxy(Self.policy, certificates: certificates) { proxy, upstream in
            let refused = try await curl(["-x", proxy.url, "https://localhost:\(upstream.port)/hello"])  // system roots only
            #expect(refused.status == 60)
            var rules: [String] = []
            for _ in 0..<100 {
                rules = try proxy.auditEvents().map(\.rule)
                if rules.contains("tls.inspect") { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(rules.contains("tls.inspect"))
        }
    }

    @Test func untrustedUpstreamsAreRefused() async throws {
        // No upstreamTrust: the upstream's private CA is not among the system roots.
        try await withTLSProxy("tls: { ca: { certificate: ca.pem, key: ca-key.pem }, inspect: [localhost] }", certificates: certificates) { proxy, upstream in
            let response = try await get(proxy, "https://localhost:\(upstream.port)/hello", ca: "ca.pem")
            #expect(response.status == "502")
            #expect(response.body.contains("TLS with localhost:\(upstream.port) failed"))
            check(try proxy.auditEvents().last?.rule == "upstream.tls")
        }
    }

    @Test func httpsAbsoluteFormIsForwardedOverTLS() async throws {
        try await withTLSProxy(Self.policy, certificates: certificates) { proxy, upstream in
            func request(_ path: String) async throws -> String {
                let text = "GET https://localhost:\(upstream.port)\(path) HTTP/1.1\r\nHost: localhost:\(upstream.port)\r\nConnection: close\r\n\r\n"
                return try await rawExchange(port: proxy.port, Array(text.utf8)).response
            }
            let hello = try await request("/hello")
            #expect(hello.hasPrefix("HTTP/1.1 200"))
            #expect(hello.hasSuffix("hello from upstream"))
            #expect(try await request("/admin/x").hasPrefix("HTTP/1.1 403"))
            let events = try proxy.auditEvents()
            #expect(events.map(\.rule) == ["default", "no-admin"])
            #expect(events.first?.url == "https://localhost:\(upstream.port)/hello")
        }
    }

    @Test func pythonRequestsVerifyingTheProxyCA() async throws {
        try await withTLSProxy(Self.policy, certificates: certificates) { proxy, upstream in
            let script = """
                import requests, sys
                proxies = {"https": sys.argv[1]}
                base, ca = sys.argv[2], sys.argv[3]
                with requests.Session() as s:
                    r = s.get(base + "/hello", proxies=proxies, verify=ca, timeout=60)
                    print(r.status_code, r.text)
                    r = s.post(base + "/echo", data="pay 4111 1111 1111 1111", proxies=proxies, verify=ca, timeout=60)
                    print(r.status_code)
                    r = s.get(base + "/status", proxies=proxies, verify=ca, timeout=60)
                    print(r.status_code, r.text)
                """
            let result = try await runCommand("/usr/bin/env", ["python3", "-c", script, proxy.url, "https://localhost:\(upstream.port)",
                                                               proxy.directory + "/ca.pem"])
            #expect(result.status == 0, "\(result.error)")
            #expect(result.output == "200 hello from upstream\n403\n200 mocked /status\n")
            #expect(upstream.bodies.allSatisfy { !$0.contains("4111") })
        }
    }
}
