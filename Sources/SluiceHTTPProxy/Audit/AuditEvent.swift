import Foundation

/// One decision in the audit log: who asked for what, which rule decided and what was done.
public struct AuditEvent: Codable, Sendable, Equatable {
    /// ISO 8601 time.
    public var time: String
    /// The client's address.
    public var client: String?
    /// The authenticated user.
    public var user: String?
    /// The job named by `X-Sluice-Job`.
    public var job: String?
    /// The method.
    public var method: String?
    /// The URL with credentials and secret-looking query values redacted.
    public var url: String?
    /// The deciding rule.
    public var rule: String
    /// `allow`, `deny`, `mock`, `redact`, `log`, `error`...
    public var action: String
    /// Why.
    public var reason: String?
    /// The status returned to the client.
    public var status: Int?
    /// Finding types and counts (never the findings themselves).
    public var findings: [String: Int]?
    /// Bytes received from the client (request body) and sent to it (response body).
    public var bytesUp: Int?
    /// Bytes of response body.
    public var bytesDown: Int?

    /// An event now.
    public init(client: String?, user: String?, job: String?, method: String?, url: String?, rule: String, action: String,
                reason: String?, status: Int?, findings: [String: Int]? = nil, bytesUp: Int? = nil, bytesDown: Int? = nil) {
        time = Date().formatted(.iso8601)
        self.client = client
        self.user = user
        self.job = job
        self.method = method
        self.url = url.map(AuditEvent.redact)
        self.rule = rule
        self.action = action
        self.reason = reason
        self.status = status
        self.findings = findings
        self.bytesUp = bytesUp
        self.bytesDown = bytesDown
    }

    private static let secretNames = ["token", "key", "secret", "password", "passwd", "pwd", "auth", "sig", "signature", "credential", "session"]

    /// The URL without user info and with secret-looking query values as `REDACTED`.
    static func redact(_ url: String) -> String {
        var url = url
        if let scheme = url.range(of: "://"), let at = url[scheme.upperBound...].firstIndex(of: "@"),
           !url[scheme.upperBound..<at].contains("/") {
            url.replaceSubrange(scheme.upperBound...at, with: "REDACTED@")
        }
        guard let question = url.firstIndex(of: "?") else { return url }
        let query = url[url.index(after: question)...].split(separator: "&", omittingEmptySubsequences: false).map { pair -> String in
            guard let equals = pair.firstIndex(of: "=") else { return String(pair) }
            let name = pair[..<equals].lowercased()
            return secretNames.contains(where: { name.contains($0) }) ? "\(pair[..<equals])=REDACTED" : String(pair)
        }
        return url[...question] + query.joined(separator: "&")
    }
}
