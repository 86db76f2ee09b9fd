import Foundation
import Testing
@testable import SluiceParquet

/// The typed column path: ``ParquetWriter/append(_:rows:)`` writes the same files as appending rows,
/// ``ParquetReader/readColumns(at:columns:)`` decodes the same values as ``ParquetReader/readRowGroup(at:columns:)``.
@Suite struct ParquetColumnBatchTests {
    private static let schema = SampleFiles.allTypesSchema

    private static func writeInBatches(_ path: String, rows: Int, sizes: [Int], options: ParquetWriter.Options) throws -> [UInt8] {
        let writer = try ParquetWriter(path: path, schema: schema, options: options)
        var start = 0
        var turn = 0
        while start < rows {
            let end = min(rows, start + sizes[turn % sizes.count])
            // Rows fed from the middle of a larger batch, to exercise the row range.
            let batch = try SampleFiles.allTypesBatch(max(0, start - 5)..<end)
            try writer.append(batch, rows: (start - max(0, start - 5))..<batch.rowCount)
            start = end
            turn += 1
        }
        try writer.close()
        return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    @Test(arguments: PageCodecTests.allCodecs.filter(\.isSupported), [true, false])
    func batchesWriteTheSameFileAsRows(codec: ParquetCompressionCodec, dictionary: Bool) throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        var options = ParquetWriter.Options()
        options.compression = codec
        options.dictionaryEnabled = dictionary
        let rows = try SampleFiles.writeAllTypes(to: dir.file("rows.parquet"), rows: 3_000, options: options)
        let batches = try Self.writeInBatches(dir.file("batches.parquet"), rows: 3_000, sizes: [1, 700, 33, 2_000], options: options)
        #expect(batches == rows)
    }

