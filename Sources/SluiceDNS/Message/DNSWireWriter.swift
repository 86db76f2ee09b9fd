/// Writes DNS wire format into a byte array, compressing names against the suffixes already
/// written (RFC 1035 §4.1.4).
struct DNSWireWriter {
    private(set) var bytes: [UInt8] = []
    /// Offsets of the name suffixes written so far, keyed by their lower-cased labels.
    private var suffixOffsets: [ArraySlice<[UInt8]>: Int] = [:]

    init(capacity: Int = 512) { bytes.reserveCapacity(capacity) }

    var count: Int { bytes.count }

    mutating func write(_ value: UInt8) { bytes.append(value) }

    mutating func write(_ value: UInt16) {
        bytes.append(UInt8(value >> 8))
        bytes.append(UInt8(value & 0xFF))
    }

    mutating func write(_ value: UInt32) {
        write(UInt16(value >> 16))
        write(UInt16(value & 0xFFFF))
    }

    mutating func write(bytes more: [UInt8]) { bytes.append(contentsOf: more) }

    /// Overwrites two bytes at `offset` (counts, RDLENGTH).
    mutating func patch(_ value: UInt16, at offset: Int) {
        bytes[offset] = UInt8(value >> 8)
        bytes[offset + 1] = UInt8(value & 0xFF)
    }

    /// Writes `name`, pointing to an earlier copy of its longest known suffix when `compress`.
    mutating func write(_ name: DNSName, compress: Bool = true) {
        let lowered = name.labels.map { $0.map(DNSName.lowercased) }
        for index in lowered.indices {
            let suffix = lowered[index...]
            if compress, let target = suffixOffsets[suffix] {
                write(UInt16(0xC000) | UInt16(target))
                return
            }
            if bytes.count < 0x4000 { suffixOffsets[suffix] = bytes.count }
            let label = name.labels[index]
            bytes.append(UInt8(label.count))
            bytes.append(contentsOf: label)
        }
        bytes.append(0)
    }
}
