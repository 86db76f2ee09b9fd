import NIOCore

/// An access, app (CASB) or mock rule from the configuration, as a policy.
public struct RulePolicy: ProxyPolicy {
    /// The rule.
    public let rule: Rule
    /// The mock body read from `bodyFile`, when the rule has one.
    let mockBody: String?

    /// A policy for a rule; `mockBody` is the content of its mock's `bodyFile`.
    public init(rule: Rule, mockBody: String? = nil) {
        self.rule = rule
        self.mockBody = mockBody
    }

    public func evaluate(_ request: ProxyRequest, body: ByteBuffer?) -> PolicyOutcome {
        guard rule.match.matchesHead(request) else { return .pass }
        if rule.match.bodyContains != nil {
            guard let body else { return request.method == "CONNECT" ? .pass : .needsBody }
            guard rule.match.matches(request, body: body) else { return .pass }
        }
        switch rule.action {
        case .allow:
            return .decide(PolicyDecision(.allow, rule: rule.name, reason: "allowed by rule"))
        case .deny:
            return .decide(PolicyDecision(.deny(status: 403), rule: rule.name, reason: "denied by rule"))
        case .mock:
            var mock = rule.mock ?? MockResponse()
            if let mockBody { mock.body = mockBody }
            return .decide(PolicyDecision(.mock(mock), rule: rule.name, reason: "mock response"))
        }
    }
}
