import Testing
@testable import SluiceParquet

/// Hand-built column chunks exercising every page-level error path.
@Suite struct ColumnChunkDecoderTests {
    private let optionalInt = ParquetColumn.optional("x", .int32)
    private let requiredInt = ParquetColumn.required("x", .int32)

    private func page(_ type: PageType, _ body: [UInt8], uncompressed: Int? = nil, data: DataPageHeader? = nil,
                      dictionary: DictionaryPageHeader? = nil, v2: DataPageHeaderV2? = nil) -> [UInt8] {
        let header = PageHeader(type: type, uncompressedPageSize: Int32(uncompressed ?? body.count), compressedPageSize: Int32(body.count),
                                dataPageHeader: data, dictionaryPageHeader: dictionary, dataPageHeaderV2: v2)
        return header.compactEncoded() + body
    }

    private func v1(_ count: Int32, _ encoding: ParquetEncoding = .plain, levels: ParquetEncoding = .rle) -> DataPageHeader {
        DataPageHeader(numValues: count, encoding: encoding, definitionLevelEncoding: levels, repetitionLevelEncoding: .rle)
    }

    private func plainInts(_ values: [Int32]) -> [UInt8] {
        var bytes: [UInt8] = []
        for value in values { bytes.appendLittleEndian(value) }
        return bytes
    }

    private func decode(_ chunk: [UInt8], column: ParquetColumn? = nil, codec: ParquetCompressionCodec = .uncompressed,
                        count: Int, limits: ParquetReader.Limits = .init()) throws -> [ParquetValue] {
        try ColumnChunkDecoder(column: column ?? requiredInt, codec: codec, limits: limits).decode(chunk, baseOffset: 100, valueCount: count, rowCount: count)
    }

    private func expectCode(_ code: ParquetError.Code, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void) {
        #expect(sourceLocation: sourceLocation) { try body() } throws: { ($0 as? ParquetError)?.code == code }
    }

