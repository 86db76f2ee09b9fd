/// A resource record TYPE (or QTYPE). Unknown values are kept as they are, so records of types
/// this server does not understand are forwarded and cached opaquely.
public struct DNSRecordType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt16

    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public static let a = DNSRecordType(rawValue: 1)
    public static let ns = DNSRecordType(rawValue: 2)
    public static let cname = DNSRecordType(rawValue: 5)
    public static let soa = DNSRecordType(rawValue: 6)
    public static let ptr = DNSRecordType(rawValue: 12)
    public static let mx = DNSRecordType(rawValue: 15)
    public static let txt = DNSRecordType(rawValue: 16)
    public static let aaaa = DNSRecordType(rawValue: 28)
    public static let srv = DNSRecordType(rawValue: 33)
    public static let opt = DNSRecordType(rawValue: 41)
    public static let any = DNSRecordType(rawValue: 255)

    private static let names: [UInt16: String] = [
        1: "A", 2: "NS", 5: "CNAME", 6: "SOA", 12: "PTR", 15: "MX", 16: "TXT", 28: "AAAA", 33: "SRV", 41: "OPT", 255: "ANY",
    ]

    /// The mnemonic (`A`, `AAAA`, ...) or `TYPE123` (RFC 3597) for others.
    public var description: String { Self.names[rawValue] ?? "TYPE\(rawValue)" }

    /// Reads a mnemonic or `TYPEnnn`, case-insensitively; nil when neither.
    public init?(name: String) {
        let upper = name.uppercased()
        if let match = Self.names.first(where: { $0.value == upper }) {
            self.init(rawValue: match.key)
        } else if upper.hasPrefix("TYPE"), let value = UInt16(upper.dropFirst(4)) {
            self.init(rawValue: value)
        } else {
            return nil
        }
    }
}

/// A resource record CLASS; practically always IN.
public struct DNSRecordClass: RawRepresentable, Hashable, Sendable {
    public var rawValue: UInt16

    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// The Internet class.
    public static let internet = DNSRecordClass(rawValue: 1)
}
