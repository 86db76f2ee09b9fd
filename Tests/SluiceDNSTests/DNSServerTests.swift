import Foundation
import Metrics
import MetricsTestKit
import NIOCore
import NIOPosix
import Testing
@testable import SluiceDNS

/// The server and resolver against a real upstream (dnsmasq, see scripts/services/dnsmasq.sh).
@Suite("DNS server with dnsmasq upstream", .enabled(if: DNSTestServices.dnsmasqAvailable))
struct DNSServerTests {
    static func withServer(_ configure: (inout DNSConfiguration) throws -> Void = { _ in }, _ body: (RunningDNSServer) async throws -> Void) async throws {
        let upstream = try DNSTestServices.dnsmasq()
        let server = try await RunningDNSServer.start { configuration in
            configuration.upstreams = [upstream]
            try configure(&configuration)
        }
        do {
            try await body(server)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    @Test("every listed type is forwarded over UDP and TCP, then answered from the cache")
    func forwardsEveryType() async throws {
        try await Self.withServer { server in
            let cases: [(String, DNSRecordType, DNSRecordData)] = [
                ("www.sluice.test", .a, .a([192, 0, 2, 10])),
                ("www.sluice.test", .aaaa, .aaaa(DNSAddressText.bytes("2001:db8::10")!)),
                ("sluice.test", .mx, .mx(preference: 10, exchange: try DNSName("mail.sluice.test"))),
                ("txt.sluice.test", .txt, .txt([Array("hello world".utf8)])),
                ("_http._tcp.sluice.test", .srv, .srv(priority: 0, weight: 5, port: 80, target: try DNSName("www.sluice.test"))),
                ("10.2.0.192.in-addr.arpa", .ptr, .ptr(try DNSName("www.sluice.test"))),
                ("alias.sluice.test", .cname, .cname(try DNSName("www.sluice.test"))),
            ]
            for (name, type, data) in cases {
                for tcp in [false, true] {
                    let response = try await server.ask(name, type, tcp: tcp)
                    #expect(response.header.responseCode == .noError, "\(name) \(type)")
                    #expect(response.header.isResponse && response.header.recursionAvailable)
                    #expect(response.answers.map(\.data).contains(data), "\(name) \(type) over \(tcp ? "TCP" : "UDP")")
                }
                let again = try await server.resolver.resolve(name, type: type)
                #expect(again.decision == .cached, "\(name) \(type)")
            }
        }
    }

    @Test("a CNAME answer from upstream carries the target's address")
    func cnameChain() async throws {
        try await Self.withServer { server in
            let answer = try await server.resolver.resolve("alias.sluice.test", type: .a)
            #expect(answer.decision == .forwarded)
            #expect(answer.answers.map(\.data) == [.cname(try DNSName("www.sluice.test")), .a([192, 0, 2, 10])])
        }
    }

    @Test("NXDOMAIN from upstream is passed on")
    func nxdomain() async throws {
        try await Self.withServer { server in
            let response = try await server.ask("missing.sluice.test", .a)
            #expect(response.header.responseCode == .nameError)
        }
    }

    @Test("a truncated upstream answer is fetched again over TCP; UDP clients get TC, TCP clients all")
    func truncationFallback() async throws {
        try await Self.withServer { server in
            let answer = try await server.resolver.resolve("big.sluice.test", type: .txt)
            #expect(answer.decision == .forwarded)
            guard case .txt(let strings) = answer.answers.first?.data else {
                Issue.record("no TXT answer: \(answer)")
                return
            }
            #expect(strings.count == 8 && strings.allSatisfy { $0.count == 200 })
            let udp = try await server.ask("big.sluice.test", .txt, edns: false)
            #expect(udp.header.isTruncated && udp.answers.isEmpty)
            let tcp = try await server.ask("big.sluice.test", .txt, tcp: true)
            #expect(!tcp.header.isTruncated && tcp.answers.count == 1)
        }
    }

    @Test("failover: a dead first upstream is skipped")
    func failover() async throws {
        let dead = try await SilentUpstream.closedPort()
        try await Self.withServer({ configuration in
            configuration.upstreams.insert(dead, at: 0)
            configuration.timeout = .seconds(1)
        }) { server in
            let answer = try await server.resolver.resolve("api.sluice.test", type: .a)
            #expect(answer.decision == .forwarded)
            #expect(answer.addresses == ["192.0.2.20"])
        }
    }

    @Test("blocked names answer per the configured response; allow beats block")
    func blocking() async throws {
        for mode in DNSBlockResponse.allCases {
            try await Self.withServer({ configuration in
                configuration.filter.block = ["blocked.sluice.test", "*.sluice.test"]
                configuration.filter.allow = ["www.sluice.test"]
                configuration.filter.response = mode
            }) { server in
                let response = try await server.ask("blocked.sluice.test", .a)
                switch mode {
                case .nxdomain: #expect(response.header.responseCode == .nameError)
                case .refused: #expect(response.header.responseCode == .refused)
                case .nullAddress:
                    #expect(response.answers.map(\.data) == [.a([0, 0, 0, 0])])
                    let v6 = try await server.ask("api.sluice.test", .aaaa)
                    #expect(v6.answers.map(\.data) == [.aaaa([UInt8](repeating: 0, count: 16))])
                }
                let allowed = try await server.ask("www.sluice.test", .a)
                #expect(allowed.answers.map(\.data) == [.a([192, 0, 2, 10])])
            }
        }
    }

    @Test("mock rules answer without the upstream, with their TTL; aliases resolve through the upstream")
    func mocks() async throws {
        try await Self.withServer({ configuration in
            configuration.mock = DNSMockSettings(ttl: 7, rules: [
                DNSMockRule(name: "api.example.com", addresses: ["127.0.0.1", "::1"]),
                DNSMockRule(name: "*.svc.example", cname: "www.sluice.test", ttl: 3),
            ])
        }) { server in
            let response = try await server.ask("API.example.com", .a)
            #expect(response.answers.map(\.data) == [.a([127, 0, 0, 1])])
            #expect(response.answers.map(\.ttl) == [7])
            let alias = try await server.resolver.resolve("db.svc.example", type: .a)
            #expect(alias.decision == .mocked)
            #expect(alias.answers.map(\.data) == [.cname(try DNSName("www.sluice.test")), .a([192, 0, 2, 10])])
            #expect(alias.answers[0].ttl == 3)
            let job = try await server.resolver.addresses(of: "api.example.com", mocks: [DNSMockRule(name: "api.example.com", addresses: ["10.1.1.1"])])
            #expect(job == ["10.1.1.1"])
            #expect(try await server.resolver.addresses(of: "api.example.com") == ["127.0.0.1", "::1"])
        }
    }

    @Test("reloading picks up a changed block-list file")
    func reload() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-dns-\(UUID().uuidString).hosts").path
        try "0.0.0.0 api.sluice.test\n".write(toFile: path, atomically: true, encoding: .utf8)
        try await Self.withServer({ $0.filter.blockFiles = [path] }) { server in
            #expect(try await server.resolver.resolve("api.sluice.test", type: .a).decision == .blocked)
            #expect(try await server.resolver.resolve("www.sluice.test", type: .a).decision == .forwarded)
            try "0.0.0.0 www.sluice.test\n".write(toFile: path, atomically: true, encoding: .utf8)
            try await server.resolver.reloadLists()
            #expect(try await server.resolver.resolve("www.sluice.test", type: .a).decision == .blocked)
            #expect(try await server.resolver.resolve("api.sluice.test", type: .a).decision == .forwarded)
            try "not a valid line at all\n".write(toFile: path, atomically: true, encoding: .utf8)
            await #expect(throws: DNSConfigurationError.self) { try await server.resolver.reloadLists() }
            #expect(try await server.resolver.resolve("www.sluice.test", type: .a).decision == .blocked, "the old lists stay")
        }
    }

    @Test("the query log has one JSON line per query with its decision")
    func queryLog() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-dns-\(UUID().uuidString).jsonl").path
        try await Self.withServer({ configuration in
            configuration.queryLog = DNSQueryLogSettings(enabled: true, path: path)
            configuration.filter.block = ["blocked.sluice.test"]
            configuration.mock.rules = [DNSMockRule(name: "mock.test", addresses: ["127.0.0.9"])]
        }) { server in
            _ = try await server.ask("www.sluice.test", .a)
            _ = try await server.ask("www.sluice.test", .a)
            _ = try await server.ask("blocked.sluice.test", .a)
            _ = try await server.ask("mock.test", .a, tcp: true)
            await server.resolver.queryLog?.drain()
        }
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        let entries = try lines.map { try JSONDecoder().decode(DNSQueryLog.Entry.self, from: Data($0.utf8)) }
        #expect(entries.map(\.decision) == ["forwarded", "cached", "blocked", "mocked"])
        #expect(entries.map(\.name) == ["www.sluice.test.", "www.sluice.test.", "blocked.sluice.test.", "mock.test."])
        #expect(entries.allSatisfy { $0.client.hasPrefix("127.0.0.1:") && $0.type == "A" && $0.latencyMs >= 0 })
        #expect(entries[2].rcode == "NXDOMAIN")
    }

