import Metrics
import Synchronization
import Tracing

/// The metric names the proxy records through swift-metrics.
///
/// | name | type | dimensions |
/// |---|---|---|
/// | `sluice_proxy_requests_total` | counter | decision, rule |
/// | `sluice_proxy_bytes_total` | counter | direction (`up`, `down`) |
/// | `sluice_proxy_upstream_latency_seconds` | timer | |
/// | `sluice_proxy_dlp_findings_total` | counter | type |
/// | `sluice_proxy_active_tunnels` | meter | |
public enum ProxyMetricNames {
    public static let requests = "sluice_proxy_requests_total"
    public static let bytes = "sluice_proxy_bytes_total"
    public static let upstreamLatency = "sluice_proxy_upstream_latency_seconds"
    public static let findings = "sluice_proxy_dlp_findings_total"
    public static let activeTunnels = "sluice_proxy_active_tunnels"
}

/// The proxy's metrics (through a swift-metrics factory) and spans (through a tracer), given to
/// the runtime so tests and embedders need not bootstrap the process-wide systems.
public final class ProxyTelemetry: Sendable {
    private let factory: any MetricsFactory
    private let tracer: (any Tracer)?
    private let requestCounters = Mutex<[RequestKey: Counter]>([:])
    private let bytesUp: Counter
    private let bytesDown: Counter
    private let latency: Timer
    private let tunnels: Meter

    private struct RequestKey: Hashable {
        var action: String
        var rule: String
    }

    /// Telemetry through `factory` and `tracer` (by default the bootstrapped ones, read now: bootstrap
    /// `MetricsSystem`/`InstrumentationSystem` before making it; no spans when no tracer is bootstrapped).
    public init(factory: any MetricsFactory = MetricsSystem.factory, tracer: (any Tracer)? = ProxyTelemetry.bootstrappedTracer) {
        self.factory = factory
        self.tracer = tracer
        bytesUp = Counter(label: ProxyMetricNames.bytes, dimensions: [("direction", "up")], factory: factory)
        bytesDown = Counter(label: ProxyMetricNames.bytes, dimensions: [("direction", "down")], factory: factory)
        latency = Timer(label: ProxyMetricNames.upstreamLatency, dimensions: [], factory: factory)
        tunnels = Meter(label: ProxyMetricNames.activeTunnels, dimensions: [], factory: factory)
    }

    /// The tracer bootstrapped on `InstrumentationSystem`, nil when none is.
    public static var bootstrappedTracer: (any Tracer)? {
        let tracer = InstrumentationSystem.tracer
        return tracer is NoOpTracer ? nil : tracer
    }

    /// Counts a decided request by action and rule.
    func request(action: String, rule: String) {
        let key = RequestKey(action: action, rule: rule)
        let counter = requestCounters.withLock { counters in
            if let counter = counters[key] { return counter }
            let counter = Counter(label: ProxyMetricNames.requests, dimensions: [("decision", action), ("rule", rule)], factory: factory)
            counters[key] = counter
            return counter
        }
        counter.increment()
    }

    /// Counts body bytes by direction (`up` to the server, `down` to the client).
    func bytes(_ count: Int, direction: String) {
        guard count > 0 else { return }
        (direction == "up" ? bytesUp : bytesDown).increment(by: count)
    }

    /// Records the time from sending a request upstream to its response head.
    func upstreamLatency(nanoseconds: Int64) {
        latency.recordNanoseconds(nanoseconds)
    }

    /// Counts DLP and content findings by type.
    func findings(_ findings: [String: Int]) {
        for (type, count) in findings {
            Counter(label: ProxyMetricNames.findings, dimensions: [("type", type)], factory: factory).increment(by: count)
        }
    }

    /// Adjusts the number of open CONNECT tunnels (opaque or inspected).
    func tunnels(_ delta: Int) {
        if delta >= 0 { tunnels.increment(by: Double(delta)) } else { tunnels.decrement(by: Double(-delta)) }
    }

    /// Starts the span of one request; nil without a tracer.
    func startSpan(_ request: ProxyRequest) -> (any Span)? {
        guard let tracer else { return nil }
        let span = tracer.startSpan("proxy \(request.method)", context: .topLevel, ofKind: .server)
        span.attributes["http.request.method"] = request.method
        span.attributes["url.full"] = AuditEvent.redact(request.url)
        span.attributes["url.scheme"] = request.scheme
        span.attributes["server.address"] = request.host
        span.attributes["server.port"] = request.port
        if let user = request.user { span.attributes["sluice.proxy.user"] = user }
        if let job = request.job { span.attributes["sluice.proxy.job"] = job }
        return span
    }

    /// Ends a span with the decision as attributes.
    func end(_ span: (any Span)?, decision: PolicyDecision, action: String, status: Int?) {
        guard let span else { return }
        span.attributes["sluice.proxy.decision"] = action
        span.attributes["sluice.proxy.rule"] = decision.rule
        if let status { span.attributes["http.response.status_code"] = status }
        span.end()
    }
}
