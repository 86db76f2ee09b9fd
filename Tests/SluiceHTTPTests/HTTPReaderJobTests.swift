import Foundation
import NIOPosix
import Sluice
import SluiceDNS
import SluiceHTTP
import Synchronization
import Testing

/// The `http` reader in job files against a real local API, with names resolved only through
/// Sluice DNS (per-job mocks, or a running Sluice DNS server).
@Suite("http reader in job files")
struct HTTPReaderJobTests {
    @Test func pagesByParameterThroughPerJobDNSMocks() async throws {
        let api = try await APIServer.start { PagedAPI.respond($0) }
        defer { Task { await api.stop() } }
        let harness = try JobHarness()
        let (execution, messages) = try await harness.run("""
            job: http-mocks
            steps:
              - step: fetch
                chunk:
                  size: 2
                  reader:
                    http:
                      url: "http://api.example.test:\(api.port)/items?limit=2"
                      page: { param: page }
                      headers: { Authorization: "Bearer t0ken" }
                      dns: { mocks: { api.example.test: 127.0.0.1 } }
                  writer: { collect: { bin: "\(harness.bin)" } }
            """)
        #expect(execution.status == .completed, "\(messages)")
        let records = harness.collected
        #expect(records.map { $0["id"] } == (1...6).map { .int($0) })
        #expect(records.first?.names == ["id", "name", "tags"])
        #expect(records.first?["tags"] == .string(#"["a","b"]"#))
        #expect(api.uris == ["/items?limit=2&page=1", "/items?limit=2&page=2", "/items?limit=2&page=3", "/items?limit=2&page=4"])
        #expect(api.requests.allSatisfy { $0.host == "api.example.test:\(api.port)" && $0.headers["authorization"] == "Bearer t0ken" })
    }

    @Test func followsNextLinksResolvingThroughASluiceDNSServer() async throws {
        let api = try await APIServer.start { PagedAPI.respond($0) }
        defer { Task { await api.stop() } }
        var configuration = DNSConfiguration()
        configuration.listen = DNSEndpoint(host: "127.0.0.1", port: 0)
        configuration.mock.rules = [DNSMockRule(name: "*.example.test", addresses: ["127.0.0.1"])]
        let resolver = try await DNSResolver.make(configuration: configuration, group: MultiThreadedEventLoopGroup.singleton, tracer: nil)
        let server = DNSServer(resolver: resolver, group: MultiThreadedEventLoopGroup.singleton)
        let endpoint = try await server.start()
        defer { Task { await server.stop() } }

        let harness = try JobHarness()
        let (execution, messages) = try await harness.run("""
            job: http-dns-server
            steps:
              - step: fetch
                chunk:
                  size: 4
                  reader:
                    http:
                      url: "http://feed.example.test:\(api.port)/feed"
                      items: data.items
                      next: links.next
                      dns: "\(endpoint)"
                  writer: { collect: { bin: "\(harness.bin)" } }
            """)
        #expect(execution.status == .completed, "\(messages)")
        #expect(harness.collected.count == 6)
        #expect(api.uris == ["/feed", "/feed?cursor=2", "/feed?cursor=3"])
        #expect(api.requests.allSatisfy { $0.host == "feed.example.test:\(api.port)" })
    }

    @Test func aNameTheDNSServerCannotResolveFailsNamingIt() async throws {
        var configuration = DNSConfiguration()
        configuration.listen = DNSEndpoint(host: "127.0.0.1", port: 0)
        let resolver = try await DNSResolver.make(configuration: configuration, group: MultiThreadedEventLoopGroup.singleton, tracer: nil)
        let server = DNSServer(resolver: resolver, group: MultiThreadedEventLoopGroup.singleton)
        let endpoint = try await server.start()
        defer { Task { await server.stop() } }
        let harness = try JobHarness()
        let (execution, messages) = try await harness.run("""
            job: http-unresolved
            steps:
              - step: fetch
                chunk:
                  reader: { http: { url: "http://nowhere.example.test/items", dns: "\(endpoint)" } }
                  writer: { collect: { bin: "\(harness.bin)" } }
            """)
        #expect(execution.status == .failed)
        #expect(messages.contains { $0.contains("'nowhere.example.test' has no address in the dns server \(endpoint)") }, "\(messages)")
    }

    @Test func restartResumesAtThePageAfterTheLastCommittedOne() async throws {
        let failing = LockedValue<Set<Int>>([3])
        let api = try await APIServer.start { PagedAPI.respond($0, failing: failing) }
        defer { Task { await api.stop() } }
        let harness = try JobHarness()
        let job = """
            job: http-restart
            steps:
              - step: fetch
                chunk:
                  size: 2
                  reader:
                    http:
                      url: "http://api.example.test:\(api.port)/items"
                      page: { param: page }
                      dns: { mocks: { api.example.test: 127.0.0.1 } }
                  writer: { collect: { bin: "\(harness.bin)" } }
            """
        let (first, messages) = try await harness.run(job)
        #expect(first.status == .failed)
        #expect(messages.contains { $0.contains("GET http://api.example.test:\(api.port)/items?page=… answered HTTP 500: page 3 is on fire") }, "\(messages)")
        #expect(harness.collected.count == 4)
        let (second, more) = try await harness.run(job)
        #expect(second.status == .completed, "\(more)")
        #expect(harness.collected.map { $0["id"] } == (1...6).map { .int($0) })
        #expect(api.uris == ["/items?page=1", "/items?page=2", "/items?page=3", "/items?page=3", "/items?page=4"])
    }
}
