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
}
