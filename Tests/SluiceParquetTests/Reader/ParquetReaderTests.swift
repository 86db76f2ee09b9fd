import Foundation
import Testing
@testable import SluiceParquet

@Suite struct ParquetReaderTests {
    private func expectCode(_ code: ParquetError.Code, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void) {
        #expect(sourceLocation: sourceLocation) { try body() } throws: { ($0 as? ParquetError)?.code == code }
    }

    private func sampleBytes(rows: Int = 100, rowGroupByteSize: Int = 4_000) throws -> [UInt8] {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        var options = ParquetWriter.Options()
        options.rowGroupByteSize = rowGroupByteSize
        return try SampleFiles.writeAllTypes(to: dir.file("r.parquet"), rows: rows, options: options)
    }

    /// Decodes the footer of `bytes`, lets `change` edit it, and re-assembles the file.
    private func rewritingFooter(_ bytes: [UInt8], _ change: (inout FileMetaData) -> Void) throws -> [UInt8] {
        let length = Int(bytes[bytes.count - 8]) | Int(bytes[bytes.count - 7]) << 8 | Int(bytes[bytes.count - 6]) << 16
        let start = bytes.count - 8 - length
        var thrift = ThriftCompactReader(ByteReader(Array(bytes[start..<(bytes.count - 8)])))
        var metadata = try FileMetaData(from: &thrift)
        change(&metadata)
        let footer = metadata.compactEncoded()
        var result = Array(bytes[..<start]) + footer
        result.appendLittleEndian(UInt32(footer.count))
        return result + Array("PAR1".utf8)
    }

    @Test func projectsAndReordersColumns() throws {
        let reader = try ParquetReader(bytes: try sampleBytes())
        let group = try reader.readRowGroup(at: 0, columns: ["name", "id"])
        #expect(group.columns.map(\.name) == ["name", "id"])
        #expect(group.row(at: 1) == [SampleFiles.allTypesRow(1)[5], .int64(1)])
        #expect(group.column(named: "day") == nil)
        expectCode(.invalidValue) { _ = try reader.readRowGroup(at: 0, columns: ["missing"]) }
        expectCode(.invalidValue) { _ = try reader.readRowGroup(at: reader.rowGroupCount) }
        expectCode(.invalidValue) { _ = try reader.rowGroupInfo(at: -1) }
    }

    @Test func iteratesRowGroupByRowGroupAndResumesFromAPosition() throws {
        let reader = try ParquetReader(bytes: try sampleBytes(rows: 300))
        #expect(reader.rowGroupCount > 2)
        var cursor = try reader.makeRowCursor(columns: ["id"])
        var ids: [ParquetValue] = []
        var saved: ParquetPosition?
        while let row = try cursor.next() {
            ids.append(row[0])
            if ids.count == 150 { saved = cursor.position }
        }
        #expect(ids == (0..<300).map { .int64(Int64($0)) })
        #expect(cursor.position == ParquetPosition(rowGroup: reader.rowGroupCount, row: 0))
        #expect(try cursor.next() == nil)
        var resumed = try reader.makeRowCursor(from: try #require(saved), columns: ["id"])
        #expect(try resumed.next() == [.int64(150)])
        // A position at the end of a row group continues with the next group.
        let firstRows = try reader.rowGroupInfo(at: 0).rowCount
        var atEnd = try reader.makeRowCursor(from: ParquetPosition(rowGroup: 0, row: Int(firstRows)), columns: ["id"])
        #expect(try atEnd.next() == [.int64(firstRows)])
        var pastEnd = try reader.makeRowCursor(from: ParquetPosition(rowGroup: reader.rowGroupCount, row: 0))
        #expect(try pastEnd.next() == nil)
    }

    @Test func rejectsInvalidPositionsAndProjections() throws {
        let reader = try ParquetReader(bytes: try sampleBytes())
        for position in [ParquetPosition(rowGroup: -1, row: 0), ParquetPosition(rowGroup: 0, row: -1),
                         ParquetPosition(rowGroup: 0, row: 1_000_000), ParquetPosition(rowGroup: reader.rowGroupCount + 1, row: 0),
                         ParquetPosition(rowGroup: reader.rowGroupCount, row: 1)] {
            expectCode(.invalidValue) { _ = try reader.makeRowCursor(from: position) }
        }
        expectCode(.invalidValue) { _ = try reader.makeRowCursor(columns: ["nope"]) }
    }

    @Test func rejectsBrokenFileFrames() throws {
        let bytes = try sampleBytes()
        let cases: [(bytes: [UInt8], code: ParquetError.Code, offset: Int?)] = [
            (Array(bytes.prefix(11)), .truncated, 0),
            (Array("PAR0".utf8) + bytes.dropFirst(4), .malformed, 0),
            (Array(bytes.dropLast(4)) + Array("PAR0".utf8), .malformed, bytes.count - 4),
            (Array(bytes.dropLast(4)) + Array("PARE".utf8), .unsupported, bytes.count - 4),
            (Array(bytes.dropLast(8)) + [0xFF, 0xFF, 0xFF, 0x00] + Array("PAR1".utf8), .truncated, bytes.count - 8),
        ]
        for (bytes, code, offset) in cases {
            #expect { _ = try ParquetReader(bytes: bytes) } throws: { ($0 as? ParquetError)?.code == code && ($0 as? ParquetError)?.offset == offset }
        }
        var limits = ParquetReader.Limits()
        limits.maxFooterBytes = 10
        expectCode(.limitExceeded) { _ = try ParquetReader(bytes: bytes, limits: limits) }
        expectCode(.io) { _ = try ParquetReader(path: "/nonexistent/file.parquet") }
    }

    @Test func reportsAFileThatShrinksAfterOpening() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("shrink.parquet")
        _ = try SampleFiles.writeAllTypes(to: path, rows: 50)
        let reader = try ParquetReader(path: path)
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.truncate(atOffset: 20)
        try handle.close()
        expectCode(.truncated) { _ = try reader.readRowGroup(at: 0) }
    }

