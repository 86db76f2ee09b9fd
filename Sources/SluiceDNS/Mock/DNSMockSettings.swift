/// The `mock:` section: fixed answers for names, with a default TTL.
public struct DNSMockSettings: Codable, Hashable, Sendable {
    /// The TTL of mock answers, in seconds (default 60).
    public var ttl: UInt32 = 60
    /// The rules; the most specific matching rule answers.
    public var rules: [DNSMockRule] = []

    /// No mocks.
    public init(ttl: UInt32 = 60, rules: [DNSMockRule] = []) {
        self.ttl = ttl
        self.rules = rules
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        ttl = try c.decodeIfPresent(DNSDuration.self, forKey: .ttl)?.seconds ?? ttl
        rules = try c.decodeIfPresent([DNSMockRule].self, forKey: .rules) ?? []
    }
}
