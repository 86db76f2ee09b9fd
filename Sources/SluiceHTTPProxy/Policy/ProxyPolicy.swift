import NIOCore

/// One kind of policy: looks at a request and passes or decides.
///
/// Policies are evaluated in order by ``PolicyEngine``; the first decisive one wins.
public protocol ProxyPolicy: Sendable {
    /// Decides on a request; `body` is the buffered request body when a policy asked for it
    /// with ``PolicyOutcome/needsBody``.
    func evaluate(_ request: ProxyRequest, body: ByteBuffer?) -> PolicyOutcome
}

/// Evaluates policies in order; the first decisive one wins, else the default action.
public struct PolicyEngine: Sendable {
    /// The policies, in evaluation order.
    public let policies: [any ProxyPolicy]
    /// What happens when no policy decides.
    public let defaultAction: RuleAction

    /// An engine over ordered policies.
    public init(policies: [any ProxyPolicy], defaultAction: RuleAction) {
        self.policies = policies
        self.defaultAction = defaultAction
    }

    /// The decision on a request, or ``PolicyOutcome/needsBody`` when a policy before any
    /// decisive one needs the body.
    public func evaluate(_ request: ProxyRequest, body: ByteBuffer? = nil) -> PolicyOutcome {
        for policy in policies {
            let outcome = policy.evaluate(request, body: body)
            if outcome != .pass { return outcome }
        }
        return defaultAction == .deny
            ? .decide(PolicyDecision(.deny(status: 403), rule: "default", reason: "no rule allows this request"))
            : .decide(PolicyDecision(.allow, rule: "default", reason: "no rule matched"))
    }
}
