import NIOCore
import Synchronization

/// The response cache: TTLs clamped to configured bounds, negative answers cached per RFC 2308
/// (from the SOA in the authority section), bounded size with least-recently-used eviction,
/// optional prefetch of popular entries and serve-stale (RFC 8767) when upstreams fail.
///
/// Thread-safe; one short critical section per call, so it can be used on NIO event loops.
public final class DNSCache: Sendable {
    /// The settings it was created with.
    public let settings: DNSCacheSettings
    private let store: Mutex<LRUStore<DNSQuestion, DNSCacheEntry>>
    private let now: @Sendable () -> UInt64
    private let metrics: DNSMetrics

    /// A cache with `settings`; `now` gives uptime nanoseconds (tests pass a fake clock).
    public init(
        settings: DNSCacheSettings, metrics: DNSMetrics = DNSMetrics(),
        now: @escaping @Sendable () -> UInt64 = { NIODeadline.now().uptimeNanoseconds }
    ) {
        self.settings = settings
        self.store = Mutex(LRUStore(capacity: settings.maxEntries))
        self.now = now
        self.metrics = metrics
    }

    /// The number of entries, stale ones included.
    public var count: Int { store.withLock { $0.count } }

    /// The fresh entry for `question`, or nil (a miss). With `allowStale`, an expired entry still
    /// within the serve-stale window is returned, its records with the stale answer TTL.
    public func lookup(_ question: DNSQuestion, allowStale: Bool = false) -> DNSCacheHit? {
        let time = now()
        let settings = self.settings
        let hit: DNSCacheHit? = store.withLock { store in
            let found = store.withValue(for: question) { entry -> (DNSCacheHit?, expired: Bool) in
                let elapsed = time >= entry.storedAt ? (time - entry.storedAt) / 1_000_000_000 : 0
                if elapsed < UInt64(entry.ttl) {
                    entry.hits += 1
                    let remaining = entry.ttl - UInt32(elapsed)
                    let prefetch = settings.prefetch && !entry.refreshing && entry.hits >= settings.prefetchMinimumHits
                        && UInt64(remaining) * 10 <= UInt64(entry.ttl)
                    if prefetch { entry.refreshing = true }
                    return (Self.hit(entry, ttl: remaining, stale: false, prefetch: prefetch), false)
                }
                let staleAge = elapsed - UInt64(entry.ttl)
                guard settings.serveStale.enabled, staleAge <= UInt64(settings.serveStale.maxAge) else { return (nil, true) }
                return (allowStale ? Self.hit(entry, ttl: settings.serveStale.answerTTL, stale: true, prefetch: false) : nil, false)
            }
            guard let found else { return nil }
            if found.expired { store.remove(question) }
            return found.0
        }
        if !allowStale { hit == nil ? metrics.cacheMisses.increment() : metrics.cacheHits.increment() }
        return hit
    }

    /// Stores `response` for `question` when it may be cached: NOERROR with answers for the
    /// smallest record TTL, NXDOMAIN and NODATA for the SOA's negative TTL. Returns whether stored.
    @discardableResult
    public func store(_ response: DNSMessage, for question: DNSQuestion) -> Bool {
        guard let ttl = cacheTTL(of: response) else {
            release(question)
            return false
        }
        let entry = DNSCacheEntry(
            responseCode: response.header.responseCode, answers: response.answers, authorities: response.authorities,
            additionals: response.additionals, storedAt: now(), ttl: ttl
        )
        let evicted = store.withLock { $0.set(entry, for: question) }
        if evicted > 0 { metrics.cacheEvictions.increment(by: evicted) }
        return true
    }

    /// Marks a prefetch of `question` as finished without a new answer, so a later hit may retry.
    public func release(_ question: DNSQuestion) {
        store.withLock { _ = $0.update(question) { $0.refreshing = false } }
    }

    /// Drops every entry.
    public func removeAll() { store.withLock { $0.removeAll() } }

    /// The lifetime to cache `response` for, clamped; nil when it must not be cached.
    func cacheTTL(of response: DNSMessage) -> UInt32? {
        guard !response.header.isTruncated else { return nil }
        let code = response.header.responseCode
        if code == .noError, !response.answers.isEmpty {
            let smallest = response.answers.map(\.ttl).min() ?? 0
            return min(max(smallest, settings.minTTL), settings.maxTTL)
        }
        guard code == .noError || code == .nameError else { return nil }
        // Negative answer (RFC 2308 §5): only with an SOA, for min(SOA TTL, SOA MINIMUM).
        for record in response.authorities {
            if case .soa(let soa) = record.data {
                return min(max(min(record.ttl, soa.minimum), settings.minTTL), settings.negativeMaxTTL)
            }
        }
        return nil
    }

    private static func hit(_ entry: DNSCacheEntry, ttl: UInt32, stale: Bool, prefetch: Bool) -> DNSCacheHit {
        DNSCacheHit(
            responseCode: entry.responseCode, answers: DNSCacheEntry.records(entry.answers, ttl: ttl),
            authorities: DNSCacheEntry.records(entry.authorities, ttl: ttl),
            additionals: DNSCacheEntry.records(entry.additionals, ttl: ttl), isStale: stale, shouldPrefetch: prefetch
        )
    }
}
