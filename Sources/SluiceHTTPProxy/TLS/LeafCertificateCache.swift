import NIOSSL

/// The TLS server contexts made for inspected hosts, least recently used dropped beyond `capacity`.
/// Eviction scans the entries, which happens only when a new host arrives at a full cache.
struct LeafCertificateCache {
    private struct Entry {
        var context: NIOSSLContext
        var lastUse: UInt64
        var expires: Double
    }

    private var entries: [String: Entry] = [:]
    private var clock: UInt64 = 0
    let capacity: Int

    /// An empty cache for `capacity` hosts.
    init(capacity: Int) { self.capacity = max(1, capacity) }

    /// The number of hosts cached.
    var count: Int { entries.count }

    /// The context for `host`, unless absent or past `expires` (seconds since 1970).
    mutating func context(for host: String, now: Double) -> NIOSSLContext? {
        guard var entry = entries[host], entry.expires > now else { return nil }
        clock += 1
        entry.lastUse = clock
        entries[host] = entry
        return entry.context
    }

    /// Keeps a context, dropping the least recently used one when full.
    mutating func insert(_ context: NIOSSLContext, for host: String, expires: Double) {
        if entries[host] == nil, entries.count >= capacity,
           let oldest = entries.min(by: { $0.value.lastUse < $1.value.lastUse })?.key {
            entries[oldest] = nil
        }
        clock += 1
        entries[host] = Entry(context: context, lastUse: clock, expires: expires)
    }

    /// Whether `host` is cached (without touching its use).
    func contains(_ host: String) -> Bool { entries[host] != nil }
}
