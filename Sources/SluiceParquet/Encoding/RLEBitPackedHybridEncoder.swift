/// Encodes small unsigned integers (levels, dictionary indices, booleans) with Parquet's RLE / bit-packed hybrid.
///
/// Runs of at least eight equal values become RLE runs; everything else is bit-packed in groups of eight.
/// Padding only ever appears at the very end, as the format requires.
enum RLEBitPackedHybridEncoder {
    static func encode(_ values: some Collection<UInt32>, bitWidth: Int) -> [UInt8] {
        var output: [UInt8] = []
        append(values, bitWidth: bitWidth, to: &output)
        return output
    }

    /// The encoding of `count` copies of `value`: what ``encode(_:bitWidth:)`` gives for them,
    /// without building them (definition levels of a page without nulls).
    static func encode(repeating value: UInt32, count: Int, bitWidth: Int) -> [UInt8] {
        guard count >= 8 else { return encode(repeatElement(value, count: count), bitWidth: bitWidth) }
        var output: [UInt8] = []
        appendRun(value, count: count, bitWidth: bitWidth, into: &output)
        return output
    }

    /// Appends the encoding of `values` to `output`.
    static func append(_ values: some Collection<UInt32>, bitWidth: Int, to output: inout [UInt8]) {
        if values.withContiguousStorageIfAvailable({ append($0, bitWidth: bitWidth, to: &output) }) != nil { return }
        Array(values).withUnsafeBufferPointer { append($0, bitWidth: bitWidth, to: &output) }
    }

    /// The values waiting to be bit-packed are always a contiguous range of the input (a short run
    /// is taken whole; the values that pad a group of eight before an RLE run come from that run).
    /// Only a run of eight or more equal values can become an RLE run, so the scan looks for those
    /// alone, without a branch per run.
    private static func append(_ values: UnsafeBufferPointer<UInt32>, bitWidth: Int, to output: inout [UInt8]) {
        var pendingStart = 0
        /// Takes the run `start..<end` as an RLE run when it is still long enough once it pads the
        /// pending values to a group of eight.
        func take(_ start: Int, _ end: Int) {
            let pendingCount = start - pendingStart
            let fill = pendingCount % 8 == 0 ? 0 : 8 - pendingCount % 8
            guard end - start - fill >= 8 else { return }
            appendBitPacked(UnsafeBufferPointer(rebasing: values[pendingStart..<start + fill]), bitWidth: bitWidth, into: &output)
            appendRun(values[start], count: end - start - fill, bitWidth: bitWidth, into: &output)
            pendingStart = end
        }
        var runStart = 0
        if values.count > 1 {
            for index in 1..<values.count {
                let same = values[index] == values[index - 1]
                let long = index - runStart >= 8
                if !same && long { take(runStart, index) }
                runStart = same ? runStart : index
            }
        }
        if values.count - runStart >= 8 { take(runStart, values.count) }
        appendBitPacked(UnsafeBufferPointer(rebasing: values[pendingStart..<values.count]), bitWidth: bitWidth, into: &output)
    }

    private static func appendRun(_ value: UInt32, count: Int, bitWidth: Int, into output: inout [UInt8]) {
        output.appendUnsignedVarint(UInt64(count) << 1)
        for byte in 0..<(bitWidth + 7) / 8 { output.append(UInt8(truncatingIfNeeded: value >> (8 * byte))) }
    }

    private static func appendBitPacked(_ values: UnsafeBufferPointer<UInt32>, bitWidth: Int, into output: inout [UInt8]) {
        guard !values.isEmpty else { return }
        let groups = (values.count + 7) / 8
        output.appendUnsignedVarint(UInt64(groups) << 1 | 1)
        BitPacking.append(values, count: groups * 8, bitWidth: bitWidth, to: &output)
    }
}
