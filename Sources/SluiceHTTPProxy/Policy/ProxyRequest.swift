import NIOHTTP1

/// What the policies see of one request: the parsed target, the client and its identity.
public struct ProxyRequest: Sendable {
    /// The method (`GET`, `CONNECT`...).
    public var method: String
    /// `http`, or `https` for CONNECT tunnels.
    public var scheme: String
    /// The target host, lower-cased, without brackets.
    public var host: String
    /// The target port.
    public var port: Int
    /// Path and query (`/` for CONNECT).
    public var path: String
    /// The request headers as the client sent them.
    public var headers: HTTPHeaders
    /// The authenticated user, when authentication is on.
    public var user: String?
    /// The job named by the `X-Sluice-Job` header.
    public var job: String?
    /// The client's address, for the audit log.
    public var client: String?

    /// A request.
    public init(method: String, scheme: String, host: String, port: Int, path: String, headers: HTTPHeaders = HTTPHeaders(),
                user: String? = nil, job: String? = nil, client: String? = nil) {
        self.method = method
        self.scheme = scheme
        self.host = host.lowercased()
        self.port = port
        self.path = path
        self.headers = headers
        self.user = user
        self.job = job
        self.client = client
    }

    /// The absolute URL (`http://host:port/path`), or `host:port` for CONNECT.
    public var url: String {
        if method == "CONNECT" { return "\(hostForURL):\(port)" }
        let defaultPort = scheme == "https" ? 443 : 80
        return "\(scheme)://\(hostForURL)\(port == defaultPort ? "" : ":\(port)")\(path)"
    }

    private var hostForURL: String { host.contains(":") ? "[\(host)]" : host }
}

/// What deciding a request led to.
public enum PolicyOutcome: Sendable, Equatable {
    /// The policy has nothing to say; the next one decides.
    case pass
    /// The policy decides.
    case decide(PolicyDecision)
    /// The policy can decide only with the request body.
    case needsBody
}

/// A decision on a request and the rule that made it.
public struct PolicyDecision: Sendable, Equatable {
    /// What is done.
    public enum Verdict: Sendable, Equatable {
        /// Forward the request.
        case allow
        /// Answer with a status (403, 413, 415...) and forward nothing.
        case deny(status: Int)
        /// Answer with a canned response.
        case mock(MockResponse)
    }

    /// What is done.
    public var verdict: Verdict
    /// The rule that decided (`default` when none did).
    public var rule: String
    /// Why, for the audit log and the error page; never a secret.
    public var reason: String

    /// A decision.
    public init(_ verdict: Verdict, rule: String, reason: String) {
        self.verdict = verdict
        self.rule = rule
        self.reason = reason
    }

    /// The audit and metrics name of the verdict: `allow`, `deny` or `mock`.
    public var action: String {
        switch verdict {
        case .allow: "allow"
        case .deny: "deny"
        case .mock: "mock"
        }
    }
}
