import Foundation
import Sluice
import SluiceFiles
import Testing

/// What a writer writes, the reader of the same format reads back unchanged.
@Suite struct WriterReaderRoundTripTests {
    static let texts = ["plain", "comma, inside", "quote \" inside", "\"leading quote", "line\nbreak", "cr\rhere", "tab\there",
                        "ünïcödé 😀", " spaced ", "back\\slash", "\u{1}control"]

    static func records() -> [Record] {
        texts.enumerated().map { Record([("id", .int($0.offset)), ("text", .string($0.element))]) }
    }

    static func readAll(_ reader: some ItemReader<Record> & ItemStream) async throws -> [Record] {
        try await reader.open(ExecutionContext())
        var records: [Record] = []
        while let record = try await reader.read() { records.append(record) }
        try await reader.close()
        return records
    }

    static func write(_ writer: some ItemWriter<Record> & ItemStream, _ records: [Record]) async throws {
        var context = ExecutionContext()
        try await writer.open(context)
        try await WriterScratch.commit(records, attempt: 1, to: writer, context: &context)
        try await writer.close()
    }

    @Test func csv() async throws {
        let scratch = try WriterScratch()
        defer { scratch.remove() }
        try await Self.write(try CSVItemWriter(path: scratch.path("t.csv")), Self.records())
        let read = try await Self.readAll(try CSVItemReader(path: scratch.path("t.csv"), columns: [ColumnSpec("id", type: .int)]))
        #expect(read == Self.records())
    }

    @Test func ndjsonAndJSON() async throws {
        let scratch = try WriterScratch()
        defer { scratch.remove() }
        try await Self.write(NDJSONItemWriter(path: scratch.path("t.ndjson")), Self.records())
        try await Self.write(JSONItemWriter(path: scratch.path("t.json")), Self.records())
        #expect(try await Self.readAll(NDJSONItemReader(path: scratch.path("t.ndjson"))) == Self.records())
        #expect(try await Self.readAll(JSONArrayItemReader(path: scratch.path("t.json"))) == Self.records())
    }

    @Test func anEmptyJSONArrayReadsAsNoRecords() async throws {
        let scratch = try WriterScratch()
        defer { scratch.remove() }
        try await Self.write(JSONItemWriter(path: scratch.path("t.json")), [])
        #expect(try await Self.readAll(JSONArrayItemReader(path: scratch.path("t.json"))).isEmpty)
    }
}
