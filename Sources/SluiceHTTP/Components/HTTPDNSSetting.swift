import Sluice
import SluiceDNS

/// The `dns:` property of the http components: `system` (the default), a DNS server
/// `ADDRESS:PORT`, or a map with `server:` and/or `mocks:` (name or `*.wildcard` → an address, a
/// list of addresses, or another name to alias) — the per-job mocks of the DNS adapter.
/// Also the `dns:` section of the HTTP proxy's configuration (`SluiceHTTPProxy`).
public struct HTTPDNSSetting: Codable, Hashable, Sendable {
    /// The DNS server, nil for the system resolver (after the mocks).
    public var server: DNSEndpoint?
    /// The job's mock rules.
    public var mocks: [DNSMockRule]

    /// A setting from its parts.
    public init(server: DNSEndpoint? = nil, mocks: [DNSMockRule] = []) {
        self.server = server
        self.mocks = mocks
    }

    enum CodingKeys: String, CodingKey { case server, mocks }

    public init(from decoder: any Decoder) throws {
        if let single = try? decoder.singleValueContainer(), let text = try? single.decode(String.self) {
            if text == "system" { self.init(); return }
            guard let endpoint = DNSEndpoint(text: text) else {
                throw DecodingError.dataCorruptedError(in: single, debugDescription: "'\(text)' is not 'system', ADDRESS:PORT of a DNS server, or a map with server/mocks")
            }
            self.init(server: endpoint)
            return
        }
        let c = try decoder.container(keyedBy: CodingKeys.self)
        var server: DNSEndpoint?
        if let text = try c.decodeIfPresent(String.self, forKey: .server) {
            guard let endpoint = DNSEndpoint(text: text) else {
                throw DecodingError.dataCorruptedError(forKey: .server, in: c, debugDescription: "'\(text)' is not ADDRESS:PORT of a DNS server")
            }
            server = endpoint
        }
        self.init(server: server, mocks: try c.decodeIfPresent(HTTPMockMap.self, forKey: .mocks)?.rules ?? [])
    }

    /// Writes the shape it was read from: `system`, `ADDRESS:PORT`, or a map with server/mocks.
    public func encode(to encoder: any Encoder) throws {
        if mocks.isEmpty {
            var single = encoder.singleValueContainer()
            try single.encode(server.map { "\($0)" } ?? "system")
            return
        }
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(server.map { "\($0)" }, forKey: .server)
        var map = c.nestedContainer(keyedBy: HTTPMockMap.Key.self, forKey: .mocks)
        for rule in mocks {
            let key = HTTPMockMap.Key(stringValue: rule.name)
            if let cname = rule.cname { try map.encode(cname, forKey: key) } else { try map.encode(rule.addresses, forKey: key) }
        }
    }

    /// The resolution this setting asks for.
    public func resolution() throws -> HTTPNameResolution {
        if let server { return try .server(server, mocks: mocks) }
        return mocks.isEmpty ? .system : try .mocks(mocks)
    }
}

/// `name: address`, `name: [addresses]` or `name: other.name`, in a map.
struct HTTPMockMap: Decodable {
    var rules: [DNSMockRule] = []

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        for key in c.allKeys.sorted(by: { $0.stringValue < $1.stringValue }) {
            guard DNSNamePattern(key.stringValue) != nil else {
                throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "'\(key.stringValue)' is not a name or *.wildcard")
            }
            let targets = try (try? c.decode([String].self, forKey: key)) ?? [c.decode(String.self, forKey: key)]
            if targets.count == 1, DNSAddressText.bytes(targets[0]) == nil {
                guard (try? DNSName(targets[0])) != nil else {
                    throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "'\(targets[0])' is neither an IP address nor a name")
                }
                rules.append(DNSMockRule(name: key.stringValue, cname: targets[0]))
                continue
            }
            for target in targets where DNSAddressText.bytes(target) == nil {
                throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "'\(target)' is not an IP address")
            }
            rules.append(DNSMockRule(name: key.stringValue, addresses: targets))
        }
    }
}
