import Foundation
import Sluice
import SluiceHTTP
import Synchronization
import Testing

/// The `http` writer (a JSON array per chunk, or a request per item) and the `http` tasklet.
@Suite("http writer and tasklet")
struct HTTPWriterTaskletTests {
    static let mocks = "dns: { mocks: { api.example.test: 127.0.0.1 } }"

    @Test func postsEachChunkAsAJSONArray() async throws {
        let api = try await APIServer.start { PagedAPI.respond($0) }
        defer { Task { await api.stop() } }
        let harness = try JobHarness()
        let (execution, messages) = try await harness.run("""
            job: http-write-chunks
            steps:
              - step: copy
                chunk:
                  size: 4
                  reader: { http: { url: "http://api.example.test:\(api.port)/items", page: { param: page }, \(Self.mocks) } }
                  writer: { http: { url: "http://api.example.test:\(api.port)/sink", headers: { X-Api-Key: k }, \(Self.mocks) } }
            """)
        #expect(execution.status == .completed, "\(messages)")
        let posts = api.requests.filter { $0.uri == "/sink" }
        #expect(posts.count == 2)
        #expect(posts.allSatisfy { $0.method == "POST" && $0.headers["content-type"] == "application/json" && $0.headers["x-api-key"] == "k" })
        #expect(posts.first?.body == "[" + (1...4).map(PagedAPI.written).joined(separator: ",") + "]")
        #expect(posts.last?.body == "[" + (5...6).map(PagedAPI.written).joined(separator: ",") + "]")
    }

    @Test func putsOneRequestPerItemAndFailsOnAServerError() async throws {
        let calls = LockedValue(0)
        let api = try await APIServer.start { request in
            if request.uri == "/sink" {
                let n = calls.withLock { $0 += 1; return $0 }
                return n == 3 ? CannedResponse(status: 502, body: "bad gateway") : CannedResponse(status: 204)
            }
            return PagedAPI.respond(request)
        }
        defer { Task { await api.stop() } }
        let harness = try JobHarness()
        let (execution, messages) = try await harness.run("""
            job: http-write-items
            steps:
              - step: copy
                chunk:
                  size: 6
                  reader: { http: { url: "http://api.example.test:\(api.port)/items", page: { param: page }, \(Self.mocks) } }
                  writer: { http: { url: "http://api.example.test:\(api.port)/sink", method: PUT, batch: item, \(Self.mocks) } }
            """)
        #expect(execution.status == .failed)
        #expect(messages.contains { $0.contains("item 3 of the chunk: PUT http://api.example.test:\(api.port)/sink answered HTTP 502: bad gateway") }, "\(messages)")
        let puts = api.requests.filter { $0.uri == "/sink" }
        #expect(puts.count == 3 && puts.allSatisfy { $0.method == "PUT" })
        #expect(puts.first?.body == PagedAPI.written(1))
    }

    @Test func aTransientWriteErrorIsRetriedByPolicy() async throws {
        let calls = LockedValue(0)
        let api = try await APIServer.start { request in
            if request.uri == "/sink" {
                let n = calls.withLock { $0 += 1; return $0 }
                return n == 1 ? CannedResponse(status: 503, body: "busy") : CannedResponse(status: 200)
            }
            return PagedAPI.respond(request)
        }
        defer { Task { await api.stop() } }
        let harness = try JobHarness()
        let (execution, messages) = try await harness.run("""
            job: http-write-retry
            steps:
              - step: copy
                chunk:
                  size: 10
                  reader: { http: { url: "http://api.example.test:\(api.port)/items", page: { param: page }, \(Self.mocks) } }
                  writer: { http: { url: "http://api.example.test:\(api.port)/sink", \(Self.mocks) } }
                  retry: { on: [transient], limit: 2 }
            """)
        #expect(execution.status == .completed, "\(messages)")
        #expect(api.requests.filter { $0.uri == "/sink" }.count == 2)
    }

    @Test func taskletSucceedsOn2xxAndFailsOtherwise() async throws {
        let api = try await APIServer.start { PagedAPI.respond($0) }
        defer { Task { await api.stop() } }
        let harness = try JobHarness()
        let (done, messages) = try await harness.run("""
            job: http-tasklet
            steps:
              - step: call
                tasklet: { http: { url: "http://api.example.test:\(api.port)/sink", method: POST, body: '{"go":true}', \(Self.mocks) } }
            """)
        #expect(done.status == .completed, "\(messages)")
        #expect(api.requests.last?.body == #"{"go":true}"#)
        let (failed, errors) = try await harness.run("""
            job: http-tasklet-404
            steps:
              - step: call
                tasklet: { http: { url: "http://api.example.test:\(api.port)/missing", \(Self.mocks) } }
            """, name: "missing.yaml")
        #expect(failed.status == .failed)
        #expect(errors.contains { $0.contains("GET http://api.example.test:\(api.port)/missing answered HTTP 404: no such thing") }, "\(errors)")
    }

    @Test func httpsWithAMockedNameChecksTheCertificateAgainstTheURLHost() async throws {
        let harness = try JobHarness()
        let certificate = try TestCertificate.make(subjects: ["DNS:api.example.test"], in: harness.directory)
        let api = try await APIServer.start(tls: try certificate.serverContext()) { PagedAPI.respond($0) }
        defer { Task { await api.stop() } }
        let (execution, messages) = try await harness.run("""
            job: http-tls-sni
            steps:
              - step: fetch
                chunk:
                  reader: { http: { url: "https://api.example.test:\(api.port)/items", page: { param: page }, ca-file: cert.pem, \(Self.mocks) } }
                  writer: { collect: { bin: "\(harness.bin)" } }
            """)
        #expect(execution.status == .completed, "\(messages)")
        #expect(harness.collected.count == 6)
        // The same server under another mocked name fails the certificate check.
        let other = try JobHarness()
        try FileManager.default.copyItem(atPath: certificate.certificatePath, toPath: other.file("cert.pem"))
        let (failed, errors) = try await other.run("""
            job: http-tls-wrong-name
            steps:
              - step: fetch
                chunk:
                  reader: { http: { url: "https://wrong.example.test:\(api.port)/items", ca-file: cert.pem, dns: { mocks: { wrong.example.test: 127.0.0.1 } } } }
                  writer: { collect: { bin: "\(other.bin)" } }
            """)
        #expect(failed.status == .failed)
        #expect(errors.contains { $0.contains("TLS with wrong.example.test failed") }, "\(errors)")
    }
}
