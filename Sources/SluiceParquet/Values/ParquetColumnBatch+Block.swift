#if !_endian(little)
#error("ParquetColumnBatch blocks copy typed arrays as they lie in memory, which assumes a little-endian platform")
#endif

/// A compact binary image of rows of a batch, for write-ahead journals and spill files: the typed
/// arrays are copied as they lie in memory, so encoding and decoding cost a `memcpy` per column
/// instead of a tag and a branch per cell. It is not a Parquet structure, and it is read back only
/// by this library (little-endian platforms, as every Swift platform is).
///
/// A block is the row count (4 bytes), then per column in batch order: a flag byte (1: the rows
/// have nulls, followed by one byte per row, 1 present and 0 null), then the values of every row
/// (placeholders for nulls): 1 byte per BOOLEAN, 4 per INT32 or FLOAT, 8 per INT64 or DOUBLE, and
/// for byte arrays a 4-byte length per row followed by the rows' bytes back to back.
extension ParquetColumnBatch {
    /// Appends rows `rows` as one block to `bytes`.
    public func appendBlock(rows: Range<Int>, to bytes: inout [UInt8]) {
        let expanded = buffers.map { $0.layout == .dictionary || $0.layout == .values ? $0.expanded(rows: rows) : nil }
        let sizes = buffers.indices.map { k in
            expanded[k].map { $0.blockSize(rows: 0..<$0.count) } ?? buffers[k].blockSize(rows: rows)
        }
        let start = bytes.count
        let total = 4 + sizes.reduce(0, +)
        bytes.append(contentsOf: repeatElement(0, count: total))
        bytes.withUnsafeMutableBytes { memory in
            var at = memory.baseAddress! + start
            at.storeBytes(of: UInt32(rows.count), as: UInt32.self)
            at += 4
            for k in buffers.indices {
                let written = if let buffer = expanded[k] {
                    buffer.storeBlock(rows: 0..<buffer.count, at: at)
                } else {
                    buffers[k].storeBlock(rows: rows, at: at)
                }
                at += written
            }
        }
    }

    /// The number of rows of the block at the start of `block`, or nil when it is shorter than that.
    public static func blockRowCount(_ block: UnsafeRawBufferPointer) -> Int? {
        block.count >= 4 ? Int(block.loadUnaligned(as: UInt32.self)) : nil
    }

    /// Appends the rows of `block` (exactly one block, as ``appendBlock(rows:to:)`` wrote it for
    /// a batch of the same columns); a block that does not fit the columns throws
    /// ``ParquetError/Code-swift.struct/malformed`` with the offset inside the block, and nothing
    /// is appended.
    public mutating func appendBlock(_ block: UnsafeRawBufferPointer) throws {
        guard let rows = Self.blockRowCount(block) else { throw ParquetError.truncated("block ends inside its row count", at: 0) }
        let before = rowCount
        var reader = BlockReader(bytes: block, offset: 4)
        do {
            for k in buffers.indices { try buffers[k].appendBlock(rows: rows, from: &reader) }
            guard reader.offset == block.count else {
                throw ParquetError.malformed("block has \(block.count - reader.offset) bytes after its last column", at: reader.offset)
            }
        } catch {
            removeRows(from: before)
            throw error
        }
    }
}

/// Reads a block front to back, checking every length against its end.
struct BlockReader {
    let bytes: UnsafeRawBufferPointer
    var offset: Int

    /// The next `count` bytes.
    mutating func take(_ count: Int, _ what: @autoclosure () -> String) throws -> UnsafeRawBufferPointer {
        guard count >= 0, bytes.count - offset >= count else {
            throw ParquetError.truncated("block ends inside \(what())", at: offset)
        }
        defer { offset += count }
        return UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + count])
    }
}

extension ParquetColumnBuffer {
    /// The width in a block of one value of a fixed-width layout (0 for byte arrays).
    private var blockValueWidth: Int {
        switch layout {
        case .booleans: 1
        case .int32s, .floats: 4
        case .int64s, .doubles: 8
        case .bytes, .dictionary, .values: 0
        }
    }

    /// Rows `rows` in the plain typed layout of the column type (a dictionary or list buffer's
    /// values, one by one).
    func expanded(rows: Range<Int>) -> ParquetColumnBuffer {
        var plain = ParquetColumnBuffer(type: type)
        plain.append(contentsOf: self, rows: rows)
        return plain
    }

    /// The bytes of rows `rows` in a block.
    func blockSize(rows: Range<Int>) -> Int {
        let nulls = nullCount > 0 ? rows.count : 0
        guard layout == .bytes else { return 1 + nulls + blockValueWidth * rows.count }
        return 1 + nulls + 4 * rows.count + (offsets[rows.upperBound] - offsets[rows.lowerBound])
    }

