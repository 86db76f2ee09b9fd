import Testing
@testable import SluiceParquet

@Suite struct RLEBitPackedHybridTests {
    private func decode(_ bytes: [UInt8], bitWidth: Int, count: Int) throws -> [UInt32] {
        var decoder = try RLEBitPackedHybridDecoder(ByteReader(bytes), bitWidth: bitWidth)
        return try decoder.decode(count: count)
    }

    @Test(arguments: [1, 2, 3, 7, 8, 13, 20, 32])
    func roundTripsMixedRunsAndLiterals(bitWidth: Int) throws {
        var generator = SeededGenerator(seed: UInt64(bitWidth))
        let mask = bitWidth == 32 ? UInt32.max : (1 << UInt32(bitWidth)) - 1
        var values: [UInt32] = []
        for _ in 0..<200 {
            let value = UInt32.random(in: 0...UInt32.max, using: &generator) & mask
            values.append(contentsOf: repeatElement(value, count: Int.random(in: 1...20, using: &generator)))
        }
        let encoded = RLEBitPackedHybridEncoder.encode(values, bitWidth: bitWidth)
        #expect(try decode(encoded, bitWidth: bitWidth, count: values.count) == values)
    }

    @Test(arguments: [0, 1, 7, 8, 9, 100, 65_537])
    func aRepeatedValueEncodesAsTheGeneralEncoderDoes(count: Int) {
        for (value, width) in [(UInt32(1), 1), (5, 3), (300, 9)] {
            #expect(RLEBitPackedHybridEncoder.encode(repeating: value, count: count, bitWidth: width)
                == RLEBitPackedHybridEncoder.encode([UInt32](repeating: value, count: count), bitWidth: width))
        }
    }

    @Test func usesRunsForRepeatsAndMatchesTheSpecExample() throws {
        // Spec example: values 0..7 with bit width 3 pack to 0x88 0xC6 0xFA after header (1 group << 1 | 1).
        #expect(RLEBitPackedHybridEncoder.encode(Array(0..<8), bitWidth: 3) == [0x03, 0x88, 0xC6, 0xFA])
        #expect(RLEBitPackedHybridEncoder.encode(Array(repeating: 5, count: 100), bitWidth: 3) == [0xC8, 0x01, 0x05])
        #expect(try decode([0xC8, 0x01, 0x05], bitWidth: 3, count: 100) == Array(repeating: 5, count: 100))
    }

    @Test func decodesOnlyWhatIsRequestedFromHugeRunsAndZeroWidths() throws {
        // A run of 2^62 values costs nothing when only three are requested.
        #expect(try decode([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01, 0x01], bitWidth: 1, count: 3) == [1, 1, 1])
        #expect(try decode([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F], bitWidth: 0, count: 4) == [0, 0, 0, 0])
        // A final bit-packed run may be cut short by the writer.
        #expect(try decode([0x03, 0xFF], bitWidth: 1, count: 5) == [1, 1, 1, 1, 1])
    }

    @Test func rejectsCorruptRuns() {
        let cases: [(bytes: [UInt8], bitWidth: Int, code: ParquetError.Code, offset: Int)] = [
            ([0x00], 1, .malformed, 0),  // empty RLE run
            ([0x01], 1, .malformed, 0),  // empty bit-packed run
            ([0x04, 0x02], 1, .malformed, 0),  // RLE value wider than the bit width
            ([0x04], 1, .truncated, 1),  // RLE run without its value
            ([0x04, 0x01], 1, .truncated, 2),  // ends before enough values
            ([0x03], 1, .truncated, 0),  // bit-packed run without data
        ]
        for (bytes, bitWidth, code, offset) in cases {
            #expect {
                _ = try decode(bytes, bitWidth: bitWidth, count: 4)
            } throws: { error in
                (error as? ParquetError)?.code == code && (error as? ParquetError)?.offset == offset
            }
        }
        #expect(throws: ParquetError.self) { try RLEBitPackedHybridDecoder(ByteReader([]), bitWidth: 33) }
    }

    /// The encoder's output, byte for byte, against a plain statement of its rules: runs taken one
    /// by one; a run becomes an RLE run when, after padding the pending values to a group of eight,
    /// at least eight of it remain; values packed bit by bit.
    @Test(arguments: [1, 2, 3, 5, 8, 13, 17, 31, 32])
    func encodesAsItsRulesSay(bitWidth: Int) {
        var generator = SeededGenerator(seed: 77 + UInt64(bitWidth))
        let mask = bitWidth == 32 ? UInt32.max : (1 << UInt32(bitWidth)) - 1
        for trial in 0..<40 {
            var values: [UInt32] = []
            let longest = [2, 9, 30][trial % 3]
            for _ in 0..<Int.random(in: 0...120, using: &generator) {
                let value = UInt32.random(in: 0...UInt32.max, using: &generator) & mask & UInt32(trial % 2 == 0 ? 3 : Int(UInt32.max))
                values.append(contentsOf: repeatElement(value, count: Int.random(in: 1...longest, using: &generator)))
            }
            #expect(RLEBitPackedHybridEncoder.encode(values, bitWidth: bitWidth) == Self.reference(values, bitWidth: bitWidth), "trial \(trial)")
        }
    }

    private static func reference(_ values: [UInt32], bitWidth: Int) -> [UInt8] {
        var output: [UInt8] = []
        func varint(_ value: Int) {
            var rest = value
            while rest >= 0x80 { output.append(UInt8(rest & 0x7F) | 0x80); rest >>= 7 }
            output.append(UInt8(rest))
        }
        func packed(_ slice: ArraySlice<UInt32>) {
            guard !slice.isEmpty else { return }
            let groups = (slice.count + 7) / 8
            varint(groups << 1 | 1)
            var bits: [Bool] = []
            for index in 0..<groups * 8 {
                let value = index < slice.count ? slice[slice.startIndex + index] : 0
                for bit in 0..<bitWidth { bits.append(value >> UInt32(bit) & 1 == 1) }
            }
            for byte in stride(from: 0, to: bits.count, by: 8) {
                output.append((0..<8).reduce(UInt8(0)) { $0 | (byte + $1 < bits.count && bits[byte + $1] ? 1 << UInt8($1) : 0) })
            }
        }
        var pendingStart = 0
        var index = 0
        while index < values.count {
            var run = 1
            while index + run < values.count && values[index + run] == values[index] { run += 1 }
            let pending = index - pendingStart
            let fill = pending % 8 == 0 ? 0 : 8 - pending % 8
            if run - fill >= 8 {
                packed(values[pendingStart..<index + fill])
                varint((run - fill) << 1)
                for byte in 0..<(bitWidth + 7) / 8 { output.append(UInt8(truncatingIfNeeded: values[index] >> UInt32(8 * byte))) }
                pendingStart = index + run
            }
            index += run
        }
        packed(values[pendingStart...])
        return output
    }

    @Test(arguments: [0, 1, 3, 7, 9, 16, 25, 32, 33, 40])
    func bitPackingPutsEachValueLeastSignificantBitFirst(bitWidth: Int) {
        var generator = SeededGenerator(seed: 5 + UInt64(bitWidth))
        let values = (0..<37).map { _ in UInt32.random(in: 0...UInt32.max, using: &generator) }
        // Forty values asked for from 37: the last three are zeros.
        let packed = BitPacking.pack(values, count: 40, bitWidth: bitWidth)
        #expect(packed.count == (40 * bitWidth + 7) / 8)
        for index in 0..<40 {
            let expected = index < values.count ? UInt64(values[index]) & (bitWidth >= 32 ? UInt64(UInt32.max) : (1 << UInt64(bitWidth)) - 1) : 0
            #expect(BitPacking.unpack(packed, start: 0, index: index, bitWidth: bitWidth) == expected, "value \(index)")
        }
    }
}
