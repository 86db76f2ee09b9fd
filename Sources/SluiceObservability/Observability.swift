import Logging
import Metrics
import NIOPosix
import OTel
import Prometheus
import ServiceLifecycle
import Tracing

/// Turns on what ``ObservabilitySettings`` asks for, process-wide: swift-metrics exported by a
/// Prometheus endpoint, and swift-distributed-tracing spans exported over OTLP/HTTP. Call
/// ``start(_:logger:)`` once, before the components that look up the metrics factory and tracer
/// are created, and ``stop()`` at the end (it flushes pending spans).
public final class Observability: Sendable {
    /// The Prometheus endpoint, when enabled.
    public let prometheus: PrometheusEndpoint?
    private let exporter: TraceExporter?

    private init(prometheus: PrometheusEndpoint?, exporter: TraceExporter?) {
        self.prometheus = prometheus
        self.exporter = exporter
    }

    /// Bootstraps the backends `settings` enable (none: nothing changes) and starts their
    /// endpoint and exporter. The bootstraps are process-wide and may happen only once.
    public static func start(_ settings: ObservabilitySettings, logger: Logger) async throws -> Observability {
        var endpoint: PrometheusEndpoint?
        if let prometheus = settings.prometheus {
            let registry = PrometheusCollectorRegistry()
            MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
            endpoint = try await PrometheusEndpoint.start(prometheus, registry: registry)
            logger.info("prometheus endpoint listening", metadata: ["address": "\(prometheus.listen)", "port": "\(endpoint?.port ?? 0)"])
        }
        var exporter: TraceExporter?
        if let otlp = settings.otlp {
            let made = try TraceExporter.make(otlp, logger: logger)
            InstrumentationSystem.bootstrap(made.tracer)
            exporter = made
            logger.info("otlp trace export on", metadata: ["endpoint": "\(otlp.endpoint)", "sampling": "\(otlp.samplingRatio)"])
        }
        return Observability(prometheus: endpoint, exporter: exporter)
    }

    /// Stops the endpoint and the exporter.
    public func stop() async {
        await prometheus?.stop()
        await exporter?.stop()
    }
}
