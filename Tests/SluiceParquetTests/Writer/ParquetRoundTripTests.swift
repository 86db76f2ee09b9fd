import Foundation
import Testing
@testable import SluiceParquet

@Suite struct ParquetRoundTripTests {
    private func readAll(_ reader: ParquetReader, columns: [String]? = nil) throws -> [[ParquetValue]] {
        var cursor = try reader.makeRowCursor(columns: columns)
        var rows: [[ParquetValue]] = []
        while let row = try cursor.next() { rows.append(row) }
        return rows
    }

    @Test(arguments: PageCodecTests.allCodecs, [true, false])
    func roundTripsEveryTypeWithNulls(codec: ParquetCompressionCodec, dictionary: Bool) throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        var options = ParquetWriter.Options()
        options.compression = codec
        options.dictionaryEnabled = dictionary
        guard codec.isSupported else {
            PageCodecTests.expectTraitError(codec) { _ = try SampleFiles.writeAllTypes(to: dir.file("all.parquet"), rows: 500, options: options) }
            return
        }
        let bytes = try SampleFiles.writeAllTypes(to: dir.file("all.parquet"), rows: 500, options: options)
        let reader = try ParquetReader(bytes: bytes)
        #expect(reader.schema == SampleFiles.allTypesSchema)
        #expect(reader.rowCount == 500)
        #expect(try readAll(reader) == (0..<500).map(SampleFiles.allTypesRow))
        let info = try reader.rowGroupInfo(at: 0)
        #expect(info.columns.allSatisfy { $0.compression == codec })
        let name = try #require(info.columns.first { $0.column.name == "name" })
        #expect(name.hasDictionaryPage == dictionary)
        #expect(name.encodings.contains(dictionary ? .rleDictionary : .plain))
    }

    @Test func readsFromAPathWithTheSameResultAsFromMemory() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("t.parquet")
        let bytes = try SampleFiles.writeAllTypes(to: path, rows: 40)
        #expect(try readAll(ParquetReader(path: path)) == readAll(ParquetReader(bytes: bytes)))
    }
}
