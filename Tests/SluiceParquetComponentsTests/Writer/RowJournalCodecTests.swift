import SluiceParquet
import Testing
@testable import SluiceParquetComponents

/// The journal's two encoders (row by row, and straight from typed column buffers) must write the
/// same bytes, or a restart would replay other rows than were committed.
@Suite struct RowJournalCodecTests {
    private static let columns: [ParquetColumn] = [
        .optional("id", .int64), .optional("price", .double), .optional("active", .boolean),
        .optional("name", .string), .optional("blob", .binary), .optional("day", .date),
        .optional("at", .timestamp(.microseconds)), .optional("small", .decimal(ParquetDecimalType(precision: 9, scale: 2))),
        .optional("amount", .decimal(ParquetDecimalType(precision: 18, scale: 3))),
    ]

    /// Row `i`: every fourth cell null (shifting by column), values of every width and sign.
    private static func row(_ i: Int) -> [ParquetValue] {
        let sign: Int64 = i % 2 == 0 ? 1 : -1
        let cells: [ParquetValue] = [
            .int64(sign * Int64(i) * 1_000_003), .double(Double(i) / 7), .bool(i % 3 == 0),
            .string(String(repeating: "é\"x", count: i % 5)), .bytes((0..<UInt8(i % 9)).map { $0 &* 31 }),
            .date(Int32(i) - 500), .timestamp(sign * Int64(i) * 86_400_000_001, .microseconds),
            .decimal(ParquetDecimal(unscaled: sign * Int64(i * i), scale: 2)),
            .decimal(ParquetDecimal(unscaled: sign * (Int64(1) << Int64(i % 59)), scale: 3)),
        ]
        return cells.enumerated().map { column, cell in (i + column) % 4 == 0 ? .null : cell }
    }

    private static func batch(_ schema: ParquetSchema, _ rows: [[ParquetValue]]) throws -> ParquetColumnBatch {
        var batch = ParquetColumnBatch(columns: schema.columns)
        for row in rows { try batch.append(row: row) }
        return batch
    }

    private static func encodedRows(_ codec: RowJournalCodec, _ rows: [[ParquetValue]]) -> [UInt8] {
        var bytes: [UInt8] = []
        for row in rows { codec.encode(row, into: &bytes) }
        return bytes
    }

    @Test func batchFramesEqualRowFramesAndDecodeBack() throws {
        let schema = ParquetSchema(Self.columns)
        let codec = RowJournalCodec(schema: schema)
        let rows = (0..<300).map(Self.row)
        let batch = try Self.batch(schema, rows)

        var fromBatch: [UInt8] = []
        codec.encode(batch, rows: 0..<120, into: &fromBatch)
        codec.encode(batch, rows: 120..<300, into: &fromBatch)  // appended to bytes already there
        #expect(fromBatch == Self.encodedRows(codec, rows))

        let decoded = try codec.decode(fromBatch, from: 0)
        #expect(decoded.end == fromBatch.count)
        #expect(decoded.rows == rows)
    }

    @Test func aRangeInTheMiddleEncodesOnlyThoseRows() throws {
        let schema = ParquetSchema(Self.columns)
        let codec = RowJournalCodec(schema: schema)
        let rows = (0..<40).map(Self.row)
        let batch = try Self.batch(schema, rows)
        var bytes: [UInt8] = []
        codec.encode(batch, rows: 17..<23, into: &bytes)
        #expect(bytes == Self.encodedRows(codec, Array(rows[17..<23])))
        var none: [UInt8] = []
        codec.encode(batch, rows: 5..<5, into: &none)
        #expect(none.isEmpty)
    }

    @Test func aWideDecimalColumnTakesTheCellPathWithTheSameBytes() throws {
        let wide = ParquetColumn.optional("big", .decimal(ParquetDecimalType(precision: 30, scale: 4)))
        let schema = ParquetSchema([.required("id", .int64), wide, .optional("name", .string)])
        let codec = RowJournalCodec(schema: schema)
        let rows: [[ParquetValue]] = (0..<50).map { (i: Int) -> [ParquetValue] in
            let unscaled = Int64(i) * 123_456_789_012 - 9_000_000_000_000
            let big: ParquetValue = i % 5 == 0 ? .null : .decimal(ParquetDecimal(unscaled: unscaled, scale: 4))
            let name: ParquetValue = i % 7 == 0 ? .null : .string("n\(i)")
            return [.int64(Int64(i)), big, name]
        }
        let batch = try Self.batch(schema, rows)
        var bytes: [UInt8] = []
        codec.encode(batch, rows: 0..<50, into: &bytes)
        #expect(bytes == Self.encodedRows(codec, rows))
        #expect(try codec.decode(bytes, from: 0).rows == rows)
    }
}
