import Logging
import OTel
import ServiceLifecycle
import Tracing

/// An OTLP/HTTP span exporter: the tracer to record spans with and the background service that
/// batches and sends them, running until ``stop()`` (which flushes what is pending).
public final class TraceExporter: Sendable {
    /// The tracer whose spans are exported (bootstrap it, or hand it to components directly).
    public let tracer: any Tracer
    private let group: ServiceGroup
    private let running: Task<Void, any Error>

    private init(tracer: any Tracer, group: ServiceGroup) {
        self.tracer = tracer
        self.group = group
        self.running = Task { try await group.run() }
    }

    /// An exporter for `settings`; `batchDelay` is how long spans wait to be sent in a batch.
    public static func make(_ settings: OTLPSettings, batchDelay: Duration = .seconds(5), logger: Logger) throws -> TraceExporter {
        var configuration = OTel.Configuration.default
        configuration.serviceName = settings.serviceName
        configuration.diagnosticLogLevel = .warning
        configuration.metrics.enabled = false
        configuration.logs.enabled = false
        configuration.traces.enabled = true
        configuration.traces.exporter = .otlp
        configuration.traces.otlpExporter.protocol = .httpProtobuf
        configuration.traces.otlpExporter.endpoint = settings.tracesURL
        configuration.traces.batchSpanProcessor.scheduleDelay = batchDelay
        configuration.traces.sampler = settings.samplingRatio >= 1
            ? .parentBasedAlwaysOn : (.parentBasedTraceIDRatio(ratio: settings.samplingRatio) ?? .parentBasedAlwaysOn)
        let backend = try OTel.makeTracingBackend(configuration: configuration)
        let group = ServiceGroup(services: [backend.service], gracefulShutdownSignals: [], logger: logger)
        return TraceExporter(tracer: backend.factory, group: group)
    }

    /// Sends the spans still pending and stops.
    public func stop() async {
        await group.triggerGracefulShutdown()
        _ = try? await running.value
    }
}

extension OTLPSettings {
    /// The URL spans are posted to: the endpoint with `/v1/traces` added (once).
    var tracesURL: String {
        if endpoint.hasSuffix("/v1/traces") { return endpoint }
        return endpoint.hasSuffix("/") ? endpoint + "v1/traces" : endpoint + "/v1/traces"
    }
}
