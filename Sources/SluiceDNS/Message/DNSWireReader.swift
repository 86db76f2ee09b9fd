/// Reads DNS wire format from a byte array, checking every bound; never traps on bad input.
struct DNSWireReader {
    let bytes: [UInt8]
    private(set) var offset: Int

    init(bytes: [UInt8], offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    var remaining: Int { bytes.count - offset }

    mutating func readUInt8() throws(DNSParseError) -> UInt8 {
        guard offset < bytes.count else { throw .truncated(offset: offset) }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func readUInt16() throws(DNSParseError) -> UInt16 {
        guard offset + 2 <= bytes.count else { throw .truncated(offset: offset) }
        defer { offset += 2 }
        return UInt16(bytes[offset]) << 8 | UInt16(bytes[offset + 1])
    }

    mutating func readUInt32() throws(DNSParseError) -> UInt32 {
        guard offset + 4 <= bytes.count else { throw .truncated(offset: offset) }
        defer { offset += 4 }
        return UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16 | UInt32(bytes[offset + 2]) << 8 | UInt32(bytes[offset + 3])
    }

    mutating func readBytes(_ count: Int) throws(DNSParseError) -> [UInt8] {
        guard count >= 0, offset + count <= bytes.count else { throw .truncated(offset: offset) }
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }

    /// Reads a possibly compressed name. Each pointer must point strictly before the pointer
    /// itself, so the walk always moves backwards and ends; label and name limits are checked
    /// as the name grows.
    mutating func readName() throws(DNSParseError) -> DNSName {
        var labels: [[UInt8]] = []
        var wireLength = 1
        var position = offset
        var resumeAt: Int?  // where reading continues after the first pointer
        var lowestPointer = position
        while true {
            guard position < bytes.count else { throw .truncated(offset: position) }
            let length = bytes[position]
            switch length & 0xC0 {
            case 0x00:
                if length == 0 {
                    offset = resumeAt ?? position + 1
                    return DNSName(uncheckedLabels: labels)
                }
                let count = Int(length)
                guard position + 1 + count <= bytes.count else { throw .truncated(offset: position) }
                wireLength += count + 1
                guard wireLength <= DNSName.maxWireLength else { throw .nameTooLong(offset: position) }
                labels.append(Array(bytes[position + 1..<position + 1 + count]))
                position += 1 + count
            case 0xC0:
                guard position + 1 < bytes.count else { throw .truncated(offset: position) }
                let target = Int(length & 0x3F) << 8 | Int(bytes[position + 1])
                guard target < lowestPointer else { throw .badPointer(offset: position, target: target) }
                if resumeAt == nil { resumeAt = position + 2 }
                lowestPointer = target
                position = target
            default:
                throw .badLabelType(offset: position, byte: length)
            }
        }
    }
}
