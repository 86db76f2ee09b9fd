/// Mock rules ready to match. Global rules come from the configuration; a job can layer its own
/// on top (``overlaid(with:)``), and those win.
public struct DNSMockTable: Sendable {
    /// What a matching rule answers.
    public enum Answer: Sendable, Equatable {
        /// Fixed addresses (4 or 16 bytes each) with a TTL.
        case addresses([[UInt8]], ttl: UInt32)
        /// An alias of another name, with a TTL.
        case alias(DNSName, ttl: UInt32)
    }

    private var rules = DNSNameSet<Answer>()

    /// No mocks.
    public init() {}

    /// The table for `settings` (rules already validated when decoded; invalid ones are skipped).
    public init(settings: DNSMockSettings) {
        for rule in settings.rules { add(rule, defaultTTL: settings.ttl) }
    }

    /// Whether there are no rules.
    public var isEmpty: Bool { rules.count == 0 }

    /// Adds `rule`, replacing any rule with the same pattern.
    public mutating func add(_ rule: DNSMockRule, defaultTTL: UInt32 = 60) {
        guard let pattern = DNSNamePattern(rule.name) else { return }
        let ttl = rule.ttl ?? defaultTTL
        if let cname = rule.cname, let target = try? DNSName(cname) {
            rules.insert(pattern, value: .alias(target, ttl: ttl))
        } else {
            rules.insert(pattern, value: .addresses(rule.addresses.compactMap(DNSAddressText.bytes), ttl: ttl))
        }
    }

    /// This table with `other`'s rules added over it.
    public func overlaid(with other: [DNSMockRule], defaultTTL: UInt32 = 60) -> DNSMockTable {
        var copy = self
        for rule in other { copy.add(rule, defaultTTL: defaultTTL) }
        return copy
    }

    /// The answer of the most specific rule for `name`.
    public func answer(for name: DNSName) -> Answer? {
        rules.count == 0 ? nil : rules.match(name.key)
    }
}
