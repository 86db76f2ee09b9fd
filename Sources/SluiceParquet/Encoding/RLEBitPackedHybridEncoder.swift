/// Encodes small unsigned integers (levels, dictionary indices, booleans) with Parquet's RLE / bit-packed hybrid.
///
/// Runs of at least eight equal values become RLE runs; everything else is bit-packed in groups of eight.
/// Padding only ever appears at the very end, as the format requires.
enum RLEBitPackedHybridEncoder {
    static func encode(_ values: some Collection<UInt32>, bitWidth: Int) -> [UInt8] {
        let values = Array(values)
        var output: [UInt8] = []
        var pending: [UInt32] = []
        var index = 0
        while index < values.count {
            var run = 1
            while index + run < values.count && values[index + run] == values[index] { run += 1 }
            let fill = pending.count % 8 == 0 ? 0 : 8 - pending.count % 8
            if run - fill >= 8 {
                pending.append(contentsOf: repeatElement(values[index], count: fill))
                appendBitPacked(pending, bitWidth: bitWidth, into: &output)
                pending.removeAll(keepingCapacity: true)
                appendRun(values[index], count: run - fill, bitWidth: bitWidth, into: &output)
            } else {
                pending.append(contentsOf: values[index..<index + run])
            }
            index += run
        }
        appendBitPacked(pending, bitWidth: bitWidth, into: &output)
        return output
    }

    private static func appendRun(_ value: UInt32, count: Int, bitWidth: Int, into output: inout [UInt8]) {
        output.appendUnsignedVarint(UInt64(count) << 1)
        for byte in 0..<(bitWidth + 7) / 8 { output.append(UInt8(truncatingIfNeeded: value >> (8 * byte))) }
    }

    private static func appendBitPacked(_ values: [UInt32], bitWidth: Int, into output: inout [UInt8]) {
        guard !values.isEmpty else { return }
        let groups = (values.count + 7) / 8
        output.appendUnsignedVarint(UInt64(groups) << 1 | 1)
        output.append(contentsOf: BitPacking.pack(values, count: groups * 8, bitWidth: bitWidth))
    }
}
