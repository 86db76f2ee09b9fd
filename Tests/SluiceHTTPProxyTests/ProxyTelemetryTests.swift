import Foundation
import InMemoryTracing
import MetricsTestKit
import SluiceHTTPProxy
import Testing
import Tracing

/// The proxy's metrics and spans, through an injected `TestMetrics` factory and `InMemoryTracer`
/// (no process-wide bootstrap).
@Suite(.enabled(if: ProxyTools.available), .serialized)
struct ProxyTelemetryTests {
    static let policy = """
        dlp: { action: block }
        rules: [{ name: no-admin, match: { paths: ["/admin"] }, action: deny }]
        """

    @Test func requestsBytesLatencyFindingsAndTunnels() async throws {
        let metrics = TestMetrics()
        let tracer = InMemoryTracer()
        try await withProxy(Self.policy, telemetry: ProxyTelemetry(factory: metrics, tracer: tracer)) { proxy, upstream in
            let base = "http://127.0.0.1:\(upstream.port)"
            check(try await curl(["-x", proxy.url, base + "/hello"]).output == "hello from upstream")
            check(try await curl(["-x", proxy.url, "-w", "%{http_code}", "-o", "/dev/null", base + "/admin"]).output == "403")
            check(try await curl(["-x", proxy.url, "-w", "%{http_code}", "-o", "/dev/null", "--data-binary", "4111111111111111", base + "/echo"]).output == "403")
            check(try await curl(["-p", "-x", proxy.url, base + "/hello"]).output == "hello from upstream")
            try await eventually { (try? metrics.expectMeter(ProxyMetricNames.activeTunnels).lastValue) == 0 }

            #expect(try metrics.expectCounter(ProxyMetricNames.requests, [("decision", "allow"), ("rule", "default")]).totalValue == 2)
            #expect(try metrics.expectCounter(ProxyMetricNames.requests, [("decision", "deny"), ("rule", "no-admin")]).totalValue == 1)
            #expect(try metrics.expectCounter(ProxyMetricNames.requests, [("decision", "deny"), ("rule", "dlp.card")]).totalValue == 1)
            #expect(try metrics.expectCounter(ProxyMetricNames.findings, [("type", "card")]).totalValue == 1)
            // Down: the forwarded body plus the tunnelled response (headers included); up: the POST body and the tunnelled request.
            #expect(try metrics.expectCounter(ProxyMetricNames.bytes, [("direction", "down")]).totalValue > 2 * Int64("hello from upstream".utf8.count))
            #expect(try metrics.expectCounter(ProxyMetricNames.bytes, [("direction", "up")]).totalValue >= 16)
            #expect(try metrics.expectTimer(ProxyMetricNames.upstreamLatency).values.count == 1)
            #expect(try metrics.expectMeter(ProxyMetricNames.activeTunnels).values == [1, 0])

            let spans = tracer.finishedSpans
            #expect(spans.map(\.operationName) == ["proxy GET", "proxy GET", "proxy POST", "proxy CONNECT"])
            let decisions = spans.map { $0.attributes["sluice.proxy.decision"]?.toSpanAttribute() }
            #expect(decisions == [.string("allow"), .string("deny"), .string("deny"), .string("allow")])
            let rules = spans.map { $0.attributes["sluice.proxy.rule"]?.toSpanAttribute() }
            #expect(rules == [.string("default"), .string("no-admin"), .string("dlp.card"), .string("default")])
            #expect(spans.first?.attributes["http.response.status_code"]?.toSpanAttribute() == .int64(200))
            #expect(spans.first?.attributes["url.full"]?.toSpanAttribute() == .string(base + "/hello"))
        }
    }

    @Test func metricsWithoutATracer() async throws {
        let metrics = TestMetrics()
        try await withProxy(telemetry: ProxyTelemetry(factory: metrics, tracer: nil)) { proxy, upstream in
            check(try await curl(["-x", proxy.url, "http://127.0.0.1:\(upstream.port)/hello"]).output == "hello from upstream")
            #expect(try metrics.expectCounter(ProxyMetricNames.requests, [("decision", "allow"), ("rule", "default")]).totalValue == 1)
        }
    }
}

/// Waits (up to 30 s) until `condition` holds; fails the test otherwise.
func eventually(sourceLocation: SourceLocation = #_sourceLocation, _ condition: () throws -> Bool) async throws {
    for _ in 0..<300 {
        if try condition() { return }
        try await Task.sleep(for: .milliseconds(100))
    }
    Issue.record("condition not met within 30 s", sourceLocation: sourceLocation)
}
