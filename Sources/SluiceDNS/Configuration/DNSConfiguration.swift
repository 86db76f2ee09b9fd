/// The configuration of a Sluice DNS server and resolver (`sluice dns --config dns.yaml`).
/// Every section is optional; see docs/dns.md for the reference.
public struct DNSConfiguration: Codable, Hashable, Sendable {
    /// Where the server listens (default 127.0.0.1:5353).
    public var listen: DNSEndpoint = DNSEndpoint(host: "127.0.0.1", port: 5353)
    /// Serve over UDP (default true).
    public var udp: Bool = true
    /// Serve over TCP (default true).
    public var tcp: Bool = true
    /// The resolvers queries are forwarded to, in order of preference.
    public var upstreams: [DNSEndpoint] = []
    /// How long to wait for one upstream answer (default 2s).
    public var timeout: DNSDuration = .seconds(2)
    /// Extra rounds over the upstream list after the first fails (default 1).
    public var retries: Int = 1
    /// The response cache.
    public var cache: DNSCacheSettings = DNSCacheSettings()
    /// Block and allow lists.
    public var filter: DNSFilterSettings = DNSFilterSettings()
    /// Fixed answers.
    public var mock: DNSMockSettings = DNSMockSettings()
    /// The JSON-lines query log (off by default).
    public var queryLog: DNSQueryLogSettings = DNSQueryLogSettings()

    /// The defaults: no upstreams, so only mocks and filters answer.
    public init() {}

    enum CodingKeys: String, CodingKey {
        case listen, udp, tcp, upstreams, timeout, retries, cache, filter, mock
        case queryLog = "query-log"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        listen = try c.decodeIfPresent(DNSEndpoint.self, forKey: .listen) ?? listen
        udp = try c.decodeIfPresent(Bool.self, forKey: .udp) ?? udp
        tcp = try c.decodeIfPresent(Bool.self, forKey: .tcp) ?? tcp
        upstreams = try c.decodeIfPresent([DNSEndpoint].self, forKey: .upstreams) ?? []
        timeout = try c.decodeIfPresent(DNSDuration.self, forKey: .timeout) ?? timeout
        guard timeout.milliseconds > 0 else {
            throw DecodingError.dataCorruptedError(forKey: .timeout, in: c, debugDescription: "must be more than 0")
        }
        retries = try c.decodeIfPresent(Int.self, forKey: .retries) ?? retries
        guard (0...10).contains(retries) else {
            throw DecodingError.dataCorruptedError(forKey: .retries, in: c, debugDescription: "must be between 0 and 10")
        }
        cache = try c.decodeIfPresent(DNSCacheSettings.self, forKey: .cache) ?? cache
        filter = try c.decodeIfPresent(DNSFilterSettings.self, forKey: .filter) ?? filter
        mock = try c.decodeIfPresent(DNSMockSettings.self, forKey: .mock) ?? mock
        queryLog = try c.decodeIfPresent(DNSQueryLogSettings.self, forKey: .queryLog) ?? queryLog
    }
}
