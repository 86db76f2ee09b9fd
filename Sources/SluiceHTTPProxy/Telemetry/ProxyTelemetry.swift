import Metrics
import Tracing

/// The proxy's metrics (through swift-metrics) and spans (through swift-distributed-tracing),
/// exported by whatever backends the process bootstrapped.
enum ProxyTelemetry {
    /// Counts a decided request by action and rule.
    static func request(action: String, rule: String) {
        Counter(label: "sluice_proxy_requests_total", dimensions: [("decision", action), ("rule", rule)]).increment()
    }

    /// Counts body bytes by direction (`up` to the server, `down` to the client).
    static func bytes(_ count: Int, direction: String) {
        guard count > 0 else { return }
        Counter(label: "sluice_proxy_bytes_total", dimensions: [("direction", direction)]).increment(by: count)
    }

    /// Records the time from sending a request upstream to its response head.
    static func upstreamLatency(nanoseconds: Int64) {
        Timer(label: "sluice_proxy_upstream_latency_seconds", preferredDisplayUnit: .milliseconds).recordNanoseconds(nanoseconds)
    }

    /// Counts DLP and content findings by type.
    static func findings(_ findings: [String: Int]) {
        for (type, count) in findings {
            Counter(label: "sluice_proxy_dlp_findings_total", dimensions: [("type", type)]).increment(by: count)
        }
    }

    /// Adjusts the number of open CONNECT tunnels.
    static func tunnels(_ delta: Int) {
        let meter = Meter(label: "sluice_proxy_active_tunnels")
        if delta >= 0 { meter.increment(by: Double(delta)) } else { meter.decrement(by: Double(-delta)) }
    }

    /// Starts the span of one request.
    static func startSpan(_ request: ProxyRequest) -> any Span {
        let span = InstrumentationSystem.tracer.startAnySpan("proxy \(request.method)", ofKind: .server)
        span.attributes["http.request.method"] = request.method
        span.attributes["url.full"] = AuditEvent.redact(request.url)
        span.attributes["server.address"] = request.host
        span.attributes["server.port"] = request.port
        if let user = request.user { span.attributes["sluice.proxy.user"] = user }
        if let job = request.job { span.attributes["sluice.proxy.job"] = job }
        return span
    }

    /// Ends a span with the decision as attributes.
    static func end(_ span: any Span, decision: PolicyDecision, status: Int?) {
        span.attributes["sluice.proxy.decision"] = decision.action
        span.attributes["sluice.proxy.rule"] = decision.rule
        if let status { span.attributes["http.response.status_code"] = status }
        span.end()
    }
}
