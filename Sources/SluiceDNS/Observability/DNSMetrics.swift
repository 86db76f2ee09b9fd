import Metrics
import Synchronization

/// The metric names the DNS server records through swift-metrics.
///
/// | name | type | dimensions |
/// |---|---|---|
/// | `sluice_dns_queries_total` | counter | type, decision |
/// | `sluice_dns_cache_hits_total` | counter | |
/// | `sluice_dns_cache_misses_total` | counter | |
/// | `sluice_dns_cache_evictions_total` | counter | |
/// | `sluice_dns_upstream_duration_seconds` | timer | upstream |
/// | `sluice_dns_upstream_errors_total` | counter | upstream, reason (timeout, refused, mismatch, servfail, io) |
public enum DNSMetricNames {
    public static let queries = "sluice_dns_queries_total"
    public static let cacheHits = "sluice_dns_cache_hits_total"
    public static let cacheMisses = "sluice_dns_cache_misses_total"
    public static let cacheEvictions = "sluice_dns_cache_evictions_total"
    public static let upstreamDuration = "sluice_dns_upstream_duration_seconds"
    public static let upstreamErrors = "sluice_dns_upstream_errors_total"
}

/// The DNS metrics, created once and reused on the query path (creating a metric asks the
/// factory, which takes a lock; reusing it does not).
public final class DNSMetrics: Sendable {
    let cacheHits: Counter
    let cacheMisses: Counter
    let cacheEvictions: Counter
    private let queries: Mutex<[QueryKey: Counter]>
    private let upstreams: Mutex<[String: Timer]>
    private let factory: any MetricsFactory

    private struct QueryKey: Hashable {
        var type: UInt16
        var decision: DNSDecision
    }

    /// Metrics through `factory` (by default the one bootstrapped on `MetricsSystem`).
    public init(factory: any MetricsFactory = MetricsSystem.factory) {
        self.factory = factory
        cacheHits = Counter(label: DNSMetricNames.cacheHits, factory: factory)
        cacheMisses = Counter(label: DNSMetricNames.cacheMisses, factory: factory)
        cacheEvictions = Counter(label: DNSMetricNames.cacheEvictions, factory: factory)
        queries = Mutex([:])
        upstreams = Mutex([:])
    }

    /// Counts one answered query.
    public func query(type: DNSRecordType, decision: DNSDecision) {
        let key = QueryKey(type: type.rawValue, decision: decision)
        let counter = queries.withLock { counters in
            if let counter = counters[key] { return counter }
            let counter = Counter(label: DNSMetricNames.queries, dimensions: [("type", type.description), ("decision", decision.rawValue)], factory: factory)
            counters[key] = counter
            return counter
        }
        counter.increment()
    }

    /// Records how long `upstream` took to answer.
    public func upstreamAnswered(_ upstream: DNSEndpoint, nanoseconds: Int64) {
        let name = upstream.description
        let timer = upstreams.withLock { timers in
            if let timer = timers[name] { return timer }
            let timer = Timer(label: DNSMetricNames.upstreamDuration, dimensions: [("upstream", name)], factory: factory)
            timers[name] = timer
            return timer
        }
        timer.recordNanoseconds(nanoseconds)
    }

    /// Counts a failed upstream attempt.
    public func upstreamFailed(_ upstream: DNSEndpoint, reason: String) {
        Counter(label: DNSMetricNames.upstreamErrors, dimensions: [("upstream", upstream.description), ("reason", reason)], factory: factory).increment()
    }
}
