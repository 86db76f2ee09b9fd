import Foundation
import Testing
@testable import SluiceParquet

/// Blocks (``ParquetColumnBatch/appendBlock(rows:to:)``): rows of every column type come back as
/// they went in, and a damaged block throws without changing the batch it is read into.
@Suite struct ParquetColumnBatchBlockTests {
    private static let schema = SampleFiles.allTypesSchema

    private static func rows(_ batch: ParquetColumnBatch) -> [[ParquetValue]] {
        (0..<batch.rowCount).map { batch.row(at: $0) }
    }

    @Test func blocksOfEveryColumnTypeDecodeToTheSameRows() throws {
        let source = try SampleFiles.allTypesBatch(0..<500)
        var bytes: [UInt8] = []
        source.appendBlock(rows: 0..<120, to: &bytes)
        let firstEnd = bytes.count
        source.appendBlock(rows: 120..<500, to: &bytes)
        #expect(bytes.withUnsafeBytes { ParquetColumnBatch.blockRowCount(UnsafeRawBufferPointer(rebasing: $0[firstEnd...])) } == 380)

        var decoded = ParquetColumnBatch(columns: Self.schema.columns)
        try bytes.withUnsafeBytes { raw in
            try decoded.appendBlock(UnsafeRawBufferPointer(rebasing: raw[..<firstEnd]))
            try decoded.appendBlock(UnsafeRawBufferPointer(rebasing: raw[firstEnd...]))
        }
        #expect(decoded.isAligned)
        #expect(Self.rows(decoded) == (0..<500).map(SampleFiles.allTypesRow))
    }

    @Test func aRangeWithoutNullsAfterOneWithThemKeepsTheNullFlagsRight() throws {
        let source = try SampleFiles.allTypesBatch(0..<20)
        var decoded = try SampleFiles.allTypesBatch(0..<4)  // row 3 is null in the optional columns
        var bytes: [UInt8] = []
        source.appendBlock(rows: 4..<7, to: &bytes)  // rows 4, 5, 6: no nulls
        try bytes.withUnsafeBytes { try decoded.appendBlock($0) }
        #expect(Self.rows(decoded) == (0..<7).map(SampleFiles.allTypesRow))

        var empty: [UInt8] = []
        source.appendBlock(rows: 9..<9, to: &empty)
        var none = ParquetColumnBatch(columns: Self.schema.columns)
        try empty.withUnsafeBytes { try none.appendBlock($0) }
        #expect(none.rowCount == 0)
    }

    @Test func dictionaryBuffersFromTheReaderAreStoredAsTheirValues() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let file = try SampleFiles.writeAllTypes(to: dir.file("d.parquet"), rows: 300)
        let read = try ParquetReader(bytes: file).readColumns(at: 0)
        #expect(read.buffers.contains { $0.layout == .dictionary })
        var bytes: [UInt8] = []
        read.appendBlock(rows: 10..<250, to: &bytes)
        var decoded = ParquetColumnBatch(columns: Self.schema.columns)
        try bytes.withUnsafeBytes { try decoded.appendBlock($0) }
        #expect(Self.rows(decoded) == (10..<250).map(SampleFiles.allTypesRow))
    }

    @Test func everyCutOfABlockThrowsAndLeavesTheBatchAsItWas() throws {
        let source = try SampleFiles.allTypesBatch(0..<9)
        var bytes: [UInt8] = []
        source.appendBlock(rows: 0..<9, to: &bytes)
        for cut in 0..<bytes.count {
            var target = try SampleFiles.allTypesBatch(0..<5)
            #expect(throws: ParquetError.self) {
                try bytes.withUnsafeBytes { try target.appendBlock(UnsafeRawBufferPointer(rebasing: $0[..<cut])) }
            }
            #expect(target.isAligned)
            #expect(Self.rows(target) == (0..<5).map(SampleFiles.allTypesRow))
        }
        let longer = bytes + [0]
        var target = ParquetColumnBatch(columns: Self.schema.columns)
        let error = #expect(throws: ParquetError.self) { try longer.withUnsafeBytes { try target.appendBlock($0) } }
        #expect(error?.code == .malformed && error?.offset == bytes.count)
    }

    @Test func flagAndBooleanBytesOtherThanZeroOrOneAreMalformed() throws {
        let source = try SampleFiles.allTypesBatch(0..<4)  // row 3 null: the optional columns carry null flags
        var bytes: [UInt8] = []
        source.appendBlock(rows: 0..<4, to: &bytes)
        // Layout: row count (4), id: flag 0 and 4 × 8 bytes, flag: flag 1, 4 presence bytes, 4 values.
        let flagColumn = 4 + 1 + 32
        var badFlag = bytes
        badFlag[flagColumn] = 2
        var badPresence = bytes
        badPresence[flagColumn + 1 + 2] = 7
        var badBoolean = bytes
        badBoolean[flagColumn + 1 + 4 + 1] = 2
        for (damaged, offset) in [(badFlag, flagColumn), (badPresence, flagColumn + 3), (badBoolean, flagColumn + 6)] {
            var target = ParquetColumnBatch(columns: Self.schema.columns)
            let error = #expect(throws: ParquetError.self) { try damaged.withUnsafeBytes { try target.appendBlock($0) } }
            #expect(error?.code == .malformed)
            #expect(error?.offset == offset)
            #expect(target.rowCount == 0 && target.isAligned)
        }
    }
}
