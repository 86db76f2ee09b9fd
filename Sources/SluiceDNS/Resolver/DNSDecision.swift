/// How a query was answered; a metric dimension, a span attribute and a query-log field.
public enum DNSDecision: String, Sendable, CaseIterable {
    /// From the cache.
    case cached
    /// By an upstream resolver.
    case forwarded
    /// By the block list.
    case blocked
    /// By a mock rule.
    case mocked
    /// From an expired cache entry because every upstream failed (serve-stale).
    case stale
    /// With an error of this server's own (SERVFAIL when upstreams fail, FORMERR, NOTIMP).
    case failed
}
