/// The `query-log:` section: one JSON object per answered query, off by default.
public struct DNSQueryLogSettings: Codable, Hashable, Sendable {
    /// Whether queries are logged (default false).
    public var enabled: Bool = false
    /// The file lines are appended to; `-` is standard output (default `-`).
    public var path: String = "-"

    /// Logging off.
    public init(enabled: Bool = false, path: String = "-") {
        self.enabled = enabled
        self.path = path
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        path = try c.decodeIfPresent(String.self, forKey: .path) ?? path
        enabled = try c.decodeIfPresent(Bool.self, forKey: .enabled) ?? true
    }
}
