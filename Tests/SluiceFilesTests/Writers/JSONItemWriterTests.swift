import Foundation
import Sluice
import SluiceFiles
import Testing

@Suite struct JSONItemWriterTests {
    @Test func theFileIsAValidArrayAfterOpenEveryCommitAndRestart() async throws {
        let scratch = try WriterScratch()
        defer { scratch.remove() }
        let path = scratch.path("out.json")
        var context = ExecutionContext()
        let first = JSONItemWriter(path: path)
        try await first.open(context)
        #expect(try scratch.json("out.json") as? [Any] != nil)
        #expect(try scratch.text("out.json") == "[\n]\n")
        try await WriterScratch.commit(WriterScratch.records(1...2), attempt: 1, to: first, context: &context)
        #expect(try ids(scratch) == [1, 2])
        try await WriterScratch.commit(WriterScratch.records(3...4), attempt: 2, to: first, context: &context)
        #expect(try ids(scratch) == [1, 2, 3, 4])
        var lost = context
        try await WriterScratch.commit(WriterScratch.records(5...6), attempt: 3, to: first, context: &lost)
        #expect(try ids(scratch) == [1, 2, 3, 4, 5, 6])

        let second = JSONItemWriter(path: path)
        try await second.open(context)
        #expect(try ids(scratch) == [1, 2, 3, 4])
        try await WriterScratch.commit(WriterScratch.records(5...6), attempt: 1, to: second, context: &context)
        try await second.close()
        #expect(try ids(scratch) == [1, 2, 3, 4, 5, 6])
        #expect(try scratch.text("out.json").hasSuffix("}\n]\n"))
    }

    @Test func aCrashHalfWayThroughACommitIsRepairedOnRestart() async throws {
        let scratch = try WriterScratch()
        defer { scratch.remove() }
        let path = scratch.path("out.json")
        var context = ExecutionContext()
        let first = JSONItemWriter(path: path)
        try await first.open(context)
        try await WriterScratch.commit(WriterScratch.records(1...2), attempt: 1, to: first, context: &context)
        try await first.close()
        // A torn write: part of the next chunk, no closing bracket.
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.truncate(atOffset: UInt64(try #require(context.int("json.writer.offset"))))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(",\n{\"id\":3,\"na".utf8))
        try handle.close()
        #expect((try? scratch.json("out.json")) == nil)
        try await JSONItemWriter(path: path).open(context)
        #expect(try ids(scratch) == [1, 2])
    }

    @Test func appendContinuesAnExistingArray() async throws {
        let scratch = try WriterScratch()
        defer { scratch.remove() }
        try scratch.create("full.json", "[{\"id\":0}]  \n")
        try scratch.create("empty.json", "[ ]")
        for name in ["full.json", "empty.json"] {
            let writer = JSONItemWriter(path: scratch.path(name), append: true)
            var context = ExecutionContext()
            try await writer.open(context)
            try await WriterScratch.commit(WriterScratch.records(1...1), attempt: 1, to: writer, context: &context)
        }
        #expect(try ids(scratch, "full.json") == [0, 1])
        #expect(try ids(scratch, "empty.json") == [1])
    }

    @Test func appendingToSomethingOtherThanAnArrayIsAValidationError() async throws {
        let scratch = try WriterScratch()
        defer { scratch.remove() }
        try scratch.create("out.json", "{\"id\":0}\n")
        let error = await #expect(throws: BatchError.self) {
            try await JSONItemWriter(path: scratch.path("out.json"), append: true).open(ExecutionContext())
        }
        #expect(error?.category == .validation)
    }

    @Test func infinityIsAValidationErrorNamingTheField() async throws {
        let scratch = try WriterScratch()
        defer { scratch.remove() }
        let writer = JSONItemWriter(path: scratch.path("out.json"))
        var context = ExecutionContext()
        try await writer.open(context)
        let error = await #expect(throws: BatchError.self) {
            try await writer.write(Chunk([Record([("id", 1), ("ratio", .double(.infinity))])], attempt: 1))
        }
        #expect(error?.message.contains("item 1, field 'ratio'") == true)
        try await writer.update(&context)
        #expect(try ids(scratch) == [])
    }

    private func ids(_ scratch: WriterScratch, _ name: String = "out.json") throws -> [Int] {
        let array = try #require(try scratch.json(name) as? [[String: Any]])
        return array.compactMap { $0["id"] as? Int }
    }
}
