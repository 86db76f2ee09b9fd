import Foundation
import Testing

/// Hand-crafted requests: smuggling shapes, malformed input, limits, slow clients, pipelining.
@Suite(.serialized)
struct RawRequestTests {
    private func send(_ proxy: ProxyHarness, _ text: String) async throws -> (response: String, closedByServer: Bool) {
        try await rawExchange(port: proxy.port, Array(text.utf8), timeout: 30)
    }

    @Test(arguments: [
        ("Content-Length: 5\r\nTransfer-Encoding: chunked\r\n", "400"),
        ("Content-Length: 5\r\nContent-Length: 7\r\n", "400"),
        ("Transfer-Encoding: chunked, identity\r\n", "40"),
        ("X-Folded: a\r\n  b\r\n", "400"),
        ("X-Bad\u{1}: a\r\n", "400"),
        ("X-Bad: a\u{7F}b\r\n", "400"),
    ])
    func refusesSmugglingAndMalformedHeads(headers: String, status: String) async throws {
        try await withProxy { proxy, upstream in
            let request = "POST http://127.0.0.1:\(upstream.port)/echo HTTP/1.1\r\nHost: 127.0.0.1\r\n\(headers)\r\nhello"
            let (response, closed) = try await send(proxy, request)
            #expect(response.hasPrefix("HTTP/1.1 \(status)"), "\(response)")
            #expect(closed)
            #expect(upstream.bodies.isEmpty)
            check(try proxy.auditEvents().last?.action == "deny")
        }
    }

    @Test func refusesOversizedAndTooManyHeaders() async throws {
        try await withProxy("limits: { maxHeaderBytes: 2048, maxHeaderCount: 10 }") { proxy, upstream in
            let big = "GET http://127.0.0.1:\(upstream.port)/hello HTTP/1.1\r\nX-Big: \(String(repeating: "a", count: 4000))\r\n\r\n"
            check(try await send(proxy, big).response.hasPrefix("HTTP/1.1 431"))
            let many = "GET http://127.0.0.1:\(upstream.port)/hello HTTP/1.1\r\n" + (0..<20).map { "X-\($0): v\r\n" }.joined() + "\r\n"
            check(try await send(proxy, many).response.hasPrefix("HTTP/1.1 431"))
        }
    }

    @Test func refusesOriginFormAndGarbage() async throws {
        try await withProxy { proxy, _ in
            check(try await send(proxy, "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n").response.hasPrefix("HTTP/1.1 400"))
            check(try await send(proxy, "NOT HTTP AT ALL\r\n\r\n").response.hasPrefix("HTTP/1.1 400"))
            check(try proxy.auditEvents().map(\.rule) == ["request.target", "malformed"])
        }
    }

    @Test func closesSlowClients() async throws {
        try await withProxy("limits: { headerTimeoutSeconds: 1 }") { proxy, upstream in
            // Half a request head, then silence: the proxy must close the connection.
            let (response, closed) = try await rawExchange(port: proxy.port, Array("GET http://127.0.0.1:\(upstream.port)/hello HTTP/1.1\r\nX-Slow:".utf8), timeout: 60)
            #expect(closed)
            #expect(response.isEmpty)
            check(try proxy.auditEvents().last?.rule == "limits.headerTimeoutSeconds")
        }
    }

    @Test func answersPipelinedRequestsInOrder() async throws {
        try await withProxy { proxy, upstream in
            let one = "GET http://127.0.0.1:\(upstream.port)/hello HTTP/1.1\r\nHost: a\r\n\r\n"
            let two = "POST http://127.0.0.1:\(upstream.port)/echo HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\n\r\nping"
            let three = "GET http://127.0.0.1:\(upstream.port)/hello HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"
            let (response, closed) = try await send(proxy, one + two + three)
            #expect(closed)
            let bodies = response.components(separatedBy: "\r\n\r\n").dropFirst().map { $0.prefix(while: { $0 != "H" || true }) }
            #expect(response.components(separatedBy: "HTTP/1.1 200").count == 4, "\(response)")
            #expect(response.contains("hello from upstream"))
            #expect(response.contains("ping"))
            #expect(bodies.count == 3)
        }
    }
}