    @Test func decodesDictionaryV2AndIndexPages() throws {
        let dictionary = page(.dictionaryPage, plainInts([10, 20]), dictionary: DictionaryPageHeader(numValues: 2, encoding: .plainDictionary))
        let index = page(.indexPage, [1, 2, 3])
        let indices: [UInt8] = [1] + RLEBitPackedHybridEncoder.encode([1, 0, 1], bitWidth: 1)
        let data = page(.dataPage, indices, data: v1(3, .plainDictionary))
        let levels = RLEBitPackedHybridEncoder.encode([1, 0, 1], bitWidth: 1)
        let values = SnappyCompressor.compress(plainInts([7, 8]))
        let v2 = page(.dataPageV2, levels + values, uncompressed: levels.count + 8,
                      v2: DataPageHeaderV2(numValues: 3, numNulls: 1, numRows: 3, encoding: .plain,
                                           definitionLevelsByteLength: Int32(levels.count), repetitionLevelsByteLength: 0))
        let uncompressedV2 = page(.dataPageV2, levels + plainInts([9, 9]),
                                  v2: DataPageHeaderV2(numValues: 3, numNulls: 1, numRows: 3, encoding: .plain,
                                                       definitionLevelsByteLength: Int32(levels.count), repetitionLevelsByteLength: 0,
                                                       isCompressed: false))
        #expect(try decode(dictionary + index + data, count: 3) == [.int32(20), .int32(10), .int32(20)])
        #expect(try decode(v2 + uncompressedV2, column: optionalInt, codec: .snappy, count: 6)
                == [.int32(7), .null, .int32(8), .int32(9), .null, .int32(9)])
        let bools = page(.dataPage, [2, 0, 0, 0] + [0x06, 0x01], data: v1(3, .rle))
        #expect(try decode(bools, column: .required("b", .boolean), count: 3) == [.bool(true), .bool(true), .bool(true)])
        let split = page(.dataPage, [0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x3F, 0x40], data: v1(2, .byteStreamSplit))
        #expect(try decode(split, column: .required("f", .float), count: 2) == [.float(0.5), .float(2)])
    }

    @Test func rejectsPageLevelCorruption() throws {
        let dictionary = page(.dictionaryPage, plainInts([10]), dictionary: DictionaryPageHeader(numValues: 1, encoding: .plain))
        let levels = RLEBitPackedHybridEncoder.encode([1, 1], bitWidth: 1)
        let cases: [(ParquetError.Code, [UInt8], ParquetColumn?)] = [
            (.truncated, [], nil),
            (.malformed, page(.dictionaryPage, []), nil),
            (.malformed, dictionary + dictionary, nil),
            (.unsupported, page(.dictionaryPage, [], dictionary: DictionaryPageHeader(numValues: 0, encoding: .rle)), nil),
            (.malformed, page(.dictionaryPage, [], dictionary: DictionaryPageHeader(numValues: -1, encoding: .plain)), nil),
            (.malformed, page(.dataPage, plainInts([1, 2])), nil),
            (.malformed, page(.dataPage, plainInts([1, 2, 3]), data: v1(3)), nil),
            (.malformed, page(.dataPage, plainInts([1]), data: v1(-1)), nil),
            (.truncated, page(.dataPage, plainInts([1]), data: v1(2)), nil),
            (.malformed, page(.dataPage, [1, 0x04, 0x00], data: v1(2, .rleDictionary)), nil),
            (.malformed, dictionary + page(.dataPage, [1, 0x04, 0x01], data: v1(2, .rleDictionary)), nil),
            (.unsupported, page(.dataPage, plainInts([1, 2]), data: v1(2, ParquetEncoding(rawValue: 99))), nil),
            (.unsupported, page(.dataPage, plainInts([1, 2]), data: v1(2, .rle)), nil),
            (.unsupported, page(.dataPage, plainInts([1, 2]), data: v1(2, .deltaLengthByteArray)), nil),
            (.unsupported, page(.dataPage, plainInts([1, 2]), data: v1(2, .deltaByteArray)), nil),
            (.unsupported, page(.dataPage, plainInts([1, 2]), data: v1(2, .deltaBinaryPacked)), .required("f", .float)),
            (.unsupported, page(.dataPage, plainInts([1, 2]), data: v1(2, .byteStreamSplit)), .required("s", .string)),
            (.unsupported, page(.dataPage, [0, 0, 0, 0], data: v1(2, levels: .bitPacked)), optionalInt),
            (.truncated, page(.dataPage, [9, 0, 0, 0], data: v1(2)), optionalInt),
            (.malformed, page(.dataPageV2, [0], v2: DataPageHeaderV2(numValues: 2, numNulls: 0, numRows: 2, encoding: .plain,
                                                                       definitionLevelsByteLength: 5, repetitionLevelsByteLength: 0)), optionalInt),
            (.malformed, page(.dataPageV2, levels + plainInts([1, 2]), v2: DataPageHeaderV2(numValues: 2, numNulls: 1, numRows: 2, encoding: .plain,
                                                                                          definitionLevelsByteLength: Int32(levels.count), repetitionLevelsByteLength: 0)), optionalInt),
            (.malformed, page(.dataPageV2, [], v2: nil), nil),
        ]
        for (code, chunk, column) in cases {
            expectCode(code) { _ = try decode(chunk, column: column, count: 2) }
        }
        expectCode(.unsupported) { _ = try decode(page(.dataPage, plainInts([1, 2]), data: v1(2)), codec: .lz4, count: 2) }
        var limits = ParquetReader.Limits()
        limits.maxPageBytes = 4
        expectCode(.limitExceeded) { _ = try decode(page(.dataPage, plainInts([1, 2]), data: v1(2)), count: 2, limits: limits) }
        let snappy = SnappyCompressor.compress(plainInts([1, 2]))
        expectCode(.malformed) { _ = try decode(page(.dataPage, snappy, uncompressed: 9, data: v1(2)), codec: .snappy, count: 2) }
        for codec in PageCodecTests.libraryCodecs where codec.isSupported {
            let compressed = try codec.makePageCodec().compress(plainInts([1, 2]))
            let good = page(.dataPage, compressed, uncompressed: 8, data: v1(2))
            let bodyOffset = 100 + good.count - compressed.count
            #expect(try decode(good, codec: codec, count: 2) == [.int32(1), .int32(2)])
            var corrupt = good
            corrupt[good.count - compressed.count] ^= 0xFF
            let damaged = [page(.dataPage, compressed, uncompressed: 9, data: v1(2)), page(.dataPage, compressed, uncompressed: 7, data: v1(2)), corrupt]
            for chunk in damaged {
                #expect { _ = try decode(chunk, codec: codec, count: 2) } throws: { error in
                    (error as? ParquetError)?.code == .malformed && (error as? ParquetError)?.offset == bodyOffset
                }
            }
        }
        expectCode(.malformed) {
            // Valid DELTA_BYTE_ARRAY of "a" and "b" in a column of 2-byte values.
            let prefixes: [UInt8] = [0x80, 0x01, 0x04, 0x02, 0x00, 0x00, 0, 0, 0, 0]
            let suffixes: [UInt8] = [0x80, 0x01, 0x04, 0x02, 0x02, 0x00, 0, 0, 0, 0, 0x61, 0x62]
            _ = try decode(page(.dataPage, prefixes + suffixes, data: v1(2, .deltaByteArray)), column: .required("c", .fixedLengthBinary(2)), count: 2)
        }
    }
}
