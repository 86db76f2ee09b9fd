import Foundation
import Sluice
import SluiceFiles
import Testing

@Suite struct NDJSONItemWriterTests {
    @Test func restartTruncatesToTheLastCommittedChunkAndContinues() async throws {
        let scratch = try WriterScratch()
        defer { scratch.remove() }
        let path = scratch.path("out.ndjson")
        var context = ExecutionContext()
        let first = NDJSONItemWriter(path: path)
        try await first.open(context)
        try await WriterScratch.commit(WriterScratch.records(1...3), attempt: 1, to: first, context: &context)
        try await WriterScratch.commit(WriterScratch.records(4...6), attempt: 2, to: first, context: &context)
        // Chunk 3 reaches the file, but the process "crashes" before its checkpoint is stored.
        var lost = context
        try await WriterScratch.commit(WriterScratch.records(7...9), attempt: 3, to: first, context: &lost)
        #expect(try scratch.lines("out.ndjson").count == 9)

        let second = NDJSONItemWriter(path: path)
        try await second.open(context)
        #expect(try scratch.lines("out.ndjson") == (1...6).map { #"{"id":\#($0),"name":"item \#($0)"}"# })
        try await WriterScratch.commit(WriterScratch.records(7...9), attempt: 1, to: second, context: &context)
        try await second.close()
        #expect(try scratch.lines("out.ndjson") == (1...9).map { #"{"id":\#($0),"name":"item \#($0)"}"# })
        #expect(context.int("ndjson.writer.items") == 9)
        #expect(context.int("ndjson.writer.offset") == (try scratch.text("out.ndjson").utf8.count))
    }

    @Test func uncommittedItemsNeverReachTheFile() async throws {
        let scratch = try WriterScratch()
        defer { scratch.remove() }
        let writer = NDJSONItemWriter(path: scratch.path("out.ndjson"))
        var context = ExecutionContext()
        try await writer.open(context)
        try await WriterScratch.commit(WriterScratch.records(1...2), attempt: 1, to: writer, context: &context)
        try await writer.write(Chunk(WriterScratch.records(3...4), attempt: 2))
        try await writer.close()
        #expect(try scratch.lines("out.ndjson").count == 2)
    }

    @Test func aRetriedChunkIsWrittenOnce() async throws {
        let scratch = try WriterScratch()
        defer { scratch.remove() }
        let writer = NDJSONItemWriter(path: scratch.path("out.ndjson"))
        var context = ExecutionContext()
        try await writer.open(context)
        try await writer.write(Chunk(WriterScratch.records(1...3), attempt: 1))
        try await WriterScratch.commit(WriterScratch.records(1...3), attempt: 2, to: writer, context: &context)
        #expect(try scratch.lines("out.ndjson").count == 3)
    }

    @Test func scanKeepsTheGoodItemsAndDropsTheOneThatCannotBeEncoded() async throws {
        let scratch = try WriterScratch()
        defer { scratch.remove() }
        let writer = NDJSONItemWriter(path: scratch.path("out.ndjson"))
        var context = ExecutionContext()
        try await writer.open(context)
        let good1 = Record([("id", 1)])
        let bad = Record([("id", 2), ("score", .double(.nan))])
        let good2 = Record([("id", 3)])
        await #expect(throws: BatchError.self) { try await writer.write(Chunk([good1, bad, good2], attempt: 1)) }
        try await writer.write(Chunk([good1], attempt: 2))
        let error = await #expect(throws: BatchError.self) { try await writer.write(Chunk([bad], attempt: 2)) }
        #expect(error?.category == .validation)
        #expect(error?.message.contains("field 'score'") == true)
        try await writer.write(Chunk([good2], attempt: 2))
        try await writer.update(&context)
        #expect(try scratch.lines("out.ndjson") == [#"{"id":1}"#, #"{"id":3}"#])
    }

    @Test func aFileShorterThanTheCommittedOffsetIsAnIOError() async throws {
        let scratch = try WriterScratch()
        defer { scratch.remove() }
        let path = scratch.path("out.ndjson")
        var context = ExecutionContext()
        let first = NDJSONItemWriter(path: path)
        try await first.open(context)
        try await WriterScratch.commit(WriterScratch.records(1...5), attempt: 1, to: first, context: &context)
        try await first.close()
        try scratch.create("out.ndjson", "{}\n")
        let error = await #expect(throws: BatchError.self) { try await NDJSONItemWriter(path: path).open(context) }
        #expect(error?.category == .io)
        #expect(error?.message.contains("changed or replaced outside the job") == true)
    }

