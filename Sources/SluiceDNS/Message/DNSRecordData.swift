/// The RDATA of a resource record, decoded for the types this server understands and kept as
/// bytes for the others (forwarded and cached opaquely, RFC 3597).
public enum DNSRecordData: Hashable, Sendable {
    /// An IPv4 address (4 bytes).
    case a([UInt8])
    /// An IPv6 address (16 bytes).
    case aaaa([UInt8])
    /// The canonical name of an alias.
    case cname(DNSName)
    /// An authoritative name server.
    case ns(DNSName)
    /// A pointer (reverse lookups).
    case ptr(DNSName)
    /// A mail exchanger and its preference.
    case mx(preference: UInt16, exchange: DNSName)
    /// Character strings, each at most 255 bytes.
    case txt([[UInt8]])
    /// A zone's start of authority.
    case soa(DNSStartOfAuthority)
    /// A service location (RFC 2782).
    case srv(priority: UInt16, weight: UInt16, port: UInt16, target: DNSName)
    /// Any other type: the bytes as received.
    case opaque([UInt8])
}

/// The data of an SOA record; `minimum` bounds negative caching (RFC 2308).
public struct DNSStartOfAuthority: Hashable, Sendable {
    public var primary: DNSName
    public var mailbox: DNSName
    public var serial: UInt32
    public var refresh: UInt32
    public var retry: UInt32
    public var expire: UInt32
    public var minimum: UInt32

    /// An SOA record's fields.
    public init(primary: DNSName, mailbox: DNSName, serial: UInt32, refresh: UInt32, retry: UInt32, expire: UInt32, minimum: UInt32) {
        self.primary = primary
        self.mailbox = mailbox
        self.serial = serial
        self.refresh = refresh
        self.retry = retry
        self.expire = expire
        self.minimum = minimum
    }
}
