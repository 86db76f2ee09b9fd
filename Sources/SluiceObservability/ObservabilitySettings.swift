/// The `observability:` section shared by Sluice's long-running commands (`sluice dns`, and any
/// other that reads it): a Prometheus scrape endpoint and OTLP trace export, each off unless
/// its subsection is present.
///
/// ```yaml
/// observability:
///   prometheus: { listen: 127.0.0.1:9464 }          # GET /metrics
///   otlp: { endpoint: http://127.0.0.1:4318, service-name: sluice-dns, sampling-ratio: 0.1 }
/// ```
public struct ObservabilitySettings: Codable, Hashable, Sendable {
    /// The Prometheus text-exposition endpoint; nil keeps metrics unexported.
    public var prometheus: PrometheusSettings?
    /// OTLP/HTTP trace export; nil records no spans.
    public var otlp: OTLPSettings?

    /// Both off.
    public init(prometheus: PrometheusSettings? = nil, otlp: OTLPSettings? = nil) {
        self.prometheus = prometheus
        self.otlp = otlp
    }
}

/// Where the Prometheus endpoint listens.
public struct PrometheusSettings: Codable, Hashable, Sendable {
    /// The address, `HOST:PORT` with an IP address (port 0 picks a free one).
    public var listen: String
    /// The path scraped (default `/metrics`).
    public var path: String

    /// An endpoint at `listen` serving `path`.
    public init(listen: String = "127.0.0.1:9464", path: String = "/metrics") {
        self.listen = listen
        self.path = path
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        listen = try c.decodeIfPresent(String.self, forKey: .listen) ?? "127.0.0.1:9464"
        path = try c.decodeIfPresent(String.self, forKey: .path) ?? "/metrics"
        guard ObservabilityAddress(listen) != nil else {
            throw DecodingError.dataCorruptedError(forKey: .listen, in: c, debugDescription: "'\(listen)' is not HOST:PORT with an IP address")
        }
        guard path.hasPrefix("/") else {
            throw DecodingError.dataCorruptedError(forKey: .path, in: c, debugDescription: "must start with /")
        }
    }
}

/// Where and how spans are exported over OTLP/HTTP (protobuf).
public struct OTLPSettings: Codable, Hashable, Sendable {
    /// The collector's base URL (default `http://127.0.0.1:4318`; `/v1/traces` is added).
    public var endpoint: String
    /// The `service.name` resource attribute (default `sluice`).
    public var serviceName: String
    /// The share of root spans kept, 0...1 (default 1).
    public var samplingRatio: Double

    /// Export to `endpoint` as `serviceName`, keeping `samplingRatio` of the traces.
    public init(endpoint: String = "http://127.0.0.1:4318", serviceName: String = "sluice", samplingRatio: Double = 1) {
        self.endpoint = endpoint
        self.serviceName = serviceName
        self.samplingRatio = samplingRatio
    }

    enum CodingKeys: String, CodingKey {
        case endpoint
        case serviceName = "service-name"
        case samplingRatio = "sampling-ratio"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        endpoint = try c.decodeIfPresent(String.self, forKey: .endpoint) ?? "http://127.0.0.1:4318"
        serviceName = try c.decodeIfPresent(String.self, forKey: .serviceName) ?? "sluice"
        samplingRatio = try c.decodeIfPresent(Double.self, forKey: .samplingRatio) ?? 1
        guard (0...1).contains(samplingRatio) else {
            throw DecodingError.dataCorruptedError(forKey: .samplingRatio, in: c, debugDescription: "must be between 0 and 1")
        }
        guard endpoint.hasPrefix("http://") || endpoint.hasPrefix("https://") else {
            throw DecodingError.dataCorruptedError(forKey: .endpoint, in: c, debugDescription: "must be an http:// or https:// URL")
        }
    }
}
