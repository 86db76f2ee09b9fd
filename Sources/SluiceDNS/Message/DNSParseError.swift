/// Why a DNS message could not be read from the wire. Every case names the offset where reading
/// stopped, so a malformed packet can be diagnosed from a capture.
public enum DNSParseError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The message ended before a field that should be there.
    case truncated(offset: Int)
    /// A name longer than 255 bytes on the wire.
    case nameTooLong(offset: Int)
    /// A compression pointer that does not point strictly backwards (loops, forward jumps).
    case badPointer(offset: Int, target: Int)
    /// A length byte of 64 or more that is not a pointer: a label over 63 bytes, or one of the
    /// reserved label types 0x40 and 0x80.
    case badLabelType(offset: Int, byte: UInt8)
    /// A record's data did not have the length its RDLENGTH announced, or its shape is wrong.
    case badRecordData(offset: Int, type: DNSRecordType)
    /// More than one OPT record, or an OPT record outside the additional section.
    case badOPT(offset: Int)
    /// Text given as a name is not a valid domain name.
    case badName(String)

    public var description: String {
        switch self {
        case .truncated(let offset): "message truncated at byte \(offset)"
        case .nameTooLong(let offset): "name longer than 255 bytes at byte \(offset)"
        case .badPointer(let offset, let target): "compression pointer at byte \(offset) to byte \(target) does not point backwards"
        case .badLabelType(let offset, let byte): "unsupported label type 0x\(String(byte, radix: 16)) at byte \(offset)"
        case .badRecordData(let offset, let type): "malformed \(type) record data at byte \(offset)"
        case .badOPT(let offset): "misplaced or repeated OPT record at byte \(offset)"
        case .badName(let text): "invalid domain name '\(text)'"
        }
    }
}
