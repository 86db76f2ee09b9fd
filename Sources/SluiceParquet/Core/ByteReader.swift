/// A bounds-checked cursor over a byte buffer.
///
/// All reads check the remaining length first and throw ``ParquetError`` with the absolute byte
/// offset (``baseOffset`` plus the position in the buffer), so decoders built on it never trap on bad input.
struct ByteReader {
    let bytes: [UInt8]
    private(set) var position: Int
    let end: Int
    /// Offset of `bytes[0]` in the enclosing input, used only for error messages.
    let baseOffset: Int

    init(_ bytes: [UInt8], baseOffset: Int = 0) {
        self.bytes = bytes
        self.position = 0
        self.end = bytes.count
        self.baseOffset = baseOffset
    }

    init(_ bytes: [UInt8], range: Range<Int>, baseOffset: Int = 0) {
        self.bytes = bytes
        self.position = range.lowerBound
        self.end = range.upperBound
        self.baseOffset = baseOffset
    }

    var remaining: Int { end - position }
    var absoluteOffset: Int { baseOffset + position }
    var isAtEnd: Bool { position >= end }

    func require(_ count: Int, _ what: String) throws {
        guard count >= 0 else { throw ParquetError.malformed("negative length \(count) for \(what)", at: absoluteOffset) }
        guard count <= remaining else {
            throw ParquetError.truncated("\(what) needs \(count) bytes, \(remaining) left", at: absoluteOffset)
        }
    }

    mutating func readByte() throws -> UInt8 {
        try require(1, "byte")
        defer { position += 1 }
        return bytes[position]
    }

    mutating func readBytes(_ count: Int, _ what: String = "bytes") throws -> [UInt8] {
        try require(count, what)
        defer { position += count }
        return Array(bytes[position..<position + count])
    }

    /// Returns the index range of the next `count` bytes and advances past them, without copying.
    mutating func skipRange(_ count: Int, _ what: String = "bytes") throws -> Range<Int> {
        try require(count, what)
        defer { position += count }
        return position..<position + count
    }

    mutating func readLittleEndian<T: FixedWidthInteger>(_: T.Type) throws -> T {
        let size = MemoryLayout<T>.size
        try require(size, "\(T.self)")
        var value: T = 0
        for index in 0..<size {
            value |= T(truncatingIfNeeded: bytes[position + index]) << (8 * index)
        }
        position += size
        return value
    }

    /// Reads an unsigned LEB128 varint of at most 10 bytes.
    mutating func readUnsignedVarint() throws -> UInt64 {
        let start = absoluteOffset
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let byte = try readByte()
            if shift == 63 && byte > 1 { throw ParquetError.malformed("varint overflows 64 bits", at: start) }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
            if shift > 63 { throw ParquetError.malformed("varint longer than 10 bytes", at: start) }
        }
    }

    mutating func readZigZagVarint() throws -> Int64 {
        let raw = try readUnsignedVarint()
        return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }
}