    @Test func dictionaryFallbackAndStatisticsMatchTheRowPath() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        var options = ParquetWriter.Options()
        options.dictionaryPageByteLimit = 60  // falls back to PLAIN part-way through the chunk
        let rows = try SampleFiles.writeAllTypes(to: dir.file("rows.parquet"), rows: 1_000, options: options)
        let batches = try Self.writeInBatches(dir.file("batches.parquet"), rows: 1_000, sizes: [300], options: options)
        #expect(batches == rows)
        let info = try ParquetReader(bytes: batches).rowGroupInfo(at: 0)
        let name = try #require(info.columns.first { $0.column.name == "name" })
        #expect(!name.hasDictionaryPage)
        #expect(name.statistics?.nullCount == Int64((0..<1_000).filter { $0 % 7 == 3 }.count))
    }

    @Test func rowGroupsComeOutTheSameHoweverRowsAreBatched() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        var options = ParquetWriter.Options()
        options.rowGroupByteSize = 20_000
        let first = try Self.writeInBatches(dir.file("a.parquet"), rows: 5_000, sizes: [5_000], options: options)
        let second = try Self.writeInBatches(dir.file("b.parquet"), rows: 5_000, sizes: [17, 1_500, 333], options: options)
        #expect(first == second)
        let reader = try ParquetReader(bytes: first)
        #expect(reader.rowGroupCount > 1)
        var cursor = try reader.makeRowCursor()
        var index = 0
        while let row = try cursor.next() {
            #expect(row == SampleFiles.allTypesRow(index))
            index += 1
        }
        #expect(index == 5_000)
    }

    @Test(arguments: [true, false])
    func typedColumnsHoldTheValuesOfTheRowGroup(dictionary: Bool) throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        var options = ParquetWriter.Options()
        options.dictionaryEnabled = dictionary
        let bytes = try SampleFiles.writeAllTypes(to: dir.file("t.parquet"), rows: 600, options: options)
        let reader = try ParquetReader(bytes: bytes)
        let batch = try reader.readColumns(at: 0, columns: ["name", "id", "price", "day"])
        let group = try reader.readRowGroup(at: 0, columns: ["name", "id", "price", "day"])
        #expect(batch.rowCount == 600)
        #expect(batch.buffers.map { $0.allValues() } == group.values)
        #expect((0..<600).map { batch.row(at: $0) } == (0..<600).map { group.row(at: $0) })
        #expect(batch.buffers[0].layout == (dictionary ? .dictionary : .bytes))
        #expect(batch.buffers[1].layout == (dictionary ? .dictionary : .int64s))  // fewer than 20,000 values: no trial fallback
        #expect(batch.buffers[2].layout == (dictionary ? .dictionary : .int32s))
        #expect(batch.buffers[0].nullCount == (0..<600).filter { $0 % 7 == 3 }.count)
        #expect(batch.buffers[0].isNull(3) && !batch.buffers[0].isNull(4))
    }

    @Test func cursorConsumesTheRowsItIsTold() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        var options = ParquetWriter.Options()
        options.rowGroupByteSize = 10_000
        let bytes = try SampleFiles.writeAllTypes(to: dir.file("t.parquet"), rows: 2_000, options: options)
        let reader = try ParquetReader(bytes: bytes)
        var cursor = try reader.makeRowCursor(columns: ["id"])
        var ids: [ParquetValue] = []
        while let taken = try cursor.nextRows({ batch, position in
            let end = min(batch.rowCount, position.row + 97)
            return ((position.row..<end).map { batch.buffers[0].value(at: $0) }, end - position.row)
        }) {
            ids.append(contentsOf: taken)
        }
        #expect(ids == (0..<2_000).map { .int64(Int64($0)) })
        #expect(cursor.position == ParquetPosition(rowGroup: reader.rowGroupCount, row: 0))
    }

    @Test func aBadBatchIsRefusedBeforeAnythingIsBuffered() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let schema = ParquetSchema([
            .required("id", .int64), .optional("code", .fixedLengthBinary(2)),
            .optional("price", .decimal(ParquetDecimalType(precision: 3, scale: 1))),
        ])
        let writer = try ParquetWriter(path: dir.file("t.parquet"), schema: schema)
        var nullId = ParquetColumnBatch(columns: schema.columns)
        try nullId.append(row: [.int64(1), .null, .null])
        nullId.buffers[0].appendNull()
        nullId.buffers[1].appendNull()
        nullId.buffers[2].appendNull()
        #expect(throws: ParquetError.self) { try writer.append(nullId) }
        var wideCode = ParquetColumnBatch(columns: schema.columns)
        wideCode.buffers[0].append(Int64(1))
        wideCode.buffers[1].append(bytes: [1, 2, 3])
        wideCode.buffers[2].appendNull()
        #expect(throws: ParquetError.self) { try writer.append(wideCode) }
        var bigPrice = ParquetColumnBatch(columns: schema.columns)
        bigPrice.buffers[0].append(Int64(1))
        bigPrice.buffers[1].appendNull()
        bigPrice.buffers[2].append(Int32(1_000))
        #expect(throws: ParquetError.self) { try writer.append(bigPrice) }
        var ragged = ParquetColumnBatch(columns: schema.columns)
        ragged.buffers[0].append(Int64(1))
        #expect(throws: ParquetError.self) { try writer.append(ragged) }
        #expect(throws: ParquetError.self) { try writer.append(ParquetColumnBatch(columns: [.required("other", .int64)])) }
        #expect(throws: ParquetError.self) { try writer.append(ragged, rows: 0..<1) }
        #expect(writer.rowCount == 0)
        var good = ParquetColumnBatch(columns: schema.columns)
        try good.append(row: [.int64(7), .bytes([1, 2]), .decimal(ParquetDecimal(unscaled: 999, scale: 1))])
        try writer.append(good)
        try writer.close()
        var cursor = try ParquetReader(path: dir.file("t.parquet")).makeRowCursor()
        #expect(try cursor.next() == [.int64(7), .bytes([1, 2]), .decimal(ParquetDecimal(unscaled: 999, scale: 1))])
        #expect(try cursor.next() == nil)
    }

    @Test func buffersUndoAndCopyRows() throws {
        var buffer = ParquetColumnBuffer(type: .string)
        buffer.append(string: "a")
        buffer.appendNull()
        buffer.append(string: "ccc")
        #expect(buffer.allValues() == [.string("a"), .null, .string("ccc")])
        buffer.removeRows(from: 1)
        #expect(buffer.allValues() == [.string("a")])
        #expect(buffer.nullCount == 0 && buffer.validity.isEmpty)
        var other = ParquetColumnBuffer(type: .string)
        other.appendNull()
        other.append(string: "dd")
        buffer.append(contentsOf: other, rows: 0..<2)
        #expect(buffer.allValues() == [.string("a"), .null, .string("dd")])
        #expect(buffer.nullCount == 1)
        #expect(throws: ParquetError.self) { try buffer.append(ParquetValue.int64(1)) }
        #expect(buffer.count == 3)
        var decimals = ParquetColumnBuffer(type: .decimal(ParquetDecimalType(precision: 4, scale: 2)))
        let wide = decimals.append(decimal: ParquetDecimal(unscaledBigEndian: [1, 0, 0, 0, 0, 0, 0, 0, 0, 0], scale: 2))
        let narrow = decimals.append(decimal: ParquetDecimal(unscaled: -12, scale: 2))
        #expect(!wide && narrow)
        #expect(decimals.allValues() == [.decimal(ParquetDecimal(unscaled: -12, scale: 2))])
    }
}
