import Foundation
import Sluice
import SluiceParquet
import Testing
@testable import SluiceParquetComponents

/// A fresh directory under /tmp for one test.
func scratchDirectory(_ name: String) throws -> String {
    let path = "/tmp/sluice-parquet-components-tests/\(name)-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// Every record of `path` (file or glob), read with a fresh reader.
func readAll(_ path: String, columns: [String]? = nil) async throws -> [Record] {
    let reader = try ParquetItemReader(properties: .init(path: path, columns: columns), baseDirectory: "")
    try await reader.open(ExecutionContext())
    var records: [Record] = []
    while try await reader.read(into: &records, limit: records.count + 7) {}
    try await reader.close()
    return records
}

func category(_ error: any Error) -> ErrorCategory? { ErrorCategory.of(error) }

func record(_ id: Int) -> Record { Record([("id", .int(id)), ("name", .string("n\(id)"))]) }

@Suite struct ParquetWriterTests {
    let allColumns: [ParquetColumnSpec] = [
        .init(name: "s", type: "string"), .init(name: "i", type: "int", nullable: false), .init(name: "d", type: "double"),
        .init(name: "m", type: "decimal", precision: 20, scale: 4), .init(name: "b", type: "bool"),
        .init(name: "day", type: "date"), .init(name: "at", type: "timestamp", unit: "millis"), .init(name: "raw", type: "bytes"),
    ]

    @Test func roundTripsEveryTypeWithNullsAndExactDecimals() async throws {
        let dir = try scratchDirectory("roundtrip")
        let writer = try ParquetItemWriter(properties: .init(path: "out.parquet", compression: "none", columns: allColumns), baseDirectory: dir)
        let rows = [
            Record([("s", "a"), ("i", 1), ("d", 1.5), ("m", .decimal(Decimal(string: "1234567890123456.1234")!)), ("b", true),
                    ("day", .date(CalendarDate(year: 2024, month: 2, day: 29)!)), ("at", .timestamp(Date(timeIntervalSince1970: 1_700_000_000.123))),
                    ("raw", .bytes([0, 255, 7]))]),
            Record([("s", nil), ("i", -9), ("d", nil), ("m", .decimal(Decimal(string: "-0.0001")!)), ("b", nil), ("day", .date(CalendarDate(year: 1969, month: 12, day: 31)!)), ("at", nil), ("raw", nil)]),
            Record([("i", 3), ("m", 12)]),
        ]
        var context = ExecutionContext()
        try await writer.open(context)
        try await writer.write(Chunk(rows, attempt: 1))
        try await writer.update(&context)
        try await writer.complete(&context)
        try await writer.close()
        let read = try await readAll(dir + "/out.parquet")
        #expect(read.count == 3)
        #expect(read[0] == rows[0])
        #expect(read[1]["m"] == .decimal(Decimal(string: "-0.0001")!))
        #expect(read[1]["day"] == .date(CalendarDate(year: 1969, month: 12, day: 31)!))
        #expect(read[1]["s"] == .null && read[1]["at"] == .null)
        #expect(read[2]["m"] == .decimal(12) && read[2]["s"] == .null)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["out.parquet"])
    }

    @Test func infersTheSchemaFromTheFirstChunk() async throws {
        let dir = try scratchDirectory("infer")
        let writer = try ParquetItemWriter(properties: .init(path: "o.parquet"), baseDirectory: dir)
        var context = ExecutionContext()
        try await writer.open(context)
        try await writer.write(Chunk([Record([("a", 1), ("b", nil), ("c", 1)]), Record([("a", 2), ("b", nil), ("c", 2.5)])], attempt: 1))
        try await writer.update(&context)
        try await writer.complete(&context)
        let schema = try ParquetReader(path: dir + "/o.parquet").schema
        #expect(schema.columns == [.optional("a", .int64), .optional("b", .string), .optional("c", .double)])
        #expect(context.string("parquet.writer.schema")?.contains("\"int\"") == true)
    }

    @Test func aValueThatDoesNotFitIsAValidationErrorAndLeavesNothing() async throws {
        let dir = try scratchDirectory("mismatch")
        let writer = try ParquetItemWriter(properties: .init(path: "o.parquet", columns: [.init(name: "id", type: "int", nullable: false)]), baseDirectory: dir)
        var context = ExecutionContext()
        try await writer.open(context)
        try await writer.write(Chunk([Record([("id", 1)])], attempt: 1))
        let error = await #expect(throws: BatchError.self) { try await writer.write(Chunk([Record([("id", "x")])], attempt: 1)) }
        #expect(error?.category == .validation && error?.message.contains("'id'") == true)
        await #expect(throws: BatchError.self) { try await writer.write(Chunk([Record([("id", nil)])], attempt: 1)) }
        try await writer.update(&context)
        try await writer.complete(&context)
        #expect(try await readAll(dir + "/o.parquet") == [Record([("id", 1)])])
    }

    @Test func aRetriedAttemptDropsTheRowsOfTheFailedOne() async throws {
        let dir = try scratchDirectory("retry")
        let writer = try ParquetItemWriter(properties: .init(path: "o.parquet"), baseDirectory: dir)
        var context = ExecutionContext()
        try await writer.open(context)
        try await writer.write(Chunk([record(1), record(2)], attempt: 1))
        try await writer.write(Chunk([record(1), record(2)], attempt: 2))
        try await writer.update(&context)
        try await writer.complete(&context)
        #expect(try await readAll(dir + "/o.parquet").map { $0["id"] } == [1, 2])
    }

    @Test func rollsOverToSequencedFiles() async throws {
        let dir = try scratchDirectory("roll")
        let writer = try ParquetItemWriter(properties: .init(path: "out/orders-{seq}.parquet", rowGroupSize: 2, maxRowsPerFile: 3), baseDirectory: dir)
        var context = ExecutionContext()
        try await writer.open(context)
        for chunk in 0..<4 {
            try await writer.write(Chunk([record(chunk * 2), record(chunk * 2 + 1)], attempt: chunk + 1))
            try await writer.update(&context)
        }
        try await writer.complete(&context)
        let names = try FileManager.default.contentsOfDirectory(atPath: dir + "/out").sorted()
        #expect(names == ["orders-00000.parquet", "orders-00001.parquet", "orders-00002.parquet"])
        #expect(try ParquetReader(path: dir + "/out/orders-00000.parquet").rowGroupCount == 2)
        #expect(try await readAll(dir + "/out/*.parquet").map { $0["id"] } == (0..<8).map { .int($0) })
        #expect(context.int("parquet.writer.published") == 3)
    }

    @Test func aCrashedRunRestartsFromItsLastCommitExactlyOnce() async throws {
        let dir = try scratchDirectory("crash")
        let properties = ParquetItemWriter.Properties(path: "p-{seq}.parquet", maxRowsPerFile: 5)
        var committed = ExecutionContext()
        do {
            let writer = try ParquetItemWriter(properties: properties, baseDirectory: dir)
            try await writer.open(committed)
            for chunk in 0..<3 {  // rows 0..8: file 0 published, 4 rows journaled for file 1
                try await writer.write(Chunk((chunk * 3..<chunk * 3 + 3).map(record), attempt: chunk + 1))
                try await writer.update(&committed)
            }
            // This chunk's update runs (publishing file 1) but its commit never happens.
            var lost = committed
            try await writer.write(Chunk((9..<12).map(record), attempt: 4))
            try await writer.update(&lost)
            #expect(FileManager.default.fileExists(atPath: dir + "/p-00001.parquet"))
        }  // the writer is dropped without complete or close: a crash
        let writer = try ParquetItemWriter(properties: properties, baseDirectory: dir)
        try await writer.open(committed)
        #expect(!FileManager.default.fileExists(atPath: dir + "/p-00001.parquet"))
        try await writer.write(Chunk((9..<14).map(record), attempt: 1))
        try await writer.update(&committed)
        try await writer.complete(&committed)
        try await writer.close()
        #expect(try await readAll(dir + "/p-*.parquet").map { $0["id"] } == (0..<14).map { .int($0) })
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasPrefix(".") }
        #expect(leftovers.isEmpty)
    }

    @Test func aFailedLastCommitRepublishesTheSameContent() async throws {
        let dir = try scratchDirectory("republish")
        let properties = ParquetItemWriter.Properties(path: "o.parquet")
        var committed = ExecutionContext()
        let first = try ParquetItemWriter(properties: properties, baseDirectory: dir)
        try await first.open(committed)
        try await first.write(Chunk([record(1)], attempt: 1))
        try await first.update(&committed)
        var lost = committed
        try await first.write(Chunk([record(2)], attempt: 2))
        try await first.update(&lost)
        try await first.complete(&lost)
        let published = try Data(contentsOf: URL(fileURLWithPath: dir + "/o.parquet"))
        try await first.close()
        let second = try ParquetItemWriter(properties: properties, baseDirectory: dir)
        try await second.open(committed)
        try await second.write(Chunk([record(2)], attempt: 1))
        try await second.update(&committed)
        try await second.complete(&committed)
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir + "/o.parquet")) == published)
    }

    @Test func aRestartRebuildsTheSameFileAsAnUninterruptedRun() async throws {
        let dir = try scratchDirectory("rebuild")
        let columns: [ParquetColumnSpec] = [
            .init(name: "id", type: "int", nullable: false), .init(name: "name", type: "string"),
            .init(name: "amount", type: "decimal", precision: 9, scale: 2), .init(name: "day", type: "date"),
        ]
        func row(_ id: Int) -> Record {
            Record([("id", .int(id)), ("name", id % 5 == 0 ? .null : .string("n\(id % 37)")),
                    ("amount", .decimal(Decimal(id) / 4)), ("day", .date(CalendarDate(year: 2026, month: 11, day: id % 28 + 1)!))])
        }
        let sizes = [700, 1_300, 2_048, 1, 999]
        func run(_ path: String, crashAfter: Int?) async throws {
            let properties = ParquetItemWriter.Properties(path: path, rowGroupSize: 1_500, columns: columns)
            var committed = ExecutionContext()
            var start = 0
            var writer = try ParquetItemWriter(properties: properties, baseDirectory: dir)
            try await writer.open(committed)
            for (index, size) in sizes.enumerated() {
                try await writer.write(Chunk((start..<start + size).map(row), attempt: index + 1))
                try await writer.update(&committed)
                start += size
                if index == crashAfter {
                    writer = try ParquetItemWriter(properties: properties, baseDirectory: dir)  // crash: rebuild from the journal
                    try await writer.open(committed)
                }
            }
            try await writer.complete(&committed)
            try await writer.close()
        }
        try await run("whole.parquet", crashAfter: nil)
        try await run("restarted.parquet", crashAfter: 2)
        let whole = try Data(contentsOf: URL(fileURLWithPath: dir + "/whole.parquet"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir + "/restarted.parquet")) == whole)
        #expect(try ParquetReader(path: dir + "/whole.parquet").rowGroupCount == 4)
        #expect(try await readAll(dir + "/restarted.parquet") == (0..<sizes.reduce(0, +)).map(row))
    }

    @Test func anEmptyOutputPublishesOneEmptyFileWithTheDeclaredSchema() async throws {
        let dir = try scratchDirectory("empty")
        let writer = try ParquetItemWriter(properties: .init(path: "o.parquet", columns: [.init(name: "id", type: "int")]), baseDirectory: dir)
        var context = ExecutionContext()
        try await writer.open(context)
        try await writer.complete(&context)
        let reader = try ParquetReader(path: dir + "/o.parquet")
        #expect(reader.rowCount == 0 && reader.schema.columns.map(\.name) == ["id"])
    }

    @Test func unknownCompressionIsAValidationError() throws {
        let error = #expect(throws: BatchError.self) { try ParquetItemWriter(properties: .init(path: "o.parquet", compression: "lz4"), baseDirectory: "/tmp") }
        #expect(error?.category == .validation && error?.message.contains("'lz4'; expected none, snappy, gzip or zstd") == true)
    }

    /// Expects the load-time error of a codec whose package trait is off in this build.
    private func expectTraitError(_ properties: ParquetItemWriter.Properties, trait: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let error = #expect(throws: BatchError.self, sourceLocation: sourceLocation) { try ParquetItemWriter(properties: properties, baseDirectory: "/tmp") }
        #expect(error?.category == .validation, sourceLocation: sourceLocation)
        #expect(error?.message.contains("'compression': compression") == true, sourceLocation: sourceLocation)
        #expect(error?.message.contains("'\(trait)' package trait") == true && error?.message.contains("--traits") == true,
                "\(String(describing: error?.message))", sourceLocation: sourceLocation)
    }

    @Test(arguments: [("gzip", ParquetCompressionCodec.gzip, "Zlib"), ("zstd", .zstd, "Zstd")])
    func gzipAndZstdWriteFilesOrNameTheTraitToEnable(name: String, codec: ParquetCompressionCodec, trait: String) async throws {
        let dir = try scratchDirectory("codec-\(name)")
        let properties = ParquetItemWriter.Properties(path: "o.parquet", compression: name, compressionLevel: 5, columns: allColumns)
        guard codec.isSupported else {
            expectTraitError(properties, trait: trait)
            return
        }
        let writer = try ParquetItemWriter(properties: properties, baseDirectory: dir)
        let rows = (0..<500).map { Record([("s", $0 % 3 == 0 ? nil : .string("row \($0 % 10)")), ("i", .int($0))]) }
        var context = ExecutionContext()
        try await writer.open(context)
        try await writer.write(Chunk(rows, attempt: 1))
        try await writer.update(&context)
        try await writer.complete(&context)
        try await writer.close()
        let read = try await readAll(dir + "/o.parquet", columns: ["s", "i"])
        #expect(read.map { $0["i"] } == rows.map { $0["i"] })
        #expect(read.map { $0["s"] } == rows.map { $0["s"] ?? .null })
        let info = try ParquetReader(path: dir + "/o.parquet").rowGroupInfo(at: 0)
        #expect(info.columns.allSatisfy { $0.compression == codec })
    }

    @Test func compressionLevelsAreValidatedAtLoadTime() {
        let cases: [(compression: String?, level: Int, codec: ParquetCompressionCodec)] = [
            ("gzip", 10, .gzip), ("gzip", -1, .gzip), ("zstd", 23, .zstd), (nil, 3, .snappy), ("none", 1, .uncompressed),
        ]
        for (compression, level, codec) in cases {
            let properties = ParquetItemWriter.Properties(path: "o.parquet", compression: compression, compressionLevel: level)
            guard codec.isSupported else {
                expectTraitError(properties, trait: codec == .zstd ? "Zstd" : "Zlib")
                continue
            }
            let error = #expect(throws: BatchError.self) { try ParquetItemWriter(properties: properties, baseDirectory: "/tmp") }
            #expect(error?.category == .validation && error?.message.contains("'compression-level'") == true
                    && error?.message.contains("\(level)") == true, "\(String(describing: error?.message))")
        }
    }

    @Test func compressionLevelIsAKebabCaseProperty() throws {
        let node = PropertyNode.map([
            PropertyEntry("path", PropertyNode(.scalar("o.parquet", quoted: false))),
            PropertyEntry("compression", PropertyNode(.scalar("gzip", quoted: false))),
            PropertyEntry("compression-level", PropertyNode(.scalar("9", quoted: false))),
        ])
        let properties = try PropertyDecoder().decode(ParquetItemWriter.Properties.self, from: node)
        #expect(properties.compression == "gzip" && properties.compressionLevel == 9)
    }

    @Test func invalidSettingsAreValidationErrors() {
        let bad: [ParquetItemWriter.Properties] = [
            .init(path: "o.parquet", maxRowsPerFile: 10), .init(path: "o-{seq}.parquet", maxRowsPerFile: 0), .init(path: "o.parquet", rowGroupSize: 0),
            .init(path: ""), .init(path: "o.parquet", columns: []), .init(path: "o.parquet", columns: [.init(name: "x", type: "text")]),
            .init(path: "o.parquet", columns: [.init(name: "x", type: "decimal")]), .init(path: "o.parquet", columns: [.init(name: "x", type: "int", unit: "millis")]),
        ]
        for properties in bad {
            #expect(throws: BatchError.self) { try ParquetItemWriter(properties: properties, baseDirectory: "/tmp") }
        }
    }

    @Test func pyarrowReadsAPublishedFile() async throws {
        let dir = try scratchDirectory("pyarrow")
        let writer = try ParquetItemWriter(properties: .init(path: "o.parquet"), baseDirectory: dir)
        var context = ExecutionContext()
        try await writer.open(context)
        try await writer.write(Chunk((0..<10).map(record), attempt: 1))
        try await writer.update(&context)
        try await writer.complete(&context)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import pyarrow.parquet as pq; t = pq.read_table('\(dir)/o.parquet'); print(t.num_rows, t.column('name')[3])"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = Pipe()
        try process.run()
        process.waitUntilExit()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        guard process.terminationStatus == 0 else {
            print("pyarrow check skipped: python3 with pyarrow is not available")
            if ProcessInfo.processInfo.environment["CI"] != nil { Issue.record("pyarrow is missing on CI") }
            return
        }
        #expect(output.trimmingCharacters(in: .whitespacesAndNewlines) == "10 n3")
    }
}