    /// Stores rows `rows` at `address` (``blockSize(rows:)`` bytes); returns that size.
    func storeBlock(rows: Range<Int>, at address: UnsafeMutableRawPointer) -> Int {
        var at = address
        let hasNulls = nullCount > 0
        at.storeBytes(of: hasNulls ? 1 : 0, as: UInt8.self)
        at += 1
        if hasNulls { at += Self.copy(validity, rows, to: at) }
        switch layout {
        case .booleans: at += Self.copy(booleans, rows, to: at)
        case .int32s: at += Self.copy(int32s, rows, to: at)
        case .int64s: at += Self.copy(int64s, rows, to: at)
        case .floats: at += Self.copy(floats, rows, to: at)
        case .doubles: at += Self.copy(doubles, rows, to: at)
        case .bytes:
            offsets.withUnsafeBufferPointer { offsets in
                for (k, row) in rows.enumerated() {
                    at.storeBytes(of: UInt32(truncatingIfNeeded: offsets[row + 1] - offsets[row]), toByteOffset: 4 * k, as: UInt32.self)
                }
            }
            at += 4 * rows.count
            let first = offsets[rows.lowerBound]
            let end = offsets[rows.upperBound]
            at += Self.copy(bytes, first..<end, to: at)
        case .dictionary, .values: preconditionFailure("dictionary and list buffers are expanded before they are stored")
        }
        return at - address
    }

    /// Copies elements `range` of `array` to `address`; returns the byte count.
    private static func copy<Element: BitwiseCopyable>(_ array: [Element], _ range: Range<Int>, to address: UnsafeMutableRawPointer) -> Int {
        let count = range.count * MemoryLayout<Element>.stride
        guard count > 0 else { return 0 }
        array.withUnsafeBytes { source in
            address.copyMemory(from: source.baseAddress! + range.lowerBound * MemoryLayout<Element>.stride, byteCount: count)
        }
        return count
    }

    /// Appends `rows` rows of a block, read from `reader`. Everything is read and checked before
    /// the buffer changes, so a bad block leaves it as it was.
    mutating func appendBlock(rows: Int, from reader: inout BlockReader) throws {
        guard layout != .dictionary, layout != .values else {
            throw ParquetError(.unsupported, "blocks are read into plain buffers only")
        }
        let flagOffset = reader.offset
        let flag = try reader.take(1, "a column's null flag")[0]
        guard flag <= 1 else { throw ParquetError.malformed("null flag \(flag) is neither 0 nor 1", at: flagOffset) }
        let presence = flag == 1 ? try reader.take(rows, "a column's null flags") : nil
        if let presence, let bad = presence.firstIndex(where: { $0 > 1 }) {
            throw ParquetError.malformed("null flag \(presence[bad]) is neither 0 nor 1", at: flagOffset + 1 + bad)
        }
        var lengths: UnsafeRawBufferPointer?
        let valuesOffset: Int
        let values: UnsafeRawBufferPointer
        if layout == .bytes {
            let lengthBytes = try reader.take(4 * rows, "a column's value lengths")
            var total = 0
            for row in 0..<rows {
                total += Int(lengthBytes.loadUnaligned(fromByteOffset: 4 * row, as: UInt32.self))
                guard total <= reader.bytes.count else { throw ParquetError.truncated("block ends inside a column's values", at: reader.offset) }
            }
            lengths = lengthBytes
            valuesOffset = reader.offset
            values = try reader.take(total, "a column's values")
        } else {
            valuesOffset = reader.offset
            values = try reader.take(rows * blockValueWidth, "a column's values")
        }
        if layout == .booleans, let bad = values.firstIndex(where: { $0 > 1 }) {
            throw ParquetError.malformed("boolean byte \(values[bad]) is neither 0 nor 1", at: valuesOffset + bad)
        }
        switch layout {
        case .booleans: Self.append(&booleans, values)
        case .int32s: Self.append(&int32s, values)
        case .int64s: Self.append(&int64s, values)
        case .floats: Self.append(&floats, values)
        case .doubles: Self.append(&doubles, values)
        case .bytes:
            var end = bytes.count
            offsets.reserveCapacity(offsets.count + rows)
            for row in 0..<rows {
                end += Int(lengths!.loadUnaligned(fromByteOffset: 4 * row, as: UInt32.self))
                offsets.append(end)
            }
            bytes.append(contentsOf: values)
        case .dictionary, .values: break
        }
        endRows(rows, nulls: presence.map { $0.map { $0 == 0 } } ?? [])
    }

    /// Appends the fixed-width values in `raw` (checked to be valid for `Element`).
    private static func append<Element: BitwiseCopyable>(_ array: inout [Element], _ raw: UnsafeRawBufferPointer) {
        let rows = raw.count / MemoryLayout<Element>.stride
        array.reserveCapacity(array.count + rows)
        for row in 0..<rows { array.append(raw.loadUnaligned(fromByteOffset: row * MemoryLayout<Element>.stride, as: Element.self)) }
    }
}
