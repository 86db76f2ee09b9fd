/// Writes DNS wire format into a byte array, compressing names against the suffixes already
/// written (RFC 1035 §4.1.4).
struct DNSWireWriter {
    private(set) var bytes: [UInt8] = []
    /// Offsets (below 0x4000, so a pointer can reach them) where labels of names were written:
    /// each starts a suffix that later names may point to.
    private var labelOffsets: [Int] = []

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
        let labels = name.labels
        for index in labels.indices {
            if compress, let target = earlierSuffix(labels, from: index) {
                write(UInt16(0xC000) | UInt16(target))
                return
            }
            if bytes.count < 0x4000 { labelOffsets.append(bytes.count) }
            bytes.append(UInt8(labels[index].count))
            bytes.append(contentsOf: labels[index])
        }
        bytes.append(0)
    }

    /// The offset of an earlier name whose labels equal `labels[start...]`, ignoring case.
    private func earlierSuffix(_ labels: [[UInt8]], from start: Int) -> Int? {
        for offset in labelOffsets where suffix(labels, from: start, isAt: offset) { return offset }
        return nil
    }

    /// Whether the name written at `offset` (following this writer's own backward pointers)
    /// has exactly the labels `labels[start...]`.
    private func suffix(_ labels: [[UInt8]], from start: Int, isAt offset: Int) -> Bool {
        var position = offset
        var index = start
        while true {
            let length = bytes[position]
            if length & 0xC0 == 0xC0 {
                position = Int(length & 0x3F) << 8 | Int(bytes[position + 1])
                continue
            }
            if length == 0 { return index == labels.count }
            guard index < labels.count, labels[index].count == Int(length) else { return false }
            let label = labels[index]
            for k in 0..<label.count where DNSName.lowercased(bytes[position + 1 + k]) != DNSName.lowercased(label[k]) {
                return false
            }
            position += 1 + Int(length)
            index += 1
        }
    }
}