@Suite struct ParquetReaderTests {
    func writeFile(_ path: String, ids: Range<Int>, rowGroupSize: Int = 2) async throws {
        let writer = try ParquetItemWriter(properties: .init(path: path, rowGroupSize: rowGroupSize), baseDirectory: "")
        var context = ExecutionContext()
        try await writer.open(context)
        try await writer.write(Chunk(ids.map(record), attempt: 1))
        try await writer.update(&context)
        try await writer.complete(&context)
    }

    @Test func restartsMidFileAndAcrossFiles() async throws {
        let dir = try scratchDirectory("reader")
        try await writeFile(dir + "/a.parquet", ids: 0..<5)
        try await writeFile(dir + "/b.parquet", ids: 5..<9)
        let properties = ParquetItemReader.Properties(path: dir + "/*.parquet", columns: ["id"])
        let reader = try ParquetItemReader(properties: properties, baseDirectory: "")
        var context = ExecutionContext()
        try await reader.open(context)
        var first: [Record] = []
        _ = try await reader.read(into: &first, limit: 3)
        try await reader.update(&context)
        #expect(context.int("parquet.reader.row-group") == 1 && context.int("parquet.reader.row") == 1)
        _ = try await reader.read(into: &first, limit: 6)
        try await reader.update(&context)
        #expect(context.int("parquet.reader.file") == 1)
        let restarted = try ParquetItemReader(properties: properties, baseDirectory: "")
        try await restarted.open(context)
        var rest: [Record] = []
        while try await restarted.read(into: &rest, limit: rest.count + 2) {}
        #expect((first + rest).map { $0["id"] } == (0..<9).map { .int($0) })
        #expect(rest.first?.names == ["id"])
    }

