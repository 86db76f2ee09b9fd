/// One access, app (CASB) or mock rule: what it matches and what it does.
///
/// ```yaml
/// - name: storage-read-only
///   match: { hosts: ["storage.example.com"], methods: [PUT, POST, DELETE] }
///   action: deny
/// ```
public struct Rule: Codable, Sendable, Equatable {
    /// Name written to the audit log and metrics.
    public var name: String
    /// What a request must look like for the rule to apply (every given field must match).
    public var match: RuleMatch
    /// `allow`, `deny` or `mock`.
    public var action: RuleAction
    /// The canned response, for `action: mock`.
    public var mock: MockResponse?

    /// A rule.
    public init(name: String, match: RuleMatch = RuleMatch(), action: RuleAction, mock: MockResponse? = nil) {
        self.name = name
        self.match = match
        self.action = action
        self.mock = mock
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        match = try c.decodeIfPresent(RuleMatch.self, forKey: .match) ?? RuleMatch()
        action = try c.decode(RuleAction.self, forKey: .action)
        mock = try c.decodeIfPresent(MockResponse.self, forKey: .mock)
        if action == .mock, mock == nil {
            throw DecodingError.keyNotFound(CodingKeys.mock, .init(codingPath: c.codingPath, debugDescription: "action mock needs a mock response"))
        }
    }

    private enum CodingKeys: String, CodingKey { case name, match, action, mock }
}

/// What a rule does with the requests it matches.
public enum RuleAction: String, Codable, Sendable, Equatable {
    /// Forward the request.
    case allow
    /// Answer 403 and forward nothing.
    case deny
    /// Answer with the rule's canned response.
    case mock
}

/// The conditions of a rule; an absent field matches anything.
public struct RuleMatch: Codable, Sendable, Equatable {
    /// Host names, exact (`api.example.com`) or wildcard (`*.example.com` matches subdomains and
    /// the domain itself); `*` matches any.
    public var hosts: [String]?
    /// Ports.
    public var ports: [Int]?
    /// `http` or `https` (CONNECT tunnels are `https`).
    public var schemes: [String]?
    /// Methods (`GET`, `CONNECT`...).
    public var methods: [String]?
    /// Path patterns with `*` (any characters) and `?` (one character), e.g. `/upload/*`.
    public var paths: [String]?
    /// Whole-URL patterns with `*` and `?`, e.g. `http://api.example.com/v1/*`.
    public var urls: [String]?
    /// Authenticated user names.
    public var users: [String]?
    /// Job names, from the `X-Sluice-Job` header Sluice's HTTP callers send.
    public var jobs: [String]?
    /// Header values the request must have (exact, header names case-insensitive).
    public var headers: [String: String]?
    /// Text the request body must contain (the body is buffered, up to 1 MiB, to check).
    public var bodyContains: String?

    /// Conditions; absent ones match anything.
    public init(hosts: [String]? = nil, ports: [Int]? = nil, schemes: [String]? = nil, methods: [String]? = nil,
                paths: [String]? = nil, urls: [String]? = nil, users: [String]? = nil, jobs: [String]? = nil,
                headers: [String: String]? = nil, bodyContains: String? = nil) {
        self.hosts = hosts
        self.ports = ports
        self.schemes = schemes
        self.methods = methods
        self.paths = paths
        self.urls = urls
        self.users = users
        self.jobs = jobs
        self.headers = headers
        self.bodyContains = bodyContains
    }
}

/// A canned response for `action: mock`.
public struct MockResponse: Codable, Sendable, Equatable {
    /// Status code (default 200).
    public var status: Int
    /// Response headers.
    public var headers: [String: String]
    /// Body text; `{{request.path}}`, `{{request.method}}`, `{{request.host}}`, `{{request.url}}`,
    /// `{{request.query}}`, `{{request.user}}` and `{{request.header.NAME}}` are replaced.
    public var body: String?
    /// A file whose content is the body (templated the same way); relative to the configuration file.
    public var bodyFile: String?
    /// Milliseconds to wait before answering.
    public var latencyMilliseconds: Int?
    /// A fault instead of the response: `drop` closes the connection, `error` answers 502.
    public var fault: MockFault?

    /// A canned response.
    public init(status: Int = 200, headers: [String: String] = [:], body: String? = nil, bodyFile: String? = nil,
                latencyMilliseconds: Int? = nil, fault: MockFault? = nil) {
        self.status = status
        self.headers = headers
        self.body = body
        self.bodyFile = bodyFile
        self.latencyMilliseconds = latencyMilliseconds
        self.fault = fault
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        status = try c.decodeIfPresent(Int.self, forKey: .status) ?? 200
        guard (100...599).contains(status) else {
            throw DecodingError.dataCorruptedError(forKey: .status, in: c, debugDescription: "must be 100...599")
        }
        headers = try c.decodeIfPresent([String: String].self, forKey: .headers) ?? [:]
        body = try c.decodeIfPresent(String.self, forKey: .body)
        bodyFile = try c.decodeIfPresent(String.self, forKey: .bodyFile)
        latencyMilliseconds = try c.decodeIfPresent(Int.self, forKey: .latencyMilliseconds)
        fault = try c.decodeIfPresent(MockFault.self, forKey: .fault)
        if body != nil, bodyFile != nil {
            throw DecodingError.dataCorruptedError(forKey: .bodyFile, in: c, debugDescription: "give body or bodyFile, not both")
        }
    }

    private enum CodingKeys: String, CodingKey { case status, headers, body, bodyFile, latencyMilliseconds, fault }
}

/// A fault a mock injects.
public enum MockFault: String, Codable, Sendable, Equatable {
    /// Close the client connection without answering.
    case drop
    /// Answer 502 Bad Gateway.
    case error
}

/// The SSRF guard: which upstream addresses may be connected to.
public struct SSRFGuardConfiguration: Codable, Sendable, Equatable {
    /// Whether private, loopback, link-local and cloud-metadata addresses are refused.
    public var enabled: Bool
    /// CIDR ranges allowed even though private (e.g. `127.0.0.0/8` for a local upstream).
    public var allow: [String]

    /// On, with nothing allowed.
    public init(enabled: Bool = true, allow: [String] = []) {
        self.enabled = enabled
        self.allow = allow
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        enabled = try c.decodeIfPresent(Bool.self, forKey: .enabled) ?? true
        allow = try c.decodeIfPresent([String].self, forKey: .allow) ?? []
        for (index, cidr) in allow.enumerated() where AddressRange(cidr) == nil {
            throw DecodingError.dataCorrupted(.init(codingPath: c.codingPath + [CodingKeys.allow, IndexKey(index)],
                debugDescription: "'\(cidr)' is not an address range like 10.0.0.0/8 or ::1/128"))
        }
    }

    private enum CodingKeys: String, CodingKey { case enabled, allow }
}

/// A coding key for an array position, for error paths.
struct IndexKey: CodingKey {
    var stringValue: String { "\(intValue ?? 0)" }
    var intValue: Int?
    init(_ index: Int) { intValue = index }
    init?(stringValue: String) { nil }
    init?(intValue: Int) { self.intValue = intValue }
}
