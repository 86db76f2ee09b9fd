import Foundation
import Sluice
import SluiceFiles
import Testing

@Suite struct CSVItemWriterTests {
    static let hostile = ["plain", "comma, inside", "quote \" inside", "\"starts with quote", "line\nbreak", "cr\rhere",
                          "tab\there", "ünïcödé 😀", "", " spaced "]

    @Test func hostileValuesRoundTrip() async throws {
        let scratch = try WriterScratch()
        defer { scratch.remove() }
        let writer = try CSVItemWriter(path: scratch.path("out.csv"))
        var context = ExecutionContext()
        try await writer.open(context)
        let records = Self.hostile.enumerated().map { Record([("id", .int($0.offset)), ("value", .string($0.element))]) }
        try await WriterScratch.commit(records, attempt: 1, to: writer, context: &context)
        let rows = try CSVTestParser.parse(scratch.text("out.csv"), delimiter: ",")
        #expect(rows.first == ["id", "value"])
        #expect(rows.dropFirst().map { $0[1] } == Self.hostile)
        #expect(try scratch.text("out.csv").contains("\"quote \"\" inside\""))
    }

    @Test func quotedTSVRoundTripsHostileValues() async throws {
        let scratch = try WriterScratch()
        defer { scratch.remove() }
        let writer = try CSVItemWriter(properties: .init(path: "out.tsv", quote: "\""), baseDirectory: scratch.directory, dialect: .tsv)
        var context = ExecutionContext()
        try await writer.open(context)
        try await WriterScratch.commit(Self.hostile.map { Record([("value", .string($0))]) }, attempt: 1, to: writer, context: &context)
        let rows = try CSVTestParser.parse(scratch.text("out.tsv"), delimiter: "\t")
        #expect(rows.dropFirst().map { $0[0] } == Self.hostile)
        #expect(try scratch.text("out.tsv").contains("\"tab\there\""))
        #expect(try scratch.text("out.tsv").contains("comma, inside\n"))
    }

