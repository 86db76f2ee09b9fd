import Foundation
import NIOCore
import NIOPosix
import Sluice
import SluiceHTTP
import Testing

/// Error paths of the client and the components: each a categorized error naming what failed.
@Suite("http errors")
struct HTTPErrorTests {
    static let mocks = "dns: { mocks: { api.example.test: 127.0.0.1 } }"

    /// A port on 127.0.0.1 with nothing listening (bound, then closed).
    static func closedPort() async throws -> Int {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton).bind(host: "127.0.0.1", port: 0).get()
        let port = channel.localAddress?.port ?? 1
        try await channel.close()
        return port
    }

    func client(_ configure: (inout JobHTTPClient.Configuration) throws -> Void = { _ in }) throws -> JobHTTPClient {
        var configuration = JobHTTPClient.Configuration()
        configuration.resolution = try .mocks([.init(name: "api.example.test", addresses: ["127.0.0.1"])])
        try configure(&configuration)
        return JobHTTPClient(configuration: configuration)
    }

    @Test func connectionRefusedNamesTheHost() async throws {
        let port = try await Self.closedPort()
        let client = try client()
        defer { Task { await client.shutdown() } }
        let error = try await #require(throws: BatchError.self) {
            try await client.send(JobHTTPRequest(url: "http://api.example.test:\(port)/items?token=s3cret"))
        }
        #expect(error.category == .connection)
        #expect(error.message.contains("GET http://api.example.test:\(port)/items?token=…"), "\(error)")
        #expect(error.message.contains("cannot connect to api.example.test:\(port) (api.example.test → 127.0.0.1)"), "\(error)")
        #expect(!error.message.contains("s3cret"))
    }

    @Test func nonSuccessStatusesCarryTheStatusAndCategory() async throws {
        let api = try await APIServer.start { PagedAPI.respond($0) }
        let client = try client()
        defer { Task { await api.stop(); await client.shutdown() } }
        let missing = try await #require(throws: HTTPStatusError.self) {
            try await client.send(JobHTTPRequest(url: "http://api.example.test:\(api.port)/missing"))
        }
        #expect(missing.status == 404 && missing.category == .io)
        #expect(missing.description == "GET http://api.example.test:\(api.port)/missing answered HTTP 404: no such thing")
        let unavailable = try await #require(throws: HTTPStatusError.self) {
            try await client.send(JobHTTPRequest(url: "http://api.example.test:\(api.port)/unavailable"))
        }
        #expect(unavailable.status == 503 && unavailable.category == .transient)
        #expect(HTTPStatusError(status: 429, request: "GET x", body: []).category == .transient)
        let response = try await client.execute(JobHTTPRequest(url: "http://api.example.test:\(api.port)/missing"))
        #expect(response.status == 404 && response.text == "no such thing")
    }

    @Test func aSilentServerTimesOut() async throws {
        let api = try await APIServer.start { PagedAPI.respond($0) }
        let client = try client { $0.timeout = .milliseconds(300) }
        defer { Task { await api.stop(); await client.shutdown() } }
        let error = try await #require(throws: BatchError.self) {
            try await client.send(JobHTTPRequest(url: "http://api.example.test:\(api.port)/slow"))
        }
        #expect(error.category == .timeout, "\(error)")
        #expect(error.message.contains("GET http://api.example.test:\(api.port)/slow: no answer from api.example.test:\(api.port)"), "\(error)")
    }

    @Test func anUnmockedNameWithMocksOnlyFallsBackToTheSystem() async throws {
        let resolution = try HTTPNameResolution.mocks([.init(name: "api.example.test", addresses: ["127.0.0.1"])])
        #expect(try await resolution.address(of: "api.example.test") == "127.0.0.1")
        #expect(try await resolution.address(of: "10.1.2.3") == nil)
        #expect(try await resolution.address(of: "other.invalid") == nil)
        let alias = try HTTPNameResolution.mocks([.init(name: "a.test", cname: "b.test"), .init(name: "b.test", addresses: ["127.0.0.2"])])
        #expect(try await alias.address(of: "a.test") == "127.0.0.2")
    }

    @Test func badJSONNamesThePageAndByteOffset() async throws {
        let api = try await APIServer.start { PagedAPI.respond($0) }
        defer { Task { await api.stop() } }
        let harness = try JobHarness()
        let (execution, messages) = try await harness.run("""
            job: http-bad-json
            steps:
              - step: fetch
                chunk:
                  reader: { http: { url: "http://api.example.test:\(api.port)/broken", \(Self.mocks) } }
                  writer: { collect: { bin: "\(harness.bin)" } }
            """)
        #expect(execution.status == .failed)
        #expect(messages.contains { $0.contains("http reader: page GET http://api.example.test:\(api.port)/broken is not JSON: expected a member name at byte 18") }, "\(messages)")
    }

    @Test func anItemThatIsNotAnObjectIsNamedAndCanBeSkipped() async throws {
        let api = try await APIServer.start { PagedAPI.respond($0) }
        defer { Task { await api.stop() } }
        let harness = try JobHarness()
        let reader = "reader: { http: { url: \"http://api.example.test:\(api.port)/scalars\", \(Self.mocks) } }"
        let (failed, messages) = try await harness.run("""
            job: http-scalar
            steps:
              - step: fetch
                chunk:
                  \(reader)
                  writer: { collect: { bin: "\(harness.bin)" } }
            """)
        #expect(failed.status == .failed)
        #expect(messages.contains { $0.contains("http reader: item 2 of page http://api.example.test:\(api.port)/scalars is a number, not an object") }, "\(messages)")
        let skipping = try JobHarness()
        let (skipped, more) = try await skipping.run("""
            job: http-scalar-skip
            steps:
              - step: fetch
                chunk:
                  \(reader)
                  writer: { collect: { bin: "\(skipping.bin)" } }
                  skip: { on: [parse], limit: 1 }
            """)
        #expect(skipped.status == .completed, "\(more)")
        #expect(skipping.collected == [Record([("id", 1)])])
    }

    @Test func badPropertiesAreReportedAtLoad() async throws {
        let harness = try JobHarness()
        await #expect(throws: (any Error).self) {
            _ = try await harness.run("""
                job: http-bad
                steps:
                  - step: fetch
                    chunk:
                      reader: { http: { url: "http://x.test/", page: { param: p }, next: links.next, dns: "not-an-address" } }
                      writer: { collect: { bin: "x" } }
                """)
        }
        #expect(throws: BatchError.self) { _ = try HTTPProxySetting(parsing: "socks5://u:pw@host:1") }
        do { _ = try HTTPProxySetting(parsing: "ftp://u:pw@host:1") } catch let error as BatchError {
            #expect(!error.message.contains("pw@"), "\(error)")
        }
    }
}