    @Test("metrics count queries by type and decision, cache hits and misses, and time the upstream")
    func metrics() async throws {
        let factory = TestMetrics()
        let upstream = try DNSTestServices.dnsmasq()
        var configuration = DNSConfiguration()
        configuration.upstreams = [upstream]
        configuration.listen = DNSEndpoint(host: "127.0.0.1", port: 0)
        let resolver = try await DNSResolver.make(configuration: configuration, group: DNSTestServices.group, metrics: DNSMetrics(factory: factory))
        let server = DNSServer(resolver: resolver, group: DNSTestServices.group)
        let running = RunningDNSServer(server: server, endpoint: try await server.start())
        defer { Task { await running.stop() } }
        _ = try await running.ask("www.sluice.test", .a)
        _ = try await running.ask("www.sluice.test", .a)
        _ = try await running.ask("sluice.test", .mx)
        #expect(try factory.expectCounter(DNSMetricNames.queries, [("type", "A"), ("decision", "forwarded")]).totalValue == 1)
        #expect(try factory.expectCounter(DNSMetricNames.queries, [("type", "A"), ("decision", "cached")]).totalValue == 1)
        #expect(try factory.expectCounter(DNSMetricNames.queries, [("type", "MX"), ("decision", "forwarded")]).totalValue == 1)
        #expect(try factory.expectTimer(DNSMetricNames.upstreamDuration, [("upstream", upstream.description)]).values.count == 2)
        #expect(try factory.expectCounter(DNSMetricNames.cacheHits).totalValue == 1)
        #expect(try factory.expectCounter(DNSMetricNames.cacheMisses).totalValue == 2)
    }
}
