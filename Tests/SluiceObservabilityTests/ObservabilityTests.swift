import Foundation
import Logging
import Metrics
import NIOPosix
import Prometheus
import SluiceDNS
import Testing
import Tracing
@testable import SluiceObservability

/// The Prometheus endpoint scraped over HTTP, and OTLP export to a stand-in collector. Nothing
/// here bootstraps the process-wide systems (other test targets share the process): the
/// factory and tracer are handed to the components directly.
@Suite("Observability")
struct ObservabilityTests {
    static let logger = Logger(label: "test")

    @Test("DNS metrics appear on the Prometheus endpoint in the text format")
    func prometheusScrape() async throws {
        let registry = PrometheusCollectorRegistry()
        let endpoint = try await PrometheusEndpoint.start(PrometheusSettings(listen: "127.0.0.1:0"), registry: registry)
        defer { Task { await endpoint.stop() } }
        var configuration = DNSConfiguration()
        configuration.listen = DNSEndpoint(host: "127.0.0.1", port: 0)
        configuration.filter.block = ["blocked.test"]
        configuration.mock.rules = [DNSMockRule(name: "mocked.test", addresses: ["127.0.0.1"])]
        let metrics = DNSMetrics(factory: PrometheusMetricsFactory(registry: registry))
        let resolver = try DNSResolver(configuration: configuration, filter: DNSFilter(settings: configuration.filter), group: MultiThreadedEventLoopGroup.singleton, metrics: metrics)
        let server = DNSServer(resolver: resolver, group: MultiThreadedEventLoopGroup.singleton)
        let bound = try await server.start()
        defer { Task { await server.stop() } }
        for name in ["mocked.test", "mocked.test", "blocked.test"] {
            _ = try await DNSQueryClient.ask(name, port: bound.port)
        }
        let response = try await HTTPTestClient.request("GET", "/metrics", port: endpoint.port)
        #expect(response.hasPrefix("HTTP/1.1 200 OK"))
        #expect(response.contains("Content-Type: text/plain; version=0.0.4"))
        #expect(response.contains(#"sluice_dns_queries_total{type="A",decision="mocked"} 2"#), "\(response)")
        #expect(response.contains(#"sluice_dns_queries_total{type="A",decision="blocked"} 1"#))
    }

    @Test("other paths are 404, other methods 405")
    func prometheusErrors() async throws {
        let endpoint = try await PrometheusEndpoint.start(PrometheusSettings(listen: "127.0.0.1:0", path: "/m"), registry: PrometheusCollectorRegistry())
        defer { Task { await endpoint.stop() } }
        #expect(try await HTTPTestClient.request("GET", "/metrics", port: endpoint.port).hasPrefix("HTTP/1.1 404"))
        #expect(try await HTTPTestClient.request("POST", "/m", port: endpoint.port, body: "x").hasPrefix("HTTP/1.1 405"))
        #expect(try await HTTPTestClient.request("GET", "/m?x=1", port: endpoint.port).hasPrefix("HTTP/1.1 200"))
    }

    @Test("DNS query spans are exported over OTLP/HTTP with the decision")
    func otlpExport() async throws {
        let collector = FakeCollector()
        let port = try await collector.start()
        defer { Task { await collector.stop() } }
        let exporter = try TraceExporter.make(OTLPSettings(endpoint: "http://127.0.0.1:\(port)", serviceName: "sluice-test"), batchDelay: .milliseconds(100), logger: Self.logger)
        var configuration = DNSConfiguration()
        configuration.listen = DNSEndpoint(host: "127.0.0.1", port: 0)
        configuration.mock.rules = [DNSMockRule(name: "traced.test", addresses: ["127.0.0.1"])]
        let resolver = try DNSResolver(configuration: configuration, filter: DNSFilter(), group: MultiThreadedEventLoopGroup.singleton, tracer: exporter.tracer)
        let server = DNSServer(resolver: resolver, group: MultiThreadedEventLoopGroup.singleton)
        let bound = try await server.start()
        _ = try await DNSQueryClient.ask("traced.test", port: bound.port)
        await server.stop()
        await exporter.stop()
        let traces = collector.received.filter { $0.path == "/v1/traces" }
        #expect(!traces.isEmpty)
        let bytes = traces.flatMap(\.body)
        for text in ["dns.query", "dns.decision", "mocked", "sluice-test"] {
            #expect(bytes.firstRange(of: Array(text.utf8)) != nil, "\(text) in the exported spans")
        }
    }

    @Test("settings: both off by default; bad values name the key")
    func settings() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-obs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("dns.yaml").path
        try "listen: 127.0.0.1:53\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try ObservabilitySettings.load(path: path) == ObservabilitySettings())
        try "observability:\n  prometheus: { listen: 127.0.0.1:9999 }\n  otlp: { sampling-ratio: 0.5 }\n".write(toFile: path, atomically: true, encoding: .utf8)
        let settings = try ObservabilitySettings.load(path: path)
        #expect(settings.prometheus == PrometheusSettings(listen: "127.0.0.1:9999", path: "/metrics"))
        #expect(settings.otlp == OTLPSettings(endpoint: "http://127.0.0.1:4318", serviceName: "sluice", samplingRatio: 0.5))
        for (yaml, key) in [
            ("observability:\n  prometheus: { listen: nowhere }\n", "observability.prometheus.listen"),
            ("observability:\n  otlp: { sampling-ratio: 2 }\n", "observability.otlp.sampling-ratio"),
            ("observability:\n  otlp: { endpoint: ftp://x }\n", "observability.otlp.endpoint"),
        ] {
            try yaml.write(toFile: path, atomically: true, encoding: .utf8)
            #expect { try ObservabilitySettings.load(path: path) } throws: { "\($0)".hasPrefix("\(path): \(key):") }
        }
    }
}
