/// The fixed 12-byte header of a DNS message (RFC 1035 §4.1.1), without the section counts,
/// which ``DNSMessage`` derives from its sections when writing.
public struct DNSHeader: Hashable, Sendable {
    /// The query id, copied into the response.
    public var id: UInt16
    /// Whether this is a response (QR).
    public var isResponse: Bool
    /// The kind of query; 0 is a standard query.
    public var opcode: UInt8
    /// Authoritative answer (AA).
    public var isAuthoritative: Bool
    /// The message was truncated to fit the transport (TC).
    public var isTruncated: Bool
    /// The client asks for recursion (RD).
    public var recursionDesired: Bool
    /// The server offers recursion (RA).
    public var recursionAvailable: Bool
    /// Authentic data (AD, RFC 4035).
    public var authenticData: Bool
    /// Checking disabled (CD, RFC 4035).
    public var checkingDisabled: Bool
    /// The response code.
    public var responseCode: DNSResponseCode

    /// A header with every flag clear.
    public init(
        id: UInt16 = 0, isResponse: Bool = false, opcode: UInt8 = 0, isAuthoritative: Bool = false,
        isTruncated: Bool = false, recursionDesired: Bool = false, recursionAvailable: Bool = false,
        authenticData: Bool = false, checkingDisabled: Bool = false, responseCode: DNSResponseCode = .noError
    ) {
        self.id = id
        self.isResponse = isResponse
        self.opcode = opcode
        self.isAuthoritative = isAuthoritative
        self.isTruncated = isTruncated
        self.recursionDesired = recursionDesired
        self.recursionAvailable = recursionAvailable
        self.authenticData = authenticData
        self.checkingDisabled = checkingDisabled
        self.responseCode = responseCode
    }

    /// The 16 flag bits as on the wire.
    public var flags: UInt16 {
        var value = UInt16(opcode & 0x0F) << 11 | UInt16(responseCode.rawValue)
        if isResponse { value |= 0x8000 }
        if isAuthoritative { value |= 0x0400 }
        if isTruncated { value |= 0x0200 }
        if recursionDesired { value |= 0x0100 }
        if recursionAvailable { value |= 0x0080 }
        if authenticData { value |= 0x0020 }
        if checkingDisabled { value |= 0x0010 }
        return value
    }

    /// A header from its id and wire flag bits.
    public init(id: UInt16, flags: UInt16) {
        self.init(
            id: id, isResponse: flags & 0x8000 != 0, opcode: UInt8((flags >> 11) & 0x0F),
            isAuthoritative: flags & 0x0400 != 0, isTruncated: flags & 0x0200 != 0,
            recursionDesired: flags & 0x0100 != 0, recursionAvailable: flags & 0x0080 != 0,
            authenticData: flags & 0x0020 != 0, checkingDisabled: flags & 0x0010 != 0,
            responseCode: DNSResponseCode(rawValue: UInt8(flags & 0x0F))
        )
    }
}
