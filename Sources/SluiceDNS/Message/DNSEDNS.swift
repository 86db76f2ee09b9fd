/// The EDNS(0) pseudo-record (OPT, RFC 6891) of a message, taken out of the additional section.
public struct DNSEDNS: Hashable, Sendable {
    /// The largest UDP payload the sender can receive.
    public var udpPayloadSize: UInt16
    /// The upper 8 bits of the extended RCODE.
    public var extendedResponseCode: UInt8
    /// The EDNS version (0).
    public var version: UInt8
    /// DNSSEC OK (DO bit).
    public var dnssecOK: Bool
    /// The options, as received (option code, length, data...).
    public var options: [UInt8]

    /// An OPT record advertising `udpPayloadSize`.
    public init(udpPayloadSize: UInt16, extendedResponseCode: UInt8 = 0, version: UInt8 = 0, dnssecOK: Bool = false, options: [UInt8] = []) {
        self.udpPayloadSize = udpPayloadSize
        self.extendedResponseCode = extendedResponseCode
        self.version = version
        self.dnssecOK = dnssecOK
        self.options = options
    }
}
