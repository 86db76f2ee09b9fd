/// Compresses bytes into a raw Snappy block (the unframed format Parquet's SNAPPY codec uses).
///
/// Written in Swift from the Snappy format description so the library needs no C dependency:
/// a greedy matcher over a 4-byte hash table, working in 64 KiB blocks so every copy offset fits two
/// bytes. Like the reference implementation, it looks at every byte while matches come often and
/// takes longer strides through input that does not compress (one more byte per 32 misses), and it
/// extends matches eight bytes at a time.
enum SnappyCompressor {
    private static let blockSize = 1 << 16
    private static let hashBits = 14

    static func compress(_ input: [UInt8]) -> [UInt8] {
        // The reference implementation's bound. Here output never exceeds the input by more than
        // the length varint and three literal-header bytes per 64 KiB block: a literal is followed
        // by a copy of at least four bytes written in at most three.
        let capacity = 32 + input.count + input.count / 6
        // Positions relative to the block start; 0 also means "empty", which is safe because a
        // candidate is always checked byte for byte and must lie before the current position.
        var table = [UInt16](repeating: 0, count: 1 << hashBits)
        return [UInt8](unsafeUninitializedCapacity: capacity) { buffer, written in
            var output = Output(base: buffer.baseAddress!)
            output.appendVarint(input.count)
            input.withUnsafeBufferPointer { source in
                table.withUnsafeMutableBufferPointer { table in
                    var blockStart = 0
                    while blockStart < source.count {
                        let blockEnd = min(blockStart + blockSize, source.count)
                        table.update(repeating: 0)
                        compressBlock(source.baseAddress! + blockStart, count: blockEnd - blockStart, table: table, into: &output)
                        blockStart = blockEnd
                    }
                }
            }
            precondition(output.count <= capacity, "snappy output passed its bound")
            written = output.count
        }
    }

    /// The compressed bytes written so far, through a pointer into room sized for the worst case.
    private struct Output {
        let base: UnsafeMutablePointer<UInt8>
        var count = 0

        @inline(__always)
        mutating func append(_ byte: UInt8) {
            base[count] = byte
            count += 1
        }

        mutating func appendVarint(_ value: Int) {
            var rest = UInt64(value)
            while rest >= 0x80 {
                append(UInt8(truncatingIfNeeded: rest) | 0x80)
                rest >>= 7
            }
            append(UInt8(rest))
        }

        @inline(__always)
        mutating func append(_ bytes: UnsafePointer<UInt8>, count byteCount: Int) {
            (base + count).update(from: bytes, count: byteCount)
            count += byteCount
        }
    }

    @inline(__always)
    private static func load32(_ base: UnsafePointer<UInt8>, _ index: Int) -> UInt32 {
        UnsafeRawPointer(base + index).loadUnaligned(as: UInt32.self).littleEndian
    }

    @inline(__always)
    private static func load64(_ base: UnsafePointer<UInt8>, _ index: Int) -> UInt64 {
        UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self).littleEndian
    }

    private static func compressBlock(_ block: UnsafePointer<UInt8>, count: Int, table: UnsafeMutableBufferPointer<UInt16>,
                                      into output: inout Output) {
        var literalStart = 0
        var index = 0
        var skip = 32
        while index + 4 <= count {
            let word = load32(block, index)
            let hash = Int((word &* 0x1E35_A7BD) >> UInt32(32 - hashBits))
            let candidate = Int(table[hash])
            table[hash] = UInt16(truncatingIfNeeded: index)
            guard candidate < index, load32(block, candidate) == word else {
                index += skip >> 5
                skip += 1
                continue
            }
            skip = 32
            let length = 4 + matchLength(block, candidate + 4, index + 4, end: count)
            appendLiteral(block, literalStart..<index, into: &output)
            appendCopy(offset: index - candidate, length: length, into: &output)
            index += length
            literalStart = index
        }
        appendLiteral(block, literalStart..<count, into: &output)
    }

    /// How many bytes at `a` and `b` (with `a < b`) are equal, up to `end`.
    @inline(__always)
    private static func matchLength(_ block: UnsafePointer<UInt8>, _ a: Int, _ b: Int, end: Int) -> Int {
        var length = 0
        while b + length + 8 <= end {
            let difference = load64(block, a + length) ^ load64(block, b + length)
            if difference != 0 { return length + difference.trailingZeroBitCount / 8 }
            length += 8
        }
        while b + length < end && block[a + length] == block[b + length] { length += 1 }
        return length
    }

    private static func appendLiteral(_ block: UnsafePointer<UInt8>, _ range: Range<Int>, into output: inout Output) {
        guard !range.isEmpty else { return }
        let lengthMinusOne = range.count - 1
        if lengthMinusOne < 60 {
            output.append(UInt8(lengthMinusOne) << 2)
        } else {
            var extraBytes = 1
            while lengthMinusOne >> (8 * extraBytes) != 0 { extraBytes += 1 }
            output.append(UInt8(59 + extraBytes) << 2)
            for byte in 0..<extraBytes { output.append(UInt8(truncatingIfNeeded: lengthMinusOne >> (8 * byte))) }
        }
        output.append(block + range.lowerBound, count: range.count)
    }

    @inline(__always)
    private static func appendCopy(offset: Int, length: Int, into output: inout Output) {
        var remaining = length
        while remaining > 0 {
            // Keep at least 4 bytes for the final piece so it can use any copy form.
            var piece = min(remaining, 64)
            if remaining - piece > 0 && remaining - piece < 4 { piece = remaining - 4 }
            if piece >= 4 && piece <= 11 && offset < 2048 {
                output.append(UInt8(offset >> 8) << 5 | UInt8(piece - 4) << 2 | 0b01)
                output.append(UInt8(truncatingIfNeeded: offset))
            } else {
                output.append(UInt8(piece - 1) << 2 | 0b10)
                output.append(UInt8(truncatingIfNeeded: offset))
                output.append(UInt8(truncatingIfNeeded: offset >> 8))
            }
            remaining -= piece
        }
    }
}