    @Test func plainDecoderChecksSizesBeforeAllocating() {
        let cases: [(ParquetColumnType, Int, [UInt8])] = [
            (.string, 1_000_000, [0, 0, 0, 0]),
            (.int32, 2, [1, 0, 0, 0]),
            (.int64, Int.max / 4, []),
            (.fixedLengthBinary(Int.max / 2), 3, [1]),
            (.boolean, 17, [0xFF, 0xFF]),
            (.binary, 1, [5, 0, 0, 0, 1]),
        ]
        for (type, count, bytes) in cases {
            var reader = ByteReader(bytes)
            expectCode(bytes.isEmpty || type == .fixedLengthBinary(Int.max / 2) ? .malformed : .truncated) {
                _ = try PlainDecoder.decode(count: count, type: type, from: &reader)
            }
        }
    }

    @Test func rejectsInconsistentFooters() throws {
        let bytes = try sampleBytes()
        let changes: [(ParquetError.Code, (inout FileMetaData) -> Void)] = [
            (.malformed, { $0.rowGroups[0].columns.removeLast() }),
            (.malformed, { $0.rowGroups[0].columns[0].metaData = nil }),
            (.unsupported, { $0.rowGroups[0].columns[0].filePath = "other.parquet" }),
            (.malformed, { $0.rowGroups[0].columns[0].metaData?.type = .double }),
            (.malformed, { $0.rowGroups[0].columns[0].metaData?.numValues += 1 }),
            (.malformed, { $0.rowGroups[0].columns[0].metaData?.totalCompressedSize = 1 << 40 }),
            (.malformed, { $0.rowGroups[0].columns[0].metaData?.dataPageOffset = 0 }),
            (.limitExceeded, { $0.rowGroups[0].numRows = 1 << 40 }),
            (.malformed, { $0.schema[0].numChildren = 1 }),
            (.malformed, { $0.schema[0].numChildren = 40 }),
            (.unsupported, { $0.schema[1].repetition = .repeated; $0.schema[1].numChildren = 1; $0.schema[1].type = nil }),
            (.unsupported, { $0.schema[1].numChildren = 1; $0.schema[1].type = nil }),
            (.malformed, { $0.schema = [] }),
            (.malformed, { $0.schema[13].typeLength = nil }),
        ]
        for (code, change) in changes {
            let changed = try rewritingFooter(bytes, change)
            expectCode(code) { _ = try ParquetReader(bytes: changed) }
        }
        let brotli = try rewritingFooter(bytes) { $0.rowGroups[0].columns[0].metaData?.codec = .brotli }
        let reader = try ParquetReader(bytes: brotli)
        #expect(try reader.rowGroupInfo(at: 0).columns[0].compression == .brotli)
        expectCode(.unsupported) { _ = try reader.readRowGroup(at: 0) }
        #expect(try reader.readRowGroup(at: 0, columns: ["name"]).rowCount > 0)
    }

    @Test func mapsLegacyAndOtherAnnotationsToColumnTypes() throws {
        let elements = [
            SchemaElement(name: "schema", numChildren: 8),
            SchemaElement(type: .int64, repetition: .required, name: "ms", convertedType: .timestampMillis),
            SchemaElement(type: .int64, repetition: .required, name: "us", convertedType: .timestampMicros),
            SchemaElement(type: .int32, repetition: .required, name: "day", convertedType: .date),
            SchemaElement(type: .byteArray, repetition: .optional, name: "text", convertedType: .utf8),
            SchemaElement(type: .byteArray, repetition: .optional, name: "json", logicalType: .other(fieldID: 12)),
            SchemaElement(type: .int32, repetition: .required, name: "dec", convertedType: .decimal, scale: 2, precision: 5),
            SchemaElement(type: .byteArray, repetition: .required, name: "bdec", logicalType: .decimal(scale: 1, precision: 40)),
            SchemaElement(type: .int96, repetition: .optional, name: "legacy"),
        ]
        let schema = try ParquetSchema(elements: elements)
        #expect(schema.columns.map(\.type) == [
            .timestamp(.milliseconds), .timestamp(.microseconds), .date, .string, .string,
            .decimal(ParquetDecimalType(precision: 5, scale: 2, storage: .int32)),
            .decimal(ParquetDecimalType(precision: 40, scale: 1, storage: .byteArray)), .int96,
        ])
    }

    @Test func ignoresUndecodableStatistics() {
        let statistics = Statistics(legacyMax: [1, 2, 3, 4], legacyMin: [1], nullCount: 3, maxValue: nil, minValue: nil)
        #expect(ParquetColumnStatistics(statistics, type: .int32) == ParquetColumnStatistics(nullCount: 3, max: .int32(0x0403_0201)))
        #expect(ParquetColumnStatistics(Statistics(legacyMax: [9], legacyMin: [1]), type: .string) == ParquetColumnStatistics())
        #expect(ParquetColumnStatistics(Statistics(maxValue: [1, 0]), type: .boolean).max == nil)
        #expect(ParquetColumnStatistics(Statistics(maxValue: [1]), type: .boolean).max == .bool(true))
    }
}