    @Test func appendContinuesAnExistingFileAndCompletesItsLastLine() async throws {
        let scratch = try WriterScratch()
        defer { scratch.remove() }
        try scratch.create("out.ndjson", #"{"id":0}"#)
        let writer = NDJSONItemWriter(path: scratch.path("out.ndjson"), append: true)
        var context = ExecutionContext()
        try await writer.open(context)
        try await WriterScratch.commit([Record([("id", 1)])], attempt: 1, to: writer, context: &context)
        #expect(try scratch.text("out.ndjson") == "{\"id\":0}\n{\"id\":1}\n")
    }

    @Test func withoutAppendAnExistingFileIsReplaced() async throws {
        let scratch = try WriterScratch()
        defer { scratch.remove() }
        try scratch.create("out.ndjson", "old content\n")
        let writer = NDJSONItemWriter(path: scratch.path("out.ndjson"))
        var context = ExecutionContext()
        try await writer.open(context)
        #expect(try scratch.text("out.ndjson") == "")
        try await WriterScratch.commit([Record([("id", 1)])], attempt: 1, to: writer, context: &context)
        #expect(try scratch.text("out.ndjson") == "{\"id\":1}\n")
    }

    @Test func twoWritersWithDifferentNamesKeepSeparateState() async throws {
        let scratch = try WriterScratch()
        defer { scratch.remove() }
        let a = NDJSONItemWriter(path: scratch.path("a.ndjson"), name: "a")
        let b = NDJSONItemWriter(path: scratch.path("b.ndjson"), name: "b")
        var context = ExecutionContext()
        try await a.open(context)
        try await b.open(context)
        try await WriterScratch.commit(WriterScratch.records(1...2), attempt: 1, to: a, context: &context)
        try await WriterScratch.commit(WriterScratch.records(1...3), attempt: 1, to: b, context: &context)
        #expect(context.int("a.items") == 2)
        #expect(context.int("b.items") == 3)
    }

    @Test func encodesEveryValueType() async throws {
        let scratch = try WriterScratch()
        defer { scratch.remove() }
        let writer = NDJSONItemWriter(path: scratch.path("out.ndjson"))
        var context = ExecutionContext()
        try await writer.open(context)
        let instant = Date(timeIntervalSince1970: 1_795_000_000.25)
        let record = Record([
            ("null", .null), ("yes", true), ("int", .int(Int.min)), ("double", 0.1), ("tiny", .double(1e-5)),
            ("decimal", .decimal(Decimal(string: "12345678901234567890.123456789")!)),
            ("text", "q\"b\\n\nt\tc\u{1}é😀\u{2028}"),
            ("date", .date(CalendarDate(year: 2026, month: 11, day: 30)!)),
            ("time", .timestamp(instant)), ("bytes", .bytes([0, 255, 16])),
        ])
        try await WriterScratch.commit([record], attempt: 1, to: writer, context: &context)
        let expected = #"{"null":null,"yes":true,"int":-9223372036854775808,"double":0.1,"tiny":1e-05,"#
            + #""decimal":12345678901234567890.123456789,"text":"q\"b\\n\nt\tc\u0001é😀"# + "\u{2028}\","
            + #""date":"2026-11-30","time":""# + Timestamps.format(instant) + #"","bytes":"AP8Q"}"#
        #expect(try scratch.lines("out.ndjson") == [expected])
        let parsed = try JSONSerialization.jsonObject(with: Data(expected.utf8)) as? [String: Any]
        #expect(parsed?["text"] as? String == "q\"b\\n\nt\tc\u{1}é😀\u{2028}")
    }

    @Test func propertiesResolveRelativePathsAgainstTheJobDirectory() throws {
        let writer = try NDJSONItemWriter(properties: .init(path: "out/x.ndjson", name: "mine"), baseDirectory: "/jobs/daily")
        #expect(writer.path == "/jobs/daily/out/x.ndjson")
        #expect(writer.name == "mine")
        #expect(try NDJSONItemWriter(properties: .init(path: "/abs.ndjson"), baseDirectory: "/jobs").path == "/abs.ndjson")
        #expect(throws: BatchError.self) { try NDJSONItemWriter(properties: .init(path: ""), baseDirectory: "/jobs") }
    }

    @Test func updateBeforeOpenIsAnError() async throws {
        let writer = NDJSONItemWriter(path: "/tmp/never-opened.ndjson")
        var context = ExecutionContext()
        await #expect(throws: BatchError.self) { try await writer.update(&context) }
    }

    @Test func anUnwritableDirectoryIsAnIOError() async throws {
        let error = await #expect(throws: BatchError.self) {
            try await NDJSONItemWriter(path: "/nonexistent-dir-\(UUID().uuidString)/out.ndjson").open(ExecutionContext())
        }
        #expect(error?.category == .io)
    }
}
