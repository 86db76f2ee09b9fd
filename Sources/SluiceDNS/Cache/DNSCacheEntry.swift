/// A cached response: its sections as received and when they stop being fresh.
struct DNSCacheEntry: Sendable {
    var responseCode: DNSResponseCode
    var answers: [DNSResourceRecord]
    var authorities: [DNSResourceRecord]
    var additionals: [DNSResourceRecord]
    /// When it was stored (uptime, nanoseconds).
    var storedAt: UInt64
    /// The clamped lifetime, in seconds.
    var ttl: UInt32
    /// Hits since it was stored, for prefetch.
    var hits: Int = 0
    /// Whether a refresh is under way, so only one prefetch runs per entry.
    var refreshing = false

    var expiresAt: UInt64 { storedAt + UInt64(ttl) * 1_000_000_000 }

    /// The records with `ttl` as their TTL: the entry's remaining lifetime, so every record of
    /// a cached response expires together.
    static func records(_ records: [DNSResourceRecord], ttl: UInt32) -> [DNSResourceRecord] {
        records.map { record in
            var copy = record
            copy.ttl = ttl
            return copy
        }
    }
}
