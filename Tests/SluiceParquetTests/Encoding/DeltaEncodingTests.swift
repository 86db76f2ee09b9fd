import Testing
@testable import SluiceParquet

/// Hand-assembled streams following the DELTA_* descriptions of the Parquet encodings spec.
@Suite struct DeltaEncodingTests {
    /// Header: block 128, 4 miniblocks, `count` values, first value (zigzag).
    private func header(count: UInt8, firstZigZag: UInt8) -> [UInt8] { [0x80, 0x01, 0x04, count, firstZigZag] }

    @Test func decodesConstantAndVaryingDeltas() throws {
        var reader = ByteReader(header(count: 5, firstZigZag: 2) + [0x02, 0, 0, 0, 0])
        #expect(try DeltaBinaryPackedDecoder.decode(count: 5, from: &reader) == [1, 2, 3, 4, 5])
        #expect(reader.isAtEnd)
        // 7 5 3 1 2 3 4 5: min delta -2, adjusted deltas 0 0 0 3 3 3 3 at 2 bits.
        let bytes = header(count: 8, firstZigZag: 14) + [0x03, 2, 0, 0, 0, 0xC0, 0xFF] + [UInt8](repeating: 0, count: 6)
        reader = ByteReader(bytes)
        #expect(try DeltaBinaryPackedDecoder.decode(count: 8, from: &reader) == [7, 5, 3, 1, 2, 3, 4, 5])
        reader = ByteReader(header(count: 0, firstZigZag: 0))
        #expect(try DeltaBinaryPackedDecoder.decode(count: 0, from: &reader) == [])
    }

    @Test func decodesDeltaLengthAndIncrementalByteArrays() throws {
        var reader = ByteReader(header(count: 3, firstZigZag: 4) + [0x03, 3, 0, 0, 0, 0x28] + [UInt8](repeating: 0, count: 11) + Array("abxyz".utf8))
        #expect(try DeltaLengthByteArrayDecoder.decode(count: 3, from: &reader) == [Array("ab".utf8), [], Array("xyz".utf8)])
        let prefixes = header(count: 3, firstZigZag: 0) + [0x07, 4, 0, 0, 0, 0x08] + [UInt8](repeating: 0, count: 15)
        let suffixes = header(count: 3, firstZigZag: 10) + [0x07, 3, 0, 0, 0, 0x20] + [UInt8](repeating: 0, count: 11) + Array("appleyb".utf8)
        reader = ByteReader(prefixes + suffixes)
        #expect(try DeltaByteArrayDecoder.decode(count: 3, from: &reader) == ["apple", "apply", "b"].map { Array($0.utf8) })
    }

    @Test func rejectsCorruptStreams() {
        let cases: [(bytes: [UInt8], count: Int, code: ParquetError.Code)] = [
            ([0x81, 0x01, 0x04, 0x01, 0x00], 1, .malformed),  // block size not a multiple of 128
            ([0x80, 0x01, 0x03, 0x01, 0x00], 1, .malformed),  // miniblock size not a multiple of 32
            ([0x80, 0x01, 0x00, 0x01, 0x00], 1, .malformed),  // no miniblocks
            (header(count: 9, firstZigZag: 0), 2, .malformed),  // count differs from the page
            (header(count: 2, firstZigZag: 0) + [0x00, 65, 0, 0, 0], 2, .malformed),  // bit width above 64
            (header(count: 2, firstZigZag: 0) + [0x00, 8, 0, 0, 0], 2, .truncated),  // miniblock missing
            (header(count: 2, firstZigZag: 0), 2, .truncated),  // block missing
        ]
        for (bytes, count, code) in cases {
            var reader = ByteReader(bytes)
            #expect { _ = try DeltaBinaryPackedDecoder.decode(count: count, from: &reader) } throws: { ($0 as? ParquetError)?.code == code }
        }
        // Lengths -1 and lengths beyond the data.
        var reader = ByteReader(header(count: 1, firstZigZag: 1))
        #expect { _ = try DeltaLengthByteArrayDecoder.decode(count: 1, from: &reader) } throws: { ($0 as? ParquetError)?.code == .malformed }
        reader = ByteReader(header(count: 1, firstZigZag: 200) + [0x00])
        #expect { _ = try DeltaLengthByteArrayDecoder.decode(count: 1, from: &reader) } throws: { ($0 as? ParquetError)?.code == .truncated }
        // Prefix length 3 on the first value, which has no predecessor.
        reader = ByteReader(header(count: 1, firstZigZag: 6) + header(count: 1, firstZigZag: 0))
        #expect { _ = try DeltaByteArrayDecoder.decode(count: 1, from: &reader) } throws: { ($0 as? ParquetError)?.code == .malformed }
    }
}