    @Test func plainTSVWritesQuotesAsTextAndRejectsTabsAndLineBreaks() async throws {
        let scratch = try WriterScratch()
        defer { scratch.remove() }
        let writer = try CSVItemWriter(properties: .init(path: "out.tsv"), baseDirectory: scratch.directory, dialect: .tsv)
        #expect(writer.name == "tsv.writer")
        var context = ExecutionContext()
        try await writer.open(context)
        try await writer.write(Chunk([Record([("a", "say \"hi\""), ("b", "x,y")])], attempt: 1))
        let error = await #expect(throws: BatchError.self) {
            try await writer.write(Chunk([Record([("a", "ok"), ("b", "tab\there")])], attempt: 1))
        }
        #expect(error?.category == .validation)
        #expect(error?.message.contains("item 2, field 'b'") == true)
        try await writer.update(&context)
        #expect(try scratch.lines("out.tsv") == ["a\tb", "say \"hi\"\tx,y"])
    }

    @Test func theHeaderIsWrittenOnceAndNotAgainAfterARestart() async throws {
        let scratch = try WriterScratch()
        defer { scratch.remove() }
        var context = ExecutionContext()
        let first = try CSVItemWriter(path: scratch.path("out.csv"))
        try await first.open(context)
        try await WriterScratch.commit(WriterScratch.records(1...2), attempt: 1, to: first, context: &context)
        try await WriterScratch.commit(WriterScratch.records(3...3), attempt: 2, to: first, context: &context)
        let second = try CSVItemWriter(path: scratch.path("out.csv"))
        try await second.open(context)
        try await WriterScratch.commit(WriterScratch.records(4...4), attempt: 1, to: second, context: &context)
        #expect(try scratch.lines("out.csv") == ["id,name", "1,item 1", "2,item 2", "3,item 3", "4,item 4"])
        #expect(context.bool("csv.writer.has-content") == true)
        #expect(context["csv.writer.columns"] == ["id", "name"])
    }

    @Test func aHeaderDroppedWithAFailedAttemptIsWrittenWithTheRetry() async throws {
        let scratch = try WriterScratch()
        defer { scratch.remove() }
        let writer = try CSVItemWriter(path: scratch.path("out.csv"))
        var context = ExecutionContext()
        try await writer.open(context)
        try await writer.write(Chunk(WriterScratch.records(1...2), attempt: 1))
        try await WriterScratch.commit(WriterScratch.records(1...2), attempt: 2, to: writer, context: &context)
        #expect(try scratch.lines("out.csv") == ["id,name", "1,item 1", "2,item 2"])
    }

    @Test func columnsPickAndOrderFieldsAndOtherShapesFillBlanks() async throws {
        let scratch = try WriterScratch()
        defer { scratch.remove() }
        let writer = try CSVItemWriter(properties: .init(path: "out.csv", columns: ["name", "id"]), baseDirectory: scratch.directory)
        var context = ExecutionContext()
        try await writer.open(context)
        try await WriterScratch.commit([Record([("id", 1), ("name", "a"), ("extra", "x")]), Record([("id", 2)]), Record([("name", "c"), ("id", .null)])],
                         attempt: 1, to: writer, context: &context)
        #expect(try scratch.lines("out.csv") == ["name,id", "a,1", ",2", "c,"])
    }

    @Test func valuesPrintInTheirStandardForms() async throws {
        let scratch = try WriterScratch()
        defer { scratch.remove() }
        let writer = try CSVItemWriter(path: scratch.path("out.csv"), header: false)
        var context = ExecutionContext()
        try await writer.open(context)
        let instant = Date(timeIntervalSince1970: 1_700_000_000)
        try await WriterScratch.commit([Record([("b", false), ("d", 2.5), ("n", .double(.nan)), ("m", .decimal(Decimal(string: "-0.000123")!)),
                                  ("day", .date(CalendarDate(year: 999, month: 1, day: 2)!)), ("t", .timestamp(instant)),
                                  ("bytes", .bytes(Array("hi!?".utf8)))])], attempt: 1, to: writer, context: &context)
        #expect(try scratch.lines("out.csv") == ["false,2.5,nan,-0.000123,0999-01-02,2023-11-14T22:13:20Z,aGkhPw=="])
    }

    @Test func appendKeepsTheExistingHeader() async throws {
        let scratch = try WriterScratch()
        defer { scratch.remove() }
        try scratch.create("out.csv", "id,name\n0,zero\n")
        let writer = try CSVItemWriter(path: scratch.path("out.csv"), append: true)
        var context = ExecutionContext()
        try await writer.open(context)
        try await WriterScratch.commit(WriterScratch.records(1...1), attempt: 1, to: writer, context: &context)
        #expect(try scratch.lines("out.csv") == ["id,name", "0,zero", "1,item 1"])
    }

    @Test func appendToAMissingOrEmptyFileWritesTheHeader() async throws {
        let scratch = try WriterScratch()
        defer { scratch.remove() }
        let writer = try CSVItemWriter(path: scratch.path("new.csv"), append: true)
        var context = ExecutionContext()
        try await writer.open(context)
        try await WriterScratch.commit(WriterScratch.records(1...1), attempt: 1, to: writer, context: &context)
        #expect(try scratch.lines("new.csv") == ["id,name", "1,item 1"])
    }

    @Test func invalidSettingsAreValidationErrors() throws {
        #expect(throws: BatchError.self) { try CSVItemWriter(path: "/tmp/x.csv", delimiter: "\"") }
        #expect(throws: BatchError.self) { try CSVItemWriter(path: "/tmp/x.csv", delimiter: "\n") }
        #expect(throws: BatchError.self) { try CSVItemWriter(path: "/tmp/x.csv", delimiter: "é") }
        #expect(throws: BatchError.self) { try CSVItemWriter(path: "/tmp/x.csv", columns: []) }
        #expect(throws: BatchError.self) { try CSVItemWriter(properties: .init(path: "x.csv", delimiter: ";;"), baseDirectory: "/tmp") }
        #expect(throws: BatchError.self) { try CSVItemWriter(properties: .init(path: "x.csv", quote: "''"), baseDirectory: "/tmp") }
        #expect(try CSVItemWriter(properties: .init(path: "x.csv", delimiter: "tab"), baseDirectory: "/tmp").path == "/tmp/x.csv")
    }
}