    @Test func aMissingFileIsAnIOError() async throws {
        let reader = try ParquetItemReader(properties: .init(path: "missing.parquet"), baseDirectory: "/tmp/none")
        let error = await #expect(throws: BatchError.self) { try await reader.open(ExecutionContext()) }
        #expect(error?.category == .io)
    }

    @Test func aMalformedFileIsAParseErrorNamingFileAndOffset() async throws {
        let dir = try scratchDirectory("malformed")
        try Data("PAR1 this is not parquet PAR1".utf8).write(to: URL(fileURLWithPath: dir + "/bad.parquet"))
        let reader = try ParquetItemReader(properties: .init(path: "bad.parquet"), baseDirectory: dir)
        try await reader.open(ExecutionContext())
        let error = await #expect(throws: BatchError.self) { _ = try await reader.read() }
        #expect(error?.category == .parse && error?.message.contains("bad.parquet:") == true)
        #expect(try await reader.read() == nil)
    }

    @Test func anUnknownProjectedColumnIsAValidationError() async throws {
        let dir = try scratchDirectory("projection")
        try await writeFile(dir + "/a.parquet", ids: 0..<2)
        let reader = try ParquetItemReader(properties: .init(path: "a.parquet", columns: ["nope"]), baseDirectory: dir)
        try await reader.open(ExecutionContext())
        let error = await #expect(throws: BatchError.self) { _ = try await reader.read() }
        #expect(error?.category == .validation)
    }
}

