/// What the cache returns for a question: the response sections with their remaining TTLs.
public struct DNSCacheHit: Sendable {
    public var responseCode: DNSResponseCode
    public var answers: [DNSResourceRecord]
    public var authorities: [DNSResourceRecord]
    public var additionals: [DNSResourceRecord]
    /// The entry had expired and is served because upstreams failed (serve-stale, RFC 8767).
    public var isStale: Bool
    /// The entry is popular and close to expiry: the caller should refresh it in the background.
    public var shouldPrefetch: Bool
}
