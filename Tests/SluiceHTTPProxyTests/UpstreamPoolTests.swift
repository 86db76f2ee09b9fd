import Foundation
import NIOPosix
import SluiceHTTPProxy
import Testing

/// Idle upstream keep-alive connections shared across client connections. The proxy runs on one
/// event loop here so every client connection uses the same pool (pools are per event loop).
@Suite(.enabled(if: ProxyTools.available), .serialized)
struct UpstreamPoolTests {
    /// Runs a one-thread proxy (with `yaml`) and an upstream around `body`.
    private func withOneLoopProxy(_ yaml: String = "", _ body: (ProxyHarness, TestUpstream) async throws -> Void) async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let upstream = try await TestUpstream.start()
        let proxy = try await ProxyHarness.start(yaml, group: group)
        var failure: (any Error)?
        do { try await body(proxy, upstream) } catch { failure = error }
        await proxy.stop()
        await upstream.stop()
        try? await group.shutdownGracefully()
        if let failure { throw failure }
    }

    /// One curl run: one client connection that asks to be closed after the response.
    private func getClosing(_ proxy: ProxyHarness, _ url: String) async throws -> String {
        try await curl(["-x", proxy.url, "-H", "Connection: close", "-w", " %{http_code}", url]).output
    }

    @Test func sequentialClientConnectionsReuseOneUpstreamConnection() async throws {
        try await withOneLoopProxy { proxy, upstream in
            let url = "http://127.0.0.1:\(upstream.port)/hello"
            check(try await getClosing(proxy, url) == "hello from upstream 200")
            check(try await getClosing(proxy, url) == "hello from upstream 200")
            check(try await getClosing(proxy, url) == "hello from upstream 200")
            #expect(upstream.acceptedConnections == 1)
        }
    }

    @Test func poolingOffOpensAConnectionPerClientConnection() async throws {
        try await withOneLoopProxy("limits: { upstreamMaxIdlePerHost: 0 }") { proxy, upstream in
            let url = "http://127.0.0.1:\(upstream.port)/hello"
            check(try await getClosing(proxy, url) == "hello from upstream 200")
            check(try await getClosing(proxy, url) == "hello from upstream 200")
            #expect(upstream.acceptedConnections == 2)
        }
    }

    @Test func differentAddressesDoNotShareConnections() async throws {
        try await withOneLoopProxy("dns: { mocks: { api.example.test: 127.0.0.1 } }") { proxy, upstream in
            check(try await getClosing(proxy, "http://127.0.0.1:\(upstream.port)/hello") == "hello from upstream 200")
            // Same address, other host name: its own key, its own connection.
            check(try await getClosing(proxy, "http://api.example.test:\(upstream.port)/hello") == "hello from upstream 200")
            check(try await getClosing(proxy, "http://api.example.test:\(upstream.port)/hello") == "hello from upstream 200")
            #expect(upstream.acceptedConnections == 2)
        }
    }

    @Test func aConnectionTheUpstreamDroppedWhileIdleIsNotReused() async throws {
        try await withOneLoopProxy { proxy, upstream in
            let url = "http://127.0.0.1:\(upstream.port)/flaky"
            check(try await getClosing(proxy, url) == "flaky answered 200")
            // The pooled connection is closed by the upstream at the next request: the proxy sends
            // it again on a new connection and the client never notices.
            check(try await getClosing(proxy, url) == "flaky answered 200")
            check(try await getClosing(proxy, url) == "flaky answered 200")
            #expect(upstream.acceptedConnections == 3)
            check(try proxy.auditEvents().map(\.status) == [200, 200, 200])
        }
    }

    @Test func aPostNeverTakesAPooledConnection() async throws {
        try await withOneLoopProxy { proxy, upstream in
            let base = "http://127.0.0.1:\(upstream.port)"
            check(try await getClosing(proxy, base + "/hello") == "hello from upstream 200")
            // Not idempotent: it could not be sent again if the pooled connection were dead, so it gets a new one.
            let posted = try await curl(["-x", proxy.url, "-H", "Connection: close", "--data-binary", "payload-1", "-w", " %{http_code}", base + "/echo"])
            #expect(posted.output == "payload-1 200")
            #expect(upstream.acceptedConnections == 2)
            check(try await getClosing(proxy, base + "/hello") == "hello from upstream 200")
            #expect(upstream.acceptedConnections == 2)
            #expect(upstream.bodies == ["payload-1"])
        }
    }

    @Test func idleConnectionsCloseAfterTheIdleTime() async throws {
        try await withOneLoopProxy("limits: { upstreamIdleSeconds: 0.2 }") { proxy, upstream in
            let url = "http://127.0.0.1:\(upstream.port)/hello"
            check(try await getClosing(proxy, url) == "hello from upstream 200")
            try await Task.sleep(for: .seconds(2))
            check(try await getClosing(proxy, url) == "hello from upstream 200")
            #expect(upstream.acceptedConnections == 2)
        }
    }
}
