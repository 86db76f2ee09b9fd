/// The `cache:` section: size bound, TTL clamps, negative caching, prefetch and serve-stale.
public struct DNSCacheSettings: Codable, Hashable, Sendable {
    /// Whether responses are cached at all (default true).
    public var enabled: Bool = true
    /// The most entries kept; the least recently used is evicted beyond it (default 10000).
    public var maxEntries: Int = 10_000
    /// TTLs below this are raised to it, in seconds (default 0).
    public var minTTL: UInt32 = 0
    /// TTLs above this are lowered to it, in seconds (default 86400).
    public var maxTTL: UInt32 = 86_400
    /// The longest a negative answer (NXDOMAIN, NODATA) is kept, in seconds (default 3600).
    public var negativeMaxTTL: UInt32 = 3_600
    /// Refresh popular entries in the background when 10% of their TTL remains (default false).
    public var prefetch: Bool = false
    /// The hits an entry needs before it is prefetched (default 2).
    public var prefetchMinimumHits: Int = 2
    /// Serving expired entries when every upstream fails.
    public var serveStale: DNSServeStaleSettings = DNSServeStaleSettings()

    /// The defaults.
    public init() {}

    enum CodingKeys: String, CodingKey {
        case enabled
        case maxEntries = "max-entries"
        case minTTL = "min-ttl"
        case maxTTL = "max-ttl"
        case negativeMaxTTL = "negative-max-ttl"
        case prefetch
        case prefetchMinimumHits = "prefetch-min-hits"
        case serveStale = "serve-stale"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        enabled = try c.decodeIfPresent(Bool.self, forKey: .enabled) ?? enabled
        maxEntries = try c.decodeIfPresent(Int.self, forKey: .maxEntries) ?? maxEntries
        guard maxEntries >= 1 else {
            throw DecodingError.dataCorruptedError(forKey: .maxEntries, in: c, debugDescription: "must be at least 1")
        }
        minTTL = try c.decodeIfPresent(DNSDuration.self, forKey: .minTTL)?.seconds ?? minTTL
        maxTTL = try c.decodeIfPresent(DNSDuration.self, forKey: .maxTTL)?.seconds ?? maxTTL
        guard minTTL <= maxTTL else {
            throw DecodingError.dataCorruptedError(forKey: .minTTL, in: c, debugDescription: "min-ttl is larger than max-ttl")
        }
        negativeMaxTTL = try c.decodeIfPresent(DNSDuration.self, forKey: .negativeMaxTTL)?.seconds ?? negativeMaxTTL
        prefetch = try c.decodeIfPresent(Bool.self, forKey: .prefetch) ?? prefetch
        prefetchMinimumHits = try c.decodeIfPresent(Int.self, forKey: .prefetchMinimumHits) ?? prefetchMinimumHits
        serveStale = try c.decodeIfPresent(DNSServeStaleSettings.self, forKey: .serveStale) ?? serveStale
    }
}

/// The `serve-stale:` section (RFC 8767).
public struct DNSServeStaleSettings: Codable, Hashable, Sendable {
    /// Whether expired entries answer when upstreams fail (default false).
    public var enabled: Bool = false
    /// How long after expiry an entry may still be served, in seconds (default 86400).
    public var maxAge: UInt32 = 86_400
    /// The TTL given to stale records (default 30, as RFC 8767 recommends).
    public var answerTTL: UInt32 = 30

    /// The defaults.
    public init() {}

    enum CodingKeys: String, CodingKey {
        case enabled
        case maxAge = "max-age"
        case answerTTL = "answer-ttl"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        enabled = try c.decodeIfPresent(Bool.self, forKey: .enabled) ?? enabled
        maxAge = try c.decodeIfPresent(DNSDuration.self, forKey: .maxAge)?.seconds ?? maxAge
        answerTTL = try c.decodeIfPresent(DNSDuration.self, forKey: .answerTTL)?.seconds ?? answerTTL
    }
}