/// `Decimal` → Parquet decimal, exactly: rescaled without rounding, refused when a digit would be
/// lost or the precision exceeded, on the 64-bit fast path and the digit path alike.
@Suite struct ExactDecimalTests {
    static func parquet(_ text: String, scale: Int, precision: Int) -> String? {
        ExactDecimal.parquet(Decimal(string: text)!, scale: scale, precision: precision)?.description
    }

    @Test func rescalesExactly() {
        #expect(Self.parquet("123.45", scale: 2, precision: 9) == "123.45")
        #expect(Self.parquet("123.45", scale: 4, precision: 9) == "123.4500")
        #expect(Self.parquet("-0.5", scale: 3, precision: 9) == "-0.500")
        #expect(Self.parquet("1200", scale: 0, precision: 4) == "1200")
        #expect(Self.parquet("12.300", scale: 1, precision: 9) == "12.3")
        #expect(Self.parquet("0", scale: 2, precision: 1) == "0.00")
        #expect(Self.parquet("999999999999999999", scale: 0, precision: 18) == "999999999999999999")
        // Beyond 64 bits and beyond precision 18: the digit path.
        #expect(Self.parquet("12345678901234567890.12", scale: 2, precision: 38) == "12345678901234567890.12")
        #expect(Self.parquet("-98765432109876543210", scale: 1, precision: 30) == "-98765432109876543210.0")
    }

