import Foundation
import NIOCore
import InMemoryTracing
import Testing
import Tracing
@testable import SluiceDNS

/// Upstream failures, spoofing and bad queries, with upstreams the tests control (no dnsmasq).
@Suite("DNS resilience")
struct DNSResilienceTests {
    @Test("a silent upstream gives SERVFAIL after the timeout and retries")
    func timeout() async throws {
        let (endpoint, channel) = try await SilentUpstream.silent()
        defer { channel.close(promise: nil) }
        let server = try await RunningDNSServer.start { configuration in
            configuration.upstreams = [endpoint]
            configuration.timeout = DNSDuration(milliseconds: 200)
            configuration.retries = 1
        }
        defer { Task { await server.stop() } }
        let response = try await server.ask("www.example.test", .a)
        #expect(response.header.responseCode == .serverFailure)
        let answer = try await server.resolver.resolve("www.example.test", type: .a)
        #expect(answer.decision == .failed)
    }

    @Test("serve-stale answers from an expired entry when upstreams fail")
    func serveStale() async throws {
        let (endpoint, channel) = try await SilentUpstream.silent()
        defer { channel.close(promise: nil) }
        var configuration = DNSConfiguration()
        configuration.upstreams = [endpoint]
        configuration.timeout = DNSDuration(milliseconds: 200)
        configuration.retries = 0
        configuration.cache.serveStale.enabled = true
        let clock = FakeClock()
        let resolver = try DNSResolver(configuration: configuration, filter: DNSFilter(), group: DNSTestServices.group, now: clock.now)
        let question = DNSQuestion(name: try DNSName("old.example.test"), type: .a)
        var cached = DNSMessage(header: DNSHeader(id: 1, isResponse: true), questions: [question])
        cached.answers = [DNSResourceRecord(name: question.name, ttl: 60, data: .a([192, 0, 2, 99]))]
        resolver.cache?.store(cached, for: question)
        #expect(try await resolver.resolve("old.example.test", type: .a).decision == .cached)
        clock.advance(seconds: 120)
        let stale = try await resolver.resolve("old.example.test", type: .a)
        #expect(stale.decision == .stale)
        #expect(stale.addresses == ["192.0.2.99"])
        #expect(stale.answers[0].ttl == 30)
    }

    @Test("forged answers (wrong source port, wrong id, wrong question) are ignored")
    func spoofing() async throws {
        let (endpoint, channels) = try await SilentUpstream.spoofing(address: [192, 0, 2, 1], forged: [6, 6, 6, 6])
        defer { for channel in channels { channel.close(promise: nil) } }
        var configuration = DNSConfiguration()
        configuration.upstreams = [endpoint]
        configuration.timeout = .seconds(10)
        let resolver = try DNSResolver(configuration: configuration, filter: DNSFilter(), group: DNSTestServices.group)
        for name in ["a.example.test", "b.example.test", "c.example.test"] {
            let answer = try await resolver.resolve(name, type: .a)
            #expect(answer.addresses == ["192.0.2.1"], "\(name)")
        }
    }

    @Test("query ids are random")
    func randomIDs() {
        // The forwarder draws ids from the system generator; 64 draws are not all equal.
        var ids = Set<UInt16>()
        for _ in 0..<64 { ids.insert(UInt16.random(in: 0...UInt16.max)) }
        #expect(ids.count > 32)
    }

    @Test("without upstreams, names not filtered or mocked are REFUSED")
    func noUpstreams() async throws {
        let server = try await RunningDNSServer.start()
        defer { Task { await server.stop() } }
        #expect(try await server.ask("www.example.test", .a).header.responseCode == .refused)
    }

    @Test("bad queries get FORMERR or NOTIMP; responses and headerless packets get nothing")
    func badQueries() async throws {
        let server = try await RunningDNSServer.start { $0.mock.rules = [DNSMockRule(name: "ok.test", addresses: ["127.0.0.1"])] }
        defer { Task { await server.stop() } }
        // Two questions.
        let two = DNSMessage(header: DNSHeader(id: 9, recursionDesired: true), questions: [
            DNSQuestion(name: try DNSName("a.test"), type: .a), DNSQuestion(name: try DNSName("b.test"), type: .a),
        ])
        let formerr = try DNSMessage(wire: try await DNSTestClient.udp(two.wire(), port: server.port))
        #expect(formerr.header.responseCode == .formatError && formerr.header.id == 9)
        // A pointer loop: the header is readable, so FORMERR.
        let loop: [UInt8] = [0, 10, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xC0, 12, 0, 1, 0, 1]
        let looped = try DNSMessage(wire: try await DNSTestClient.udp(loop, port: server.port))
        #expect(looped.header.responseCode == .formatError && looped.header.id == 10)
        // Opcode 2 (STATUS).
        var status = DNSMessage.query(id: 11, question: DNSQuestion(name: try DNSName("ok.test"), type: .a))
        status.header.opcode = 2
        let notimp = try DNSMessage(wire: try await DNSTestClient.udp(status.wire(), port: server.port))
        #expect(notimp.header.responseCode == .notImplemented)
        // The same over TCP.
        let tcp = try DNSMessage(wire: try await DNSTestClient.tcp(two.wire(), port: server.port))
        #expect(tcp.header.responseCode == .formatError)
        // Still answering.
        #expect(try await server.ask("ok.test", .a).answers.count == 1)
    }

    @Test("each query has a span with the decision as an attribute")
    func spans() async throws {
        let tracer = InMemoryTracerBox.tracer
        var configuration = DNSConfiguration()
        configuration.listen = DNSEndpoint(host: "127.0.0.1", port: 0)
        configuration.mock.rules = [DNSMockRule(name: "traced.test", addresses: ["127.0.0.1"])]
        let resolver = try DNSResolver(configuration: configuration, filter: DNSFilter(), group: DNSTestServices.group, tracer: tracer)
        let server = DNSServer(resolver: resolver, group: DNSTestServices.group)
        let running = RunningDNSServer(server: server, endpoint: try await server.start())
        defer { Task { await running.stop() } }
        _ = try await running.ask("traced.test", .a)
        let spans = tracer.finishedSpans.filter { $0.attributes["dns.question.name"]?.toSpanAttribute() == .string("traced.test.") }
        #expect(spans.count == 1)
        #expect(spans.first?.operationName == "dns.query")
        #expect(spans.first?.attributes["dns.decision"]?.toSpanAttribute() == .string("mocked"))
    }
}
