/// One mock: a name or `*.wildcard` answered with fixed addresses, or as an alias of another name.
public struct DNSMockRule: Codable, Hashable, Sendable {
    /// The name or wildcard this rule answers.
    public var name: String
    /// IPv4 and IPv6 addresses returned for A and AAAA queries.
    public var addresses: [String]
    /// Another name to answer with (a CNAME, followed by the target's own answer).
    public var cname: String?
    /// The TTL of this rule's answers, in seconds; the mock section's `ttl` when absent.
    public var ttl: UInt32?

    /// A rule answering `name` with `addresses`.
    public init(name: String, addresses: [String] = [], cname: String? = nil, ttl: UInt32? = nil) {
        self.name = name
        self.addresses = addresses
        self.cname = cname
        self.ttl = ttl
    }

    enum CodingKeys: String, CodingKey { case name, addresses, cname, ttl }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        guard DNSNamePattern(name) != nil else {
            throw DecodingError.dataCorruptedError(forKey: .name, in: c, debugDescription: "'\(name)' is not a name or *.wildcard")
        }
        addresses = try c.decodeIfPresent([String].self, forKey: .addresses) ?? []
        cname = try c.decodeIfPresent(String.self, forKey: .cname)
        ttl = try c.decodeIfPresent(DNSDuration.self, forKey: .ttl)?.seconds
        for (index, text) in addresses.enumerated() where DNSAddressText.bytes(text) == nil {
            throw DecodingError.dataCorrupted(.init(
                codingPath: c.codingPath + [CodingKeys.addresses, DNSIndexKey(index)], debugDescription: "'\(text)' is not an IP address"
            ))
        }
        if let cname, (try? DNSName(cname)) == nil {
            throw DecodingError.dataCorruptedError(forKey: .cname, in: c, debugDescription: "'\(cname)' is not a name")
        }
        guard addresses.isEmpty != (cname == nil) else {
            throw DecodingError.dataCorruptedError(forKey: .name, in: c, debugDescription: "give exactly one of addresses or cname")
        }
    }
}
