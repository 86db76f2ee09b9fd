import SluiceParquet
import Testing
@testable import SluiceParquetComponents

/// Journal frames: a header a restart can scan, and a block that decodes to the committed rows.
@Suite struct RowJournalCodecTests {
    private static let columns: [ParquetColumn] = [
        .optional("id", .int64), .optional("price", .double), .optional("active", .boolean),
        .optional("name", .string), .optional("blob", .binary), .optional("day", .date),
        .optional("at", .timestamp(.microseconds)), .optional("small", .decimal(ParquetDecimalType(precision: 9, scale: 2))),
        .optional("amount", .decimal(ParquetDecimalType(precision: 18, scale: 3))),
        .optional("big", .decimal(ParquetDecimalType(precision: 30, scale: 4))), .required("count", .int32),
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
            .decimal(ParquetDecimal(unscaled: Int64(i) * 123_456_789_012 - 9_000_000_000_000, scale: 4)),
        ]
        return cells.enumerated().map { column, cell in (i + column) % 4 == 0 ? .null : cell } + [.int32(Int32(i))]
    }

    private static func batch(_ rows: Range<Int>) throws -> ParquetColumnBatch {
        var batch = ParquetColumnBatch(columns: columns)
        for i in rows { try batch.append(row: row(i)) }
        return batch
    }

    /// The frames of `bytes`, decoded one by one through their headers as a restart reads them.
    private static func replay(_ bytes: [UInt8]) throws -> (rows: [[ParquetValue]], frames: [Int]) {
        var batch = ParquetColumnBatch(columns: columns)
        var offset = 0
        var frames: [Int] = []
        while let header = try RowJournalCodec.header(Array(bytes[offset...].prefix(RowJournalCodec.scanSize)), at: offset) {
            let block = Array(bytes[(offset + RowJournalCodec.headerSize)..<(offset + header.frameLength)])
            let before = batch.rowCount
            try RowJournalCodec.decode(block: block, at: offset, into: &batch)
            #expect(batch.rowCount - before == header.rows)
            frames.append(header.rows)
            offset += header.frameLength
        }
        #expect(offset == bytes.count)
        return ((0..<batch.rowCount).map { batch.row(at: $0) }, frames)
    }

    @Test func framesHoldTheirRowsAndDecodeBack() throws {
        let batch = try Self.batch(0..<300)
        var bytes: [UInt8] = []
        RowJournalCodec.encode(batch, rows: 0..<120, into: &bytes)
        RowJournalCodec.encode(batch, rows: 120..<300, into: &bytes)  // appended to bytes already there
        RowJournalCodec.encode(batch, rows: 7..<7, into: &bytes)  // no rows: no frame
        let replayed = try Self.replay(bytes)
        #expect(replayed.frames == [120, 180])
        #expect(replayed.rows == (0..<300).map(Self.row))
    }

    @Test func aRangeInTheMiddleEncodesOnlyThoseRows() throws {
        let batch = try Self.batch(0..<40)
        var bytes: [UInt8] = []
        RowJournalCodec.encode(batch, rows: 17..<23, into: &bytes)
        #expect(try Self.replay(bytes).rows == (17..<23).map(Self.row))
    }

    @Test func aTornOrForeignFrameIsTold() throws {
        let batch = try Self.batch(0..<10)
        var bytes: [UInt8] = []
        RowJournalCodec.encode(batch, rows: 0..<10, into: &bytes)
        // Fewer bytes than a header: a torn frame at the end, not an error.
        #expect(try RowJournalCodec.header(Array(bytes.prefix(RowJournalCodec.scanSize - 1)), at: 0) == nil)
        let header = try #require(try RowJournalCodec.header(Array(bytes.prefix(RowJournalCodec.scanSize)), at: 0))
        #expect(header.rows == 10 && header.frameLength == bytes.count)

        var foreign = bytes
        foreign[0] ^= 0xFF
        let tag = #expect(throws: ValueProblem.self) { try RowJournalCodec.header(Array(foreign.prefix(RowJournalCodec.scanSize)), at: 64) }
        #expect(tag?.message == "the frame at byte 64 does not start with the journal tag")

        var decoded = ParquetColumnBatch(columns: Self.columns)
        let block = Array(bytes[RowJournalCodec.headerSize..<(bytes.count - 3)])
        let cut = #expect(throws: ValueProblem.self) { try RowJournalCodec.decode(block: block, at: 128, into: &decoded) }
        #expect(cut?.message.hasPrefix("the frame at byte 128 does not hold rows of the schema: parquet truncated") == true)
        #expect(decoded.rowCount == 0)
    }
}
