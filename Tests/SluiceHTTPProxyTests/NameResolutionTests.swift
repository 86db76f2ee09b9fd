import Foundation
import NIOPosix
import SluiceDNS
import SluiceHTTPProxy
import Testing

/// Upstream names resolved through the proxy's `dns:` setting: a real in-process Sluice DNS
/// server, or mocks; the SSRF guard judges the address the name resolved to.
@Suite(.enabled(if: ProxyTools.available), .serialized)
struct NameResolutionTests {
    /// A Sluice DNS server on 127.0.0.1 answering made-up names from its mock rules.
    private func startDNSServer() async throws -> (DNSServer, DNSEndpoint) {
        var configuration = DNSConfiguration()
        configuration.listen = DNSEndpoint(host: "127.0.0.1", port: 0)
        configuration.mock.rules = [
            DNSMockRule(name: "api.example.test", addresses: ["127.0.0.1"]),
            DNSMockRule(name: "metadata.example.test", addresses: ["169.254.169.254"]),
            DNSMockRule(name: "intranet.example.test", addresses: ["10.20.30.40"]),
        ]
        let resolver = try await DNSResolver.make(configuration: configuration, group: MultiThreadedEventLoopGroup.singleton, tracer: nil)
        let server = DNSServer(resolver: resolver, group: MultiThreadedEventLoopGroup.singleton)
        return (server, try await server.start())
    }

    private func get(_ proxy: ProxyHarness, _ url: String, _ extra: [String] = []) async throws -> (status: String, body: String) {
        let result = try await curl(["-x", proxy.url, "-w", "\n%{http_code}", url] + extra)
        let lines = result.output.split(separator: "\n", omittingEmptySubsequences: false)
        return (String(lines.last ?? ""), lines.dropLast().joined(separator: "\n"))
    }

    @Test func resolvesThroughASluiceDNSServer() async throws {
        let (dns, endpoint) = try await startDNSServer()
        defer { Task { await dns.stop() } }
        // Only loopback is allowed: the metadata and private answers stay refused.
        try await withProxy("dns: \"\(endpoint)\"\nssrf: { allow: [127.0.0.0/8] }") { proxy, upstream in
            let hello = try await get(proxy, "http://api.example.test:\(upstream.port)/hello")
            #expect(hello.status == "200")
            #expect(hello.body == "hello from upstream")
            // The upstream sees the name, the connection went to the address the DNS server gave.
            let headers = try await get(proxy, "http://api.example.test:\(upstream.port)/headers")
            #expect(headers.body.contains("host: api.example.test:\(upstream.port)"))
            // CONNECT resolves through it too.
            let tunnel = try await curl(["-p", "-x", proxy.url, "-w", "\n%{http_code}", "http://api.example.test:\(upstream.port)/hello"])
            #expect(tunnel.output == "hello from upstream\n200")

            let metadata = try await get(proxy, "http://metadata.example.test/latest/meta-data/")
            #expect(metadata.status == "403")
            #expect(metadata.body.contains("rule: ssrf.metadata"))
            let intranet = try await get(proxy, "http://intranet.example.test/")
            #expect(intranet.status == "403")
            #expect(intranet.body.contains("rule: ssrf.private"))
            let connect = try await curl(["-p", "-x", proxy.url, "-w", "%{http_connect}", "-o", "/dev/null", "http://metadata.example.test:80/"])
            #expect(connect.output.hasPrefix("403"))

            let unknown = try await get(proxy, "http://nowhere.example.test/")
            #expect(unknown.status == "502")
            #expect(unknown.body.contains("cannot resolve nowhere.example.test"))
            let rules = try proxy.auditEvents().map(\.rule)
            #expect(rules == ["default", "default", "default", "ssrf.metadata", "ssrf.private", "ssrf.metadata", "dns"])
        }
    }

    @Test func resolvesThroughMocksAndLetsOtherNamesUseTheSystem() async throws {
        try await withProxy("""
            dns: { mocks: { api.example.test: 127.0.0.1, "*.cloud.test": 169.254.169.254 } }
            """) { proxy, upstream in
            check(try await get(proxy, "http://api.example.test:\(upstream.port)/hello").body == "hello from upstream")
            // Not a mocked name: the system resolver (localhost is in /etc/hosts).
            check(try await get(proxy, "http://localhost:\(upstream.port)/hello").body == "hello from upstream")
            let metadata = try await get(proxy, "http://instance.cloud.test/latest/meta-data/")
            #expect(metadata.status == "403")
            #expect(metadata.body.contains("rule: ssrf.metadata"))
        }
    }

    @Test func aNameMockedToLoopbackIsRefusedUnlessAllowed() async throws {
        // The mocked name points at loopback: refused by default, allowed once the range is.
        try await withProxy("dns: { mocks: { api.example.test: 127.0.0.1 } }\nssrf: { enabled: true }") { proxy, upstream in
            let refused = try await get(proxy, "http://api.example.test:\(upstream.port)/hello")
            #expect(refused.status == "403")
            #expect(refused.body.contains("rule: ssrf.private"))
            #expect(upstream.acceptedConnections == 0)
        }
    }

    @Test func badDNSSettingsNameTheFileAndKey() throws {
        #expect(throws: ProxyConfigurationError(file: "p.yaml", key: "dns",
                                                problem: "'not a server' is not 'system', ADDRESS:PORT of a DNS server, or a map with server/mocks")) {
            try ProxyConfiguration.parse(yaml: "dns: not a server", file: "p.yaml")
        }
        #expect(throws: ProxyConfigurationError(file: "p.yaml", key: "dns.server", problem: "'dns.example:53' is not ADDRESS:PORT of a DNS server")) {
            try ProxyConfiguration.parse(yaml: "dns: { server: \"dns.example:53\" }", file: "p.yaml")
        }
        #expect(throws: ProxyConfigurationError(file: "p.yaml", key: "dns.mocks.api.example.test", problem: "'1.2.3' is not an IP address")) {
            try ProxyConfiguration.parse(yaml: "dns: { mocks: { api.example.test: [10.0.0.1, \"1.2.3\"] } }", file: "p.yaml")
        }
        let system = try ProxyConfiguration.parse(yaml: "dns: system", file: "p.yaml")
        #expect(system.dns?.server == nil)
        #expect(system.dns?.mocks.isEmpty == true)
        let server = try ProxyConfiguration.parse(yaml: "dns: 127.0.0.1:5353", file: "p.yaml")
        #expect(server.dns?.server == DNSEndpoint(host: "127.0.0.1", port: 5353))
    }
}
