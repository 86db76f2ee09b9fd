import Foundation
import Testing
@testable import SluiceParquet

/// The writer's batch path encodes runs of values already in a dictionary in place, keeps no
/// definition levels until a column's first null, and falls back to PLAIN inside a batch; each
/// must give the bytes that appending the same rows one by one gives.
@Suite struct ParquetBatchEncodingTests {
    private static let schema = ParquetSchema([
        .optional("n", .int64), .optional("s", .string), .optional("d", .double), .optional("i", .int32),
        .optional("price", .decimal(ParquetDecimalType(precision: 9, scale: 2))), .optional("code", .fixedLengthBinary(2)),
    ])

    /// Row `index`: `distinct` different values cycling; from row `nullsFrom` on, every fifth row is all nulls.
    private static func row(_ index: Int, distinct: Int, nullsFrom: Int) -> [ParquetValue] {
        if index >= nullsFrom && index % 5 == 0 { return Array(repeating: .null, count: schema.columns.count) }
        let k = index % distinct
        return [
            .int64(Int64(k) * 3), .string("value-\(k)"), .double(Double(k) / 4), .int32(Int32(k) - 7),
            .decimal(ParquetDecimal(unscaled: Int64(k % 9_000) - 4_000, scale: 2)), .bytes([UInt8(k % 200), UInt8(k / 200 % 256)]),
        ]
    }

    /// Writes the rows of `feeds` twice, by rows and by batches; each feed is a batch's rows and the
    /// part of them appended. Returns both files' bytes.
    private static func writeBothWays(_ feeds: [(batch: Range<Int>, appended: Range<Int>)], distinct: Int, nullsFrom: Int,
                                      options: ParquetWriter.Options = ParquetWriter.Options()) throws -> (rows: [UInt8], batches: [UInt8]) {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let byRows = try ParquetWriter(path: dir.file("rows.parquet"), schema: schema, options: options)
        let byBatches = try ParquetWriter(path: dir.file("batches.parquet"), schema: schema, options: options)
        for feed in feeds {
            var batch = ParquetColumnBatch(columns: schema.columns)
            for index in feed.batch { try batch.append(row: row(index, distinct: distinct, nullsFrom: nullsFrom)) }
            try byBatches.append(batch, rows: (feed.appended.lowerBound - feed.batch.lowerBound)..<(feed.appended.upperBound - feed.batch.lowerBound))
            for index in feed.appended { try byRows.append(row: row(index, distinct: distinct, nullsFrom: nullsFrom)) }
        }
        try byRows.close()
        try byBatches.close()
        return ([UInt8](try Data(contentsOf: URL(fileURLWithPath: dir.file("rows.parquet")))),
                [UInt8](try Data(contentsOf: URL(fileURLWithPath: dir.file("batches.parquet")))))
    }

    private static func feeds(_ rows: Int, size: Int) -> [(batch: Range<Int>, appended: Range<Int>)] {
        stride(from: 0, to: rows, by: size).map { start in (start..<min(rows, start + size), start..<min(rows, start + size)) }
    }

    @Test func nullsThatFirstArriveInALaterBatch() throws {
        let written = try Self.writeBothWays(Self.feeds(4_000, size: 1_000), distinct: 300, nullsFrom: 2_500)
        #expect(written.batches == written.rows)
        let reader = try ParquetReader(bytes: written.batches)
        var cursor = try reader.makeRowCursor()
        var index = 0
        while let row = try cursor.next() {
            let expected = Self.row(index, distinct: 300, nullsFrom: 2_500)
            #expect(row == expected, "row \(index)")
            index += 1
        }
        #expect(index == 4_000)
        let info = try reader.rowGroupInfo(at: 0)
        #expect(info.columns.allSatisfy { $0.statistics?.nullCount == 300 })
    }

    @Test func aBatchWhoseNullsLieOutsideTheAppendedRows() throws {
        // Batches of ten rows with nulls at rows 0 and 5 of each; only rows 1...4 and 6...9 are appended.
        var feeds: [(batch: Range<Int>, appended: Range<Int>)] = []
        for start in stride(from: 0, to: 2_000, by: 10) {
            feeds.append((start..<start + 10, start + 1..<start + 5))
            feeds.append((start..<start + 10, start + 6..<start + 10))
        }
        let written = try Self.writeBothWays(feeds, distinct: 50, nullsFrom: 0)
        #expect(written.batches == written.rows)
        let info = try ParquetReader(bytes: written.batches).rowGroupInfo(at: 0)
        #expect(info.columns.allSatisfy { $0.statistics?.nullCount == 0 })
    }

    @Test func mostlyDistinctValuesGoPlainInsideABatch() throws {
        // The trial (the first 20,000 values) ends inside the third batch of 7,000.
        let written = try Self.writeBothWays(Self.feeds(30_000, size: 7_000), distinct: 1_000_000, nullsFrom: .max)
        #expect(written.batches == written.rows)
        let columns = try ParquetReader(bytes: written.batches).rowGroupInfo(at: 0).columns
        #expect(columns.first { $0.column.name == "n" }?.hasDictionaryPage == false)
        #expect(columns.first { $0.column.name == "price" }?.hasDictionaryPage == true)  // 9,000 distinct in the trial
    }

    @Test func aDictionaryThatFillsInsideABatch() throws {
        var options = ParquetWriter.Options()
        options.dictionaryPageByteLimit = 16_000  // "i" needs 20,000 bytes (5,000 distinct non-null)
        let written = try Self.writeBothWays(Self.feeds(12_000, size: 2_500), distinct: 6_000, nullsFrom: 1_000, options: options)
        #expect(written.batches == written.rows)
        let columns = try ParquetReader(bytes: written.batches).rowGroupInfo(at: 0).columns
        #expect(columns.first { $0.column.name == "s" }?.hasDictionaryPage == false)
        #expect(columns.first { $0.column.name == "i" }?.hasDictionaryPage == false)
    }

    @Test func repeatingValuesStayDictionaryEncodedWithTheirStatistics() throws {
        let written = try Self.writeBothWays(Self.feeds(25_000, size: 4_096), distinct: 5_000, nullsFrom: .max)
        #expect(written.batches == written.rows)
        let columns = try ParquetReader(bytes: written.batches).rowGroupInfo(at: 0).columns
        let dictionaryEncoded = columns.filter { $0.hasDictionaryPage }.count
        #expect(dictionaryEncoded == columns.count)
        let n = try #require(columns.first { $0.column.name == "n" })
        #expect(n.statistics?.min == .int64(0) && n.statistics?.max == .int64(4_999 * 3))
    }
}
