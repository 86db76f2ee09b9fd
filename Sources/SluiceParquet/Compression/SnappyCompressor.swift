/// Compresses bytes into a raw Snappy block (the unframed format Parquet's SNAPPY codec uses).
///
/// Written in Swift from the Snappy format description so the library needs no C dependency:
/// a greedy matcher over a 4-byte hash table, working in 64 KiB blocks so every copy offset fits two bytes.
enum SnappyCompressor {
    private static let blockSize = 1 << 16
    private static let hashBits = 14

    static func compress(_ input: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(32 + input.count + input.count / 6)
        output.appendUnsignedVarint(UInt64(input.count))
        var blockStart = 0
        var table = [Int](repeating: -1, count: 1 << hashBits)
        while blockStart < input.count {
            let blockEnd = min(blockStart + blockSize, input.count)
            for index in table.indices { table[index] = -1 }
            compressBlock(input, blockStart..<blockEnd, table: &table, into: &output)
            blockStart = blockEnd
        }
        return output
    }

    private static func load32(_ input: [UInt8], _ index: Int) -> UInt32 {
        UInt32(input[index]) | UInt32(input[index + 1]) << 8 | UInt32(input[index + 2]) << 16 | UInt32(input[index + 3]) << 24
    }

    private static func compressBlock(_ input: [UInt8], _ block: Range<Int>, table: inout [Int], into output: inout [UInt8]) {
        var literalStart = block.lowerBound
        var index = block.lowerBound
        while index + 4 <= block.upperBound {
            let word = load32(input, index)
            let hash = Int((word &* 0x1E35_A7BD) >> UInt32(32 - hashBits))
            let candidate = table[hash]
            table[hash] = index
            guard candidate >= 0, load32(input, candidate) == word else {
                index += 1
                continue
            }
            var length = 4
            while index + length < block.upperBound && input[candidate + length] == input[index + length] { length += 1 }
            appendLiteral(input, literalStart..<index, into: &output)
            appendCopy(offset: index - candidate, length: length, into: &output)
            index += length
            literalStart = index
        }
        appendLiteral(input, literalStart..<block.upperBound, into: &output)
    }

    private static func appendLiteral(_ input: [UInt8], _ range: Range<Int>, into output: inout [UInt8]) {
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
        output.append(contentsOf: input[range])
    }

    private static func appendCopy(offset: Int, length: Int, into output: inout [UInt8]) {
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
