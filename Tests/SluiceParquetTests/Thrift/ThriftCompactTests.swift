import Testing
@testable import SluiceParquet

@Suite struct ThriftCompactTests {
    private func decode<T: ThriftCompactDecodable>(_ type: T.Type, _ bytes: [UInt8]) throws -> T {
        var reader = ThriftCompactReader(ByteReader(bytes))
        return try T(from: &reader)
    }

    private func expectError<T: ThriftCompactDecodable>(
        _ type: T.Type, _ bytes: [UInt8], code: ParquetError.Code, offset: Int? = nil, limits: ThriftCompactReader.Limits = .init(),
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        var reader = ThriftCompactReader(ByteReader(bytes), limits: limits)
        do {
            _ = try T(from: &reader)
            Issue.record("decoding \(bytes) should have failed", sourceLocation: sourceLocation)
        } catch let error as ParquetError {
            #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
            if let offset { #expect(error.offset == offset, "\(error)", sourceLocation: sourceLocation) }
        } catch {
            Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
        }
    }

    @Test func encodesFieldHeadersWithDeltasAndLongForm() {
        var writer = ThriftCompactWriter()
        writer.writeStruct {
            $0.writeI32Field(1, 3)  // delta 1, i32: 0x15, zigzag(3) = 6
            $0.writeBoolField(2, true)  // delta 1, true: 0x11
            $0.writeI64Field(20, -1)  // delta 18 > 15: long form 0x06, zigzag(20) = 40, zigzag(-1) = 1
            $0.writeStringField(21, "ab")  // delta 1, binary: 0x18, length 2
        }
        #expect(writer.bytes == [0x15, 0x06, 0x11, 0x06, 40, 0x01, 0x18, 0x02, 0x61, 0x62, 0x00])
    }

    @Test func encodesLongListsWithAVarintCount() {
        var writer = ThriftCompactWriter()
        writer.writeListHeader(.i32, count: 14)
        writer.writeListHeader(.i32, count: 300)
        #expect(writer.bytes == [0xE5, 0xF5, 0xAC, 0x02])
    }

    @Test func roundTripsAFullFileMetaData() throws {
        let statistics = Statistics(legacyMax: [9], legacyMin: [1], nullCount: 2, distinctCount: 5, maxValue: [8], minValue: [0])
        let column = ColumnMetaData(
            type: .byteArray, encodings: [.plain, .rle, .rleDictionary], pathInSchema: ["name"], codec: .snappy,
            numValues: 10, totalUncompressedSize: 100, totalCompressedSize: 80, dataPageOffset: 40,
            dictionaryPageOffset: 4, statistics: statistics
        )
        let metadata = FileMetaData(
            version: 2,
            schema: ParquetSchema([.optional("name", .string), .required("at", .timestamp(.microseconds)),
                                   .required("d", .decimal(ParquetDecimalType(precision: 20, scale: 5)))]).schemaElements
                + [SchemaElement(type: .int32, name: "i", logicalType: .integer(bitWidth: 8, isSigned: false)),
                   SchemaElement(type: .int64, name: "t", logicalType: .time(isAdjustedToUTC: false, unit: .nanoseconds)),
                   SchemaElement(type: .byteArray, name: "u", fieldID: 7, logicalType: .other(fieldID: 14))],
            numRows: 10,
            rowGroups: [RowGroup(columns: [ColumnChunk(filePath: "x", fileOffset: 4, metaData: column)], totalByteSize: 100,
                                 numRows: 10, fileOffset: 4, totalCompressedSize: 80, ordinal: 0)],
            keyValueMetadata: [KeyValue(key: "k", value: "v"), KeyValue(key: "empty", value: nil)],
            createdBy: "test", typeDefinedColumnOrders: 3
        )
        #expect(try decode(FileMetaData.self, metadata.compactEncoded()) == metadata)
    }

    @Test func roundTripsPageHeaders() throws {
        let headers = [
            PageHeader(type: .dataPage, uncompressedPageSize: 10, compressedPageSize: 8, crc: -5,
                       dataPageHeader: DataPageHeader(numValues: 3, encoding: .plain, definitionLevelEncoding: .rle,
                                                      repetitionLevelEncoding: .rle, statistics: Statistics(nullCount: 1))),
            PageHeader(type: .dictionaryPage, uncompressedPageSize: 1, compressedPageSize: 1,
                       dictionaryPageHeader: DictionaryPageHeader(numValues: 1, encoding: .plain, isSorted: false)),
            PageHeader(type: .dataPageV2, uncompressedPageSize: 5, compressedPageSize: 5,
                       dataPageHeaderV2: DataPageHeaderV2(numValues: 4, numNulls: 1, numRows: 4, encoding: .deltaBinaryPacked,
                                                          definitionLevelsByteLength: 2, repetitionLevelsByteLength: 0, isCompressed: false)),
        ]
        for header in headers { #expect(try decode(PageHeader.self, header.compactEncoded()) == header) }
    }

    @Test func skipsUnknownFieldsOfEveryType() throws {
        var writer = ThriftCompactWriter()
        writer.writeStruct {
            $0.writeStringField(1, "key")
            $0.writeDoubleField(3, 1.5)
            $0.writeByteField(4, -1)
            $0.writeI16Field(5, 300)
            $0.writeBoolField(6, false)
            $0.writeFieldHeader(.map, id: 7)
            $0.bytes.append(contentsOf: [0x02, 0x85, 0x01, 0x61, 0x02, 0x01, 0x62, 0x04])  // {"a": 1, "b": 2}
            $0.writeFieldHeader(.set, id: 8)
            $0.writeListHeader(.booleanTrue, count: 2)
            $0.bytes.append(contentsOf: [0x01, 0x02])
            $0.writeFieldHeader(.map, id: 9)
            $0.bytes.append(0x00)  // empty map
            $0.writeStructField(10) { $0.writeI32ListField(1, [1, 2]) }
            $0.writeStringField(2, "value")
        }
        #expect(try decode(KeyValue.self, writer.bytes) == KeyValue(key: "key", value: "value"))
    }

    @Test func reportsTruncationWithTheOffset() {
        let bytes = KeyValue(key: "abcdef", value: "x").compactEncoded()
        expectError(KeyValue.self, Array(bytes.prefix(4)), code: .truncated, offset: 2)
        expectError(KeyValue.self, [], code: .truncated, offset: 0)
    }

    @Test func rejectsMalformedInput() {
        expectError(KeyValue.self, [0x0D], code: .malformed, offset: 0)  // field type 13 does not exist
        expectError(DataPageHeader.self, [0x15, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F, 0x00], code: .malformed, offset: 1)  // i32 out of range
        expectError(KeyValue.self, [0x16] + [UInt8](repeating: 0xFF, count: 10) + [0x7F], code: .malformed, offset: 1)  // varint too long
        expectError(KeyValue.self, [0x16, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x03], code: .malformed)  // 64-bit overflow
        expectError(KeyValue.self, [0x12, 0x00], code: .malformed, offset: 0)  // missing required key
        expectError(KeyValue.self, [0x19, 0x11, 0x05], code: .malformed, offset: 2)  // bool list element 5
        expectError(KeyValue.self, [0x1B, 0x01, 0xFF, 0x00], code: .malformed, offset: 1)  // map with unknown types
        expectError(DictionaryPageHeader.self, [0x15, 0x02, 0x00], code: .malformed, offset: 0)
        expectError(DataPageHeader.self, [0x00], code: .malformed, offset: 0)
        expectError(DataPageHeaderV2.self, [0x00], code: .malformed, offset: 0)
        expectError(PageHeader.self, [0x15, 0x00, 0x15, 0x01, 0x15, 0x02, 0x00], code: .malformed, offset: 0)  // negative size
        expectError(PageHeader.self, [0x00], code: .malformed, offset: 0)
        expectError(ColumnMetaData.self, [0x00], code: .malformed, offset: 0)
        expectError(ColumnMetaData.self, [0x15, 0x20, 0x00], code: .malformed, offset: 1)  // physical type 16
        expectError(RowGroup.self, [0x00], code: .malformed, offset: 0)
        expectError(FileMetaData.self, [0x00], code: .malformed, offset: 0)
        expectError(SchemaElement.self, [0x15, 0x02, 0x00], code: .malformed, offset: 0)  // no name
        expectError(SchemaElement.self, [0x15, 0x7E, 0x00], code: .malformed, offset: 1)
        expectError(SchemaElement.self, [0x35, 0x7E, 0x00], code: .malformed, offset: 1)
        expectError(LogicalType.self, [0x00], code: .malformed, offset: 0)
        expectError(LogicalType.self, [0x5C, 0x15, 0x02, 0x00, 0x00], code: .malformed, offset: 0)  // decimal without precision
        expectError(LogicalType.self, [0x8C, 0x11, 0x00, 0x00], code: .malformed, offset: 0)  // timestamp without unit
        expectError(RowGroup.self, [0x19, 0x15, 0x02, 0x00], code: .malformed, offset: 1)  // list of i32 where structs are expected
        expectError(ColumnMetaData.self, [0x29, 0x18, 0x00, 0x00], code: .malformed, offset: 1)  // list of binary where i32 are expected
        expectError(ColumnMetaData.self, [0x39, 0x15, 0x02, 0x00], code: .malformed, offset: 1)  // list of i32 where strings are expected
        expectError(KeyValue.self, [0x1F, 0x00], code: .malformed, offset: 0)  // field type 15 does not exist
        expectError(KeyValue.self, [0x05, 0xFE, 0xFF, 0x03, 0x00, 0x15, 0x00, 0x00], code: .malformed, offset: 5)  // id 32767 + 1
        expectError(KeyValue.self, [0x19, 0x1D, 0x00], code: .malformed, offset: 1)  // list element type 13
    }

    @Test func boundsCountsAndLengthsByTheRemainingBytesAndLimits() {
        // A list claiming 1000 elements with one byte left must not allocate.
        expectError(FileMetaData.self, [0x29, 0xFC, 0xE8, 0x07, 0x00], code: .truncated, offset: 1)
        expectError(KeyValue.self, [0x18, 0xFF, 0xFF, 0xFF, 0x0F, 0x61], code: .limitExceeded, offset: 1,
                    limits: ThriftCompactReader.Limits(maxBinaryLength: 1000))
        expectError(KeyValue.self, [0x18, 0x05, 0x61], code: .truncated, offset: 2)
        expectError(KeyValue.self, [0x29, 0xF5, 0x80, 0x01] + [UInt8](repeating: 0, count: 200), code: .limitExceeded, offset: 1,
                    limits: ThriftCompactReader.Limits(maxListCount: 100))
        expectError(KeyValue.self, [0x3B, 0x7F, 0x00], code: .truncated, offset: 1)  // map of 127 entries in 1 byte
        expectError(KeyValue.self, [0x38, 0x7F, 0x00], code: .truncated, offset: 1)  // skipped binary longer than input
    }

    @Test func boundsNestingDepth() {
        // 100 nested structs in an unknown field.
        let bytes = [UInt8](repeating: 0x1C, count: 100) + [UInt8](repeating: 0x00, count: 101)
        expectError(KeyValue.self, bytes, code: .malformed)
        let limits = ThriftCompactReader.Limits(maxDepth: 2)
        // RowGroup > ColumnChunk > nested unknown struct is three levels deep.
        var reader = ThriftCompactReader(ByteReader([0x19, 0x1C, 0x1C, 0x00, 0x00, 0x00]), limits: limits)
        #expect(throws: ParquetError.self) { try RowGroup(from: &reader) }
    }
}
