import Testing
@testable import SluiceParquet

@Suite struct SnappyTests {
    private static func sampleInputs() -> [[UInt8]] {
        var generator = SeededGenerator(seed: 7)
        let random = (0..<100_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let text = Array(String(repeating: "the quick brown fox jumps over the lazy dog. ", count: 3_000).utf8)
        let runs = (0..<200_000).map { UInt8(($0 / 1_000) % 3) }
        return [[], [42], Array("abcd".utf8), random, text, runs, Array(random.prefix(70)) + Array(random.prefix(70))]
    }

    @Test func roundTripsAndCompressesRepetitiveData() throws {
        for input in Self.sampleInputs() {
            let compressed = SnappyCompressor.compress(input)
            #expect(try SnappyDecompressor.decompress(compressed, maxLength: input.count) == input)
        }
        let text = Self.sampleInputs()[4]
        #expect(SnappyCompressor.compress(text).count < text.count / 10)
    }

    @Test func decodesEveryElementForm() throws {
        // Declared length 27: literal "abcd" (short form), copy-1 (offset 4, length 4), literal "xy" with a
        // one-byte length, copy-2 (offset 2, length 6, overlapping), copy-4 (offset 10, length 5), literal "z"
        // with a two-byte length, and a final copy-4 (offset 10, length 5).
        let stream: [UInt8] = [27,
                               0x0C, 0x61, 0x62, 0x63, 0x64,
                               0x01, 0x04,
                               0xF0, 0x01, 0x78, 0x79,
                               0x16, 0x02, 0x00,
                               0x13, 0x0A, 0x00, 0x00, 0x00,
                               0xF4, 0x00, 0x00, 0x7A,
                               0x13, 0x0A, 0x00, 0x00, 0x00]
        let output = try SnappyDecompressor.decompress(stream, maxLength: 100)
        let expectedPrefix = Array("abcdabcdxyxyxyxy".utf8)
        #expect(Array(output.prefix(16)) == expectedPrefix)
        let afterCopy4 = expectedPrefix + Array(expectedPrefix[6..<11])
        #expect(Array(output.prefix(21)) == afterCopy4)
        #expect(output.count == 27)
        #expect(output[21] == 0x7A)
        #expect(Array(output[22...]) == Array(output[12..<17]))
    }

    @Test func rejectsCorruptStreams() {
        let cases: [(bytes: [UInt8], code: ParquetError.Code, offset: Int)] = [
            ([5, 0x05, 0x00], .malformed, 1),  // copy-1 before any output
            ([5, 0x00, 0x61, 0x02, 0x00, 0x00], .malformed, 3),  // copy-2 with offset 0
            ([2, 0x08, 0x61, 0x62, 0x63], .malformed, 1),  // literal longer than declared
            ([5, 0x00, 0x61, 0x0D, 0x01], .malformed, 3),  // copy of 7 bytes overruns 5
            ([5, 0x00, 0x61], .truncated, 3),  // output shorter than declared
            ([3, 0x08, 0x61], .truncated, 2),  // literal cut short
            ([0xFF, 0xFF, 0xFF, 0xFF, 0x0F], .limitExceeded, 0),  // declared 4 GiB
        ]
        for (bytes, code, offset) in cases {
            #expect {
                _ = try SnappyDecompressor.decompress(bytes, maxLength: 1_000)
            } throws: { error in
                let error = error as? ParquetError
                return error?.code == code && error?.offset == offset
            }
        }
    }
}