    @Test func refusesLossOrOverflow() {
        #expect(Self.parquet("1.005", scale: 2, precision: 9) == nil)
        #expect(Self.parquet("1000", scale: 0, precision: 3) == nil)
        #expect(Self.parquet("99.5", scale: 1, precision: 2) == nil)
        #expect(Self.parquet("1000000000000000000", scale: 0, precision: 18) == nil)
        #expect(Self.parquet("18446744073709551616", scale: 0, precision: 18) == nil)
        #expect(ExactDecimal.parquet(Decimal.nan, scale: 0, precision: 9) == nil)
    }
}

/// The `parquet` reader gives a list column as its JSON array text (records hold no arrays).
@Suite struct ParquetListFieldTests {
    @Test(arguments: [true, false])
    func aCellWithoutARecordValueIsAParseErrorThatConsumesItsRow(dictionary: Bool) async throws {
        let dir = try scratchDirectory("bad-date")
        var options = ParquetWriter.Options()
        options.dictionaryEnabled = dictionary
        let writer = try ParquetWriter(path: dir + "/d.parquet", schema: ParquetSchema([.required("id", .int64), .optional("day", .date)]), options: options)
        for id in 0..<4 { try writer.append(row: [.int64(Int64(id)), id == 1 ? .date(Int32.max) : .date(Int32(20_000 + id))]) }
        try writer.close()
        let reader = try ParquetItemReader(properties: .init(path: dir + "/d.parquet"), baseDirectory: "")
        try await reader.open(ExecutionContext())
        var records: [Record] = []
        let error = await #expect(throws: BatchError.self) { _ = try await reader.read(into: &records, limit: 10) }
        #expect(error?.category == .parse && error?.message.contains("column 'day'") == true && error?.message.contains("outside the years") == true)
        #expect(records.map { $0["id"] } == [.int(0)])
        while try await reader.read(into: &records, limit: records.count + 10) {}
        #expect(records.map { $0["id"] } == [.int(0), .int(2), .int(3)])
        #expect(records.last?["day"] == .date(CalendarDate(daysSince1970: 20_003)!))
    }

    @Test func listsBecomeJSONArrayText() async throws {
        let dir = try scratchDirectory("lists")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", """
            import sys, pyarrow as pa, pyarrow.parquet as pq
            pq.write_table(pa.table({'id': [1, 2, 3], 'tags': [['a', 'b"c'], [], None], 'n': [[1, None], [2], [3]]}), sys.argv[1])
            """, "\(dir)/lists.parquet"]
        process.standardError = Pipe()
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            print("list reading test skipped: python3 with pyarrow is not available")
            if ProcessInfo.processInfo.environment["CI"] != nil { Issue.record("pyarrow is missing on CI") }
            return
        }
        let records = try await readAll("\(dir)/lists.parquet")
        #expect(records.map { $0["tags"] } == [.string(#"["a","b\"c"]"#), .string("[]"), .null])
        #expect(records.map { $0["n"] } == [.string("[1,null]"), .string("[2]"), .string("[3]")])
    }
}
