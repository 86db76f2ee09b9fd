/// Little-endian, least-significant-bit-first bit packing as used by Parquet's hybrid and delta encodings.
///
/// Bits move through a 64-bit accumulator a value (packing) or a byte (unpacking) at a time rather
/// than bit by bit.
enum BitPacking {
    /// Packs `count` values (missing values are zero) into `count * bitWidth / 8` bytes.
    static func pack(_ values: [UInt32], count: Int, bitWidth: Int) -> [UInt8] {
        var output: [UInt8] = []
        values.withUnsafeBufferPointer { append(UnsafeBufferPointer(rebasing: $0[...]), count: count, bitWidth: bitWidth, to: &output) }
        return output
    }

    /// Appends `count` values of `values` (missing values are zero) packed into `(count * bitWidth + 7) / 8` bytes;
    /// bits of a value above `bitWidth` are dropped.
    static func append(_ values: UnsafeBufferPointer<UInt32>, count: Int, bitWidth: Int, to output: inout [UInt8]) {
        let byteCount = (count * bitWidth + 7) / 8
        let start = output.count
        // Zeroed room (plus a word of slack for the last store), written through a pointer: the
        // missing values are the zeros already there.
        output.append(contentsOf: repeatElement(0, count: byteCount + 8))
        defer { output.removeLast(8) }
        guard bitWidth > 0 else { return }
        guard bitWidth <= 32 else { return appendWide(values, count: count, bitWidth: bitWidth, at: start, to: &output) }
        let mask: UInt64 = (1 << UInt64(bitWidth)) - 1
        output.withUnsafeMutableBytes { raw in
            var position = start
            var accumulator: UInt64 = 0
            var bits = 0
            for index in 0..<min(count, values.count) {
                accumulator |= (UInt64(values[index]) & mask) << UInt64(bits)
                bits += bitWidth
                if bits >= 32 {
                    raw.storeBytes(of: UInt32(truncatingIfNeeded: accumulator).littleEndian, toByteOffset: position, as: UInt32.self)
                    position += 4
                    accumulator >>= 32
                    bits -= 32
                }
            }
            if bits > 0 { raw.storeBytes(of: accumulator.littleEndian, toByteOffset: position, as: UInt64.self) }
        }
    }

    /// ``append(_:count:bitWidth:to:)`` for widths past 32 bits (each value zero-extended), a
    /// byte at a time into the zeroed room at `start`.
    private static func appendWide(_ values: UnsafeBufferPointer<UInt32>, count: Int, bitWidth: Int, at start: Int, to output: inout [UInt8]) {
        var position = start
        var accumulator: UInt64 = 0
        var bits = 0
        for index in 0..<count {
            accumulator |= index < values.count ? UInt64(values[index]) << UInt64(bits) : 0
            bits += bitWidth
            while bits >= 8 {
                output[position] = UInt8(truncatingIfNeeded: accumulator)
                position += 1
                accumulator >>= 8
                bits -= 8
            }
        }
        if bits > 0 { output[position] = UInt8(truncatingIfNeeded: accumulator) }
    }

    /// Reads the value with the given index from packed bytes starting at `start`; the caller guarantees the bytes exist.
    static func unpack(_ bytes: [UInt8], start: Int, index: Int, bitWidth: Int) -> UInt64 {
        var value: UInt64 = 0
        let firstBit = index * bitWidth
        for offset in 0..<bitWidth {
            let bit = firstBit + offset
            if bytes[start + bit >> 3] >> UInt8(bit & 7) & 1 == 1 { value |= 1 << UInt64(offset) }
        }
        return value
    }

    /// Appends the first `count` values packed at `bytes[start...]` with `bitWidth` ≤ 32 bits each;
    /// the caller guarantees the `(count * bitWidth + 7) / 8` bytes exist.
    static func unpack(_ bytes: [UInt8], start: Int, count: Int, bitWidth: Int, into output: inout [UInt32]) {
        guard bitWidth > 0 else {
            output.append(contentsOf: repeatElement(0, count: count))
            return
        }
        let mask: UInt64 = (1 << UInt64(bitWidth)) - 1
        bytes.withUnsafeBufferPointer { buffer in
            var position = start
            var accumulator: UInt64 = 0
            var bits = 0
            for _ in 0..<count {
                while bits < bitWidth {
                    accumulator |= UInt64(buffer[position]) << UInt64(bits)
                    position += 1
                    bits += 8
                }
                output.append(UInt32(truncatingIfNeeded: accumulator & mask))
                accumulator >>= UInt64(bitWidth)
                bits -= bitWidth
            }
        }
    }
}
