import Foundation
import Testing
@testable import SluiceParquet

@Suite struct ParquetWriterTests {
    private func expectCode(_ code: ParquetError.Code, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void) {
        #expect(sourceLocation: sourceLocation) { try body() } throws: { ($0 as? ParquetError)?.code == code }
    }

    @Test func closesRowGroupsByByteSizeAndSplitsPages() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        var options = ParquetWriter.Options()
        options.rowGroupByteSize = 20_000
        options.dataPageByteSize = 1_000
        let bytes = try SampleFiles.writeAllTypes(to: dir.file("groups.parquet"), rows: 3_000, options: options)
        let reader = try ParquetReader(bytes: bytes)
        #expect(reader.rowGroupCount > 5)
        var total = 0
        for index in 0..<reader.rowGroupCount {
            let group = try reader.readRowGroup(at: index)
            #expect(group.row(at: 0) == SampleFiles.allTypesRow(total))
            total += group.rowCount
        }
        #expect(total == 3_000)
    }

    @Test func splitsColumnChunksIntoDataPagesOfTheTargetSize() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        var options = ParquetWriter.Options()
        options.dataPageByteSize = 1_000
        options.dictionaryEnabled = false
        options.compression = .uncompressed
        let writer = try ParquetWriter(path: dir.file("p.parquet"), schema: ParquetSchema([.optional("x", .int64)]), options: options)
        for index in 0..<1_000 { try writer.append(row: [index % 10 == 0 ? .null : .int64(Int64(index))]) }
        try writer.close()
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: dir.file("p.parquet"))))
        let footerLength = Int(bytes[bytes.count - 8]) | Int(bytes[bytes.count - 7]) << 8
        var thrift = ThriftCompactReader(ByteReader(Array(bytes[(bytes.count - 8 - footerLength)..<(bytes.count - 8)])))
        let metadata = try FileMetaData(from: &thrift)
        let chunk = try #require(metadata.rowGroups.first?.columns.first?.metaData)
        var pages: [PageHeader] = []
        var input = ByteReader(bytes, range: Int(chunk.dataPageOffset)..<Int(chunk.dataPageOffset + chunk.totalCompressedSize))
        while !input.isAtEnd {
            var pageReader = ThriftCompactReader(input)
            let header = try PageHeader(from: &pageReader)
            input = pageReader.input
            _ = try input.skipRange(Int(header.compressedPageSize))
            pages.append(header)
        }
        #expect(pages.count >= 8)
        #expect(pages.allSatisfy { $0.type == .dataPage && $0.uncompressedPageSize <= 1_100 })
        #expect(pages.compactMap { $0.dataPageHeader?.numValues }.reduce(0, +) == 1_000)
        let values = try ParquetReader(bytes: bytes).readRowGroup(at: 0).values[0]
        let expected: [ParquetValue] = (0..<1_000).map { $0 % 10 == 0 ? ParquetValue.null : ParquetValue.int64(Int64($0)) }
        #expect(values == expected)
    }

    @Test func fallsBackToPlainWhenTheDictionaryGrowsPastTheLimit() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        var options = ParquetWriter.Options()
        options.dictionaryPageByteLimit = 200
        let schema = ParquetSchema([.required("repeated", .string), .required("unique", .string)])
        let writer = try ParquetWriter(path: dir.file("f.parquet"), schema: schema, options: options)
        let rows = (0..<1_000).map { [ParquetValue.string("r\($0 % 4)"), .string("unique-\($0)")] }
        for row in rows { try writer.append(row: row) }
        try writer.close()
        let reader = try ParquetReader(path: dir.file("f.parquet"))
        let info = try reader.rowGroupInfo(at: 0)
        #expect(info.columns[0].hasDictionaryPage && info.columns[0].encodings.contains(.rleDictionary))
        #expect(!info.columns[1].hasDictionaryPage && info.columns[1].encodings == [.plain])
        let group = try reader.readRowGroup(at: 0)
        #expect((0..<1_000).map(group.row(at:)) == rows)
    }

    @Test func recordsStatisticsInMinValueAndMaxValue() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let schema = ParquetSchema([.optional("n", .int32), .optional("s", .string), .optional("x", .double),
                                    .optional("d", .decimal(ParquetDecimalType(precision: 20, scale: 1))), .optional("none", .int64)])
        let writer = try ParquetWriter(path: dir.file("s.parquet"), schema: schema)
        try writer.append(columns: [
            [.int32(5), .null, .int32(-7), .int32(3)],
            [.string("b"), .string("é"), .null, .string("a")],
            [.double(.nan), .double(0), .double(2.5), .null],
            [.decimal(ParquetDecimal(unscaled: -5, scale: 1)), .decimal(ParquetDecimal(unscaled: 300, scale: 1)), .null, .null],
            [.null, .null, .null, .null],
        ])
        try writer.close()
        let reader = try ParquetReader(path: dir.file("s.parquet"))
        let statistics = try reader.rowGroupInfo(at: 0).columns.map(\.statistics)
        #expect(statistics[0] == ParquetColumnStatistics(nullCount: 1, min: .int32(-7), max: .int32(5)))
        #expect(statistics[1] == ParquetColumnStatistics(nullCount: 1, min: .string("a"), max: .string("é")))
        // NaN is ignored and a zero minimum is written as -0.0.
        #expect(statistics[2]?.min == .double(-0.0) && statistics[2]?.max == .double(2.5))
        #expect(statistics[3]?.min == .decimal(ParquetDecimal(unscaled: -5, scale: 1)))
        #expect(statistics[3]?.max == .decimal(ParquetDecimal(unscaled: 300, scale: 1)))
        #expect(statistics[4] == ParquetColumnStatistics(nullCount: 4))
        #expect(try reader.readRowGroup(at: 0).column(named: "none") == [.null, .null, .null, .null])
    }

    @Test func storesKeyValueMetadataAndCreatedBy() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        var options = ParquetWriter.Options()
        options.keyValueMetadata = ["b": "2", "a": "1"]
        options.createdBy = "unit test"
        let writer = try ParquetWriter(path: dir.file("kv.parquet"), schema: ParquetSchema([.required("x", .boolean)]), options: options)
        try writer.close()
        let reader = try ParquetReader(path: dir.file("kv.parquet"))
        #expect(reader.keyValueMetadata == ["a": "1", "b": "2"])
        #expect(reader.createdBy == "unit test")
        #expect(reader.rowCount == 0 && reader.rowGroupCount == 0)
    }

    @Test func writesThroughACallerOwnedFileHandle() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("h.parquet")
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        let writer = try ParquetWriter(fileHandle: handle, schema: ParquetSchema([.required("x", .int64)]))
        try writer.append(row: [.int64(9)])
        try writer.flushRowGroup()
        try writer.flushRowGroup()  // nothing buffered: no empty row group
        try writer.append(row: [.int64(10)])
        #expect(writer.rowCount == 2)
        try writer.close()
        try handle.write(contentsOf: [UInt8]())  // the handle is still open
        try handle.close()
        let reader = try ParquetReader(path: path)
        #expect(reader.rowGroupCount == 2)
        #expect(try reader.readRowGroup(at: 1).values == [[.int64(10)]])
    }

    @Test func rejectsInvalidSchemas() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let invalid: [ParquetSchema] = [
            ParquetSchema([]),
            ParquetSchema([.required("", .int32)]),
            ParquetSchema([.required("a", .int32), .optional("a", .int64)]),
            ParquetSchema([.required("a", .int96)]),
            ParquetSchema([.required("a", .fixedLengthBinary(0))]),
            ParquetSchema([.required("a", .decimal(ParquetDecimalType(precision: 10, scale: 0, storage: .int32)))]),
            ParquetSchema([.required("a", .decimal(ParquetDecimalType(precision: 5, scale: 6)))]),
            ParquetSchema([.required("a", .decimal(ParquetDecimalType(precision: 5, scale: 0, storage: .byteArray)))]),
            ParquetSchema([.required("a", .decimal(ParquetDecimalType(precision: 5, scale: 0, storage: .fixedLength(0))))]),
            ParquetSchema([.required("a", .timestamp(.nanoseconds))]),
        ]
        for schema in invalid {
            expectCode(.invalidSchema) { _ = try ParquetWriter(path: dir.file("x.parquet"), schema: schema) }
        }
    }

    @Test func rejectsUnsupportedOptionsAndUnwritablePaths() throws {
        var options = ParquetWriter.Options()
        options.compression = .lz4
        let schema = ParquetSchema([.required("a", .int32)])
        expectCode(.unsupported) { _ = try ParquetWriter(path: "/tmp/never.parquet", schema: schema, options: options) }
        options.compression = .snappy
        options.compressionLevel = 3
        expectCode(.invalidValue) { _ = try ParquetWriter(path: "/tmp/never.parquet", schema: schema, options: options) }
        expectCode(.invalidValue) { try options.validate() }
        options = ParquetWriter.Options()
        options.rowGroupByteSize = 0
        expectCode(.invalidValue) { _ = try ParquetWriter(path: "/tmp/never.parquet", schema: schema, options: options) }
        expectCode(.io) { _ = try ParquetWriter(path: "/nonexistent-dir/x.parquet", schema: schema) }
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        #expect(FileManager.default.createFile(atPath: dir.file("ro"), contents: nil))
        let readOnly = try #require(FileHandle(forReadingAtPath: dir.file("ro")))
        expectCode(.io) { _ = try ParquetWriter(fileHandle: readOnly, schema: schema) }
    }

    @Test func rejectsMismatchedValuesWithoutBufferingPartOfTheRow() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let schema = ParquetSchema([
            .required("i", .int32), .optional("code", .fixedLengthBinary(2)), .optional("at", .timestamp(.milliseconds)),
            .optional("price", .decimal(ParquetDecimalType(precision: 4, scale: 2))),
        ])
        let writer = try ParquetWriter(path: dir.file("v.parquet"), schema: schema)
        let bad: [[ParquetValue]] = [
            [.null, .null, .null, .null],  // null in a required column
            [.int64(1), .null, .null, .null],  // wrong type
            [.int32(1), .bytes([1]), .null, .null],  // wrong width
            [.int32(1), .null, .timestamp(1, .microseconds), .null],  // wrong unit
            [.int32(1), .null, .null, .decimal(ParquetDecimal(unscaled: 1, scale: 3))],  // wrong scale
            [.int32(1), .null, .null, .decimal(ParquetDecimal(unscaled: 123_456, scale: 2))],  // exceeds precision
            [.int32(1)],  // wrong arity
        ]
        for row in bad { expectCode(.invalidValue) { try writer.append(row: row) } }
        expectCode(.invalidValue) { try writer.append(columns: [[.int32(1)]]) }
        expectCode(.invalidValue) { try writer.append(columns: [[.int32(1)], [.null, .null], [.null], [.null]]) }
        expectCode(.invalidValue) { try writer.append(columns: [[.int32(1), .int32(2)], [.null, .null], [.null, .string("x")], [.null, .null]]) }
        try writer.append(row: [.int32(7), .bytes([1, 2]), .timestamp(5, .milliseconds), .decimal(ParquetDecimal(unscaled: -9_999, scale: 2))])
        try writer.close()
        expectCode(.closed) { try writer.append(row: [.int32(1), .null, .null, .null]) }
        expectCode(.closed) { try writer.append(columns: [[], [], [], []]) }
        expectCode(.closed) { try writer.flushRowGroup() }
        expectCode(.closed) { try writer.close() }
        let reader = try ParquetReader(path: dir.file("v.parquet"))
        let expected: [[ParquetValue]] = [[.int32(7)], [.bytes([1, 2])], [.timestamp(5, .milliseconds)],
                                          [.decimal(ParquetDecimal(unscaled: -9_999, scale: 2))]]
        #expect(try reader.readRowGroup(at: 0).values == expected)
    }
}
