/// The `filter:` section: block and allow lists, inline and from files, and how blocks answer.
public struct DNSFilterSettings: Codable, Hashable, Sendable {
    /// Names and `*.wildcards` to block.
    public var block: [String] = []
    /// Names and `*.wildcards` never blocked (allow beats block).
    public var allow: [String] = []
    /// Hosts files or domain lists of names to block.
    public var blockFiles: [String] = []
    /// Hosts files or domain lists of names to allow.
    public var allowFiles: [String] = []
    /// The answer to a blocked name (default nxdomain).
    public var response: DNSBlockResponse = .nxdomain
    /// The TTL of null-address and negative block answers, in seconds (default 60).
    public var ttl: UInt32 = 60
    /// Poll the list files every this often and reload when one changed (default: off; SIGHUP
    /// reloads in any case).
    public var watchInterval: DNSDuration?

    /// No filtering.
    public init() {}

    enum CodingKeys: String, CodingKey {
        case block, allow, response, ttl
        case blockFiles = "block-files"
        case allowFiles = "allow-files"
        case watchInterval = "watch-interval"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        block = try c.decodeIfPresent([String].self, forKey: .block) ?? []
        allow = try c.decodeIfPresent([String].self, forKey: .allow) ?? []
        blockFiles = try c.decodeIfPresent([String].self, forKey: .blockFiles) ?? []
        allowFiles = try c.decodeIfPresent([String].self, forKey: .allowFiles) ?? []
        response = try c.decodeIfPresent(DNSBlockResponse.self, forKey: .response) ?? .nxdomain
        ttl = try c.decodeIfPresent(DNSDuration.self, forKey: .ttl)?.seconds ?? ttl
        watchInterval = try c.decodeIfPresent(DNSDuration.self, forKey: .watchInterval)
        for (key, list) in [(CodingKeys.block, block), (.allow, allow)] {
            for (index, text) in list.enumerated() where DNSNamePattern(text) == nil {
                throw DecodingError.dataCorrupted(.init(
                    codingPath: c.codingPath + [key, DNSIndexKey(index)], debugDescription: "'\(text)' is not a name or *.wildcard"
                ))
            }
        }
    }
}

/// A coding key for a list position, so errors name the item (`filter.block[3]`).
struct DNSIndexKey: CodingKey {
    var stringValue: String { "\(intValue ?? 0)" }
    var intValue: Int?

    init(_ index: Int) { intValue = index }
    init?(stringValue: String) { intValue = Int(stringValue) }
    init?(intValue: Int) { self.intValue = intValue }
}
