/// Why forwarding a query failed.
public enum DNSUpstreamError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No valid answer within the timeout.
    case timeout(DNSEndpoint)
    /// The upstream answered SERVFAIL or REFUSED (or another error code).
    case errorResponse(DNSEndpoint, DNSResponseCode)
    /// Every attempt failed; the last reason is given.
    case exhausted(attempts: Int, last: String)
    /// No upstream is configured.
    case noUpstreams

    public var description: String {
        switch self {
        case .timeout(let upstream): "\(upstream) did not answer in time"
        case .errorResponse(let upstream, let code): "\(upstream) answered \(code)"
        case .exhausted(let attempts, let last): "all \(attempts) upstream attempts failed (last: \(last))"
        case .noUpstreams: "no upstream resolvers are configured"
        }
    }

    /// A short metric label.
    var reason: String {
        switch self {
        case .timeout: "timeout"
        case .errorResponse(_, let code): code.description.lowercased()
        case .exhausted: "exhausted"
        case .noUpstreams: "none"
        }
    }
}
