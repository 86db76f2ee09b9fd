import Foundation
import Sluice
import Testing
@testable import SluiceFiles

@Suite struct RestartTests {
    /// Reads `first` records, saves the position, and reads the rest with a new reader.
    private func splitRead<R: ItemReader & ItemStream>(_ make: () throws -> R, first: Int) async throws -> (before: [Record], after: [Record], context: ExecutionContext) where R.Item == Record {
        let reader = try make()
        try await reader.open(ExecutionContext())
        var before: [Record] = []
        _ = try await reader.read(into: &before, limit: first)
        var context = ExecutionContext()
        try await reader.update(&context)
        try await reader.close()
        let after = try await readAll(try make(), context: context)
        return (before, after, context)
    }

    @Test func csvContinuesAfterTheLastItemAcrossGlobFilesAndEmbeddedNewlines() async throws {
        let dir = try ReaderTestDirectory()
        defer { dir.remove() }
        try dir.write("in/b.csv", "id,note\n4,\"multi\nline\"\n5,e\n")
        try dir.write("in/a.csv", "id,note\n1,\"x\ny\"\n2,\"p\nq\"\n3,c\n")
        try dir.write("in/c.txt", "not matched\n")
        let make = { try CSVItemReader(path: "in/*.csv", baseDirectory: dir.path) }
        let all = try await readAll(try make())
        #expect(all.map { $0["id"] } == ["1", "2", "3", "4", "5"].map { RecordValue.string($0) })
        for first in 1..<all.count {
            let (before, after, context) = try await splitRead(make, first: first)
            #expect(before + after == all, "split after \(first)")
            #expect(context.int("csv.reader.count") == first)
        }
        let (_, _, context) = try await splitRead(make, first: 2)
        #expect(context.string("csv.reader.file") == dir.path + "/in/a.csv")
        #expect(context.int("csv.reader.line") == 5)
        #expect(context.int("csv.reader.offset") == "id,note\n1,\"x\ny\"\n2,\"p\nq\"\n".utf8.count)
    }

    @Test func ndjsonAndJSONArrayAndFixedContinueAfterTheLastItem() async throws {
        let dir = try ReaderTestDirectory()
        defer { dir.remove() }
        try dir.write("e.ndjson", "{\"n\":1}\n{\"n\":2}\n\n{\"n\":3}\n")
        try dir.write("a.json", "[\n {\"n\": 1},\n {\"n\": 2}, {\"n\": 3}\n]\n")
        try dir.write("f.txt", "HEADER\n001\n002\n003\n")
        let ndjson = { try NDJSONItemReader(path: "e.ndjson", baseDirectory: dir.path) }
        let array = { try JSONArrayItemReader(path: "a.json", baseDirectory: dir.path) }
        let fixed = { try FixedWidthItemReader(path: "f.txt", fields: [FixedWidthField("n", width: 3, type: .int)], skipLines: 1, baseDirectory: dir.path) }
        let expected = [1, 2, 3].map { Record([("n", RecordValue.int($0))]) }
        for first in 0...3 {
            let n = try await splitRead(ndjson, first: first)
            #expect(n.before + n.after == expected)
            let a = try await splitRead(array, first: first)
            #expect(a.before + a.after == expected)
            let f = try await splitRead(fixed, first: first)
            #expect(f.before + f.after == expected)
        }
    }

    @Test func aSkippedBadRecordIsNotReadAgainAfterRestart() async throws {
        let dir = try ReaderTestDirectory()
        defer { dir.remove() }
        let path = try dir.write("s.csv", "a,b\n1,2\nbad\n3,4\n")
        let reader = try CSVItemReader(path: path)
        try await reader.open(ExecutionContext())
        _ = try await reader.read()
        await #expect(throws: BatchError.self) { try await reader.read() }
        var context = ExecutionContext()
        try await reader.update(&context)
        let rest = try await readAll(try CSVItemReader(path: path), context: context)
        #expect(rest == [Record([("a", "3"), ("b", "4")])])
    }

    @Test func aFileShorterThanTheSavedOffsetIsAnIOError() async throws {
        let dir = try ReaderTestDirectory()
        defer { dir.remove() }
        let path = try dir.write("x.csv", "a\n1\n2\n3\n")
        let reader = try CSVItemReader(path: path)
        try await reader.open(ExecutionContext())
        var buffer: [Record] = []
        _ = try await reader.read(into: &buffer, limit: 3)
        var context = ExecutionContext()
        try await reader.update(&context)
        try dir.write("x.csv", "a\n")
        let again = try CSVItemReader(path: path)
        try await again.open(context)
        await #expect(throws: BatchError(.io, "csv reader 'csv.reader': '\(path)' has 2 bytes, fewer than the saved position 8: the file changed since the last run")) {
            try await again.read()
        }
    }

    @Test func aSavedFileThatIsGoneOrAMalformedStateIsAnError() async throws {
        let dir = try ReaderTestDirectory()
        defer { dir.remove() }
        try dir.write("b.csv", "a\n1\n")
        let reader = try CSVItemReader(path: "*.csv", baseDirectory: dir.path)
        let gone: ExecutionContext = ["csv.reader.file": "/elsewhere/a.csv", "csv.reader.offset": 4, "csv.reader.line": 2, "csv.reader.count": 1]
        await #expect(throws: BatchError(.io, "csv reader 'csv.reader': the file '/elsewhere/a.csv' where the last run stopped is no longer among the input files")) {
            try await reader.open(gone)
        }
        let malformed: ExecutionContext = ["csv.reader.offset": "four"]
        await #expect(throws: BatchError(.validation, "csv reader 'csv.reader': the saved position csv.reader.* in the step context is incomplete or malformed")) {
            try await reader.open(malformed)
        }
    }

    @Test func aGivenUpFileIsNotReadAgainAfterRestart() async throws {
        let dir = try ReaderTestDirectory()
        defer { dir.remove() }
        try dir.write("a.json", "{\"not\": \"an array\"}")
        try dir.write("b.json", "[{\"n\": 1}]")
        let reader = try JSONArrayItemReader(path: "*.json", baseDirectory: dir.path)
        try await reader.open(ExecutionContext())
        await #expect(throws: BatchError.self) { try await reader.read() }
        var context = ExecutionContext()
        try await reader.update(&context)
        #expect(context.bool("json.reader.fileDone") == true)
        let rest = try await readAll(try JSONArrayItemReader(path: "*.json", baseDirectory: dir.path), context: context)
        #expect(rest == [Record([("n", 1)])])
    }
}

@Suite("Reader progress")
struct ReaderProgressTests {
    @Test func bytesReadOfTheTotalAcrossGlobFiles() async throws {
        let files = try ReaderTestDirectory()
        defer { files.remove() }
        _ = try files.write("a.csv", "id\n1\n2\n")      // 7 bytes
        _ = try files.write("b.csv", "id\n3\n4\n5\n")   // 9 bytes
        let reader = try CSVItemReader(path: "*.csv", baseDirectory: files.path)
        try await reader.open(ExecutionContext())
        var buffer: [Record] = []
        _ = try await reader.read(into: &buffer, limit: 3)
        var context = ExecutionContext()
        try await reader.update(&context)
        #expect(context.int(StepProgress.totalKey) == 16)
        let halfway = try #require(context.int(StepProgress.doneKey))
        #expect(halfway > 7 && halfway < 16)
        _ = try await reader.read(into: &buffer, limit: 10)
        try await reader.update(&context)
        #expect(StepProgress.fraction(in: context) == 1)
        try await reader.close()
    }
}
