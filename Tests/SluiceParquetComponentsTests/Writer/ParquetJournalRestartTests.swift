import Foundation
import Sluice
import SluiceParquet
import Testing
@testable import SluiceParquetComponents

/// Restarts that read the journal: it is cut after the committed frames, a rebuild from a
/// published file survives a second crash, and a journal that cannot give the committed rows is
/// an `io` error naming it.
@Suite struct ParquetJournalRestartTests {
    private static let properties = ParquetItemWriter.Properties(path: "o.parquet")

    /// Commits chunks of `sizes` rows (ids from 0), then writes and updates one more chunk of
    /// `lost` rows whose commit never happens; returns the committed context. The writer is
    /// dropped without close: a crash.
    private static func crashedRun(_ dir: String, sizes: [Int], lost: Int) async throws -> ExecutionContext {
        var committed = ExecutionContext()
        let writer = try ParquetItemWriter(properties: properties, baseDirectory: dir)
        try await writer.open(committed)
        var start = 0
        for (index, size) in sizes.enumerated() {
            try await writer.write(Chunk((start..<start + size).map(record), attempt: index + 1))
            try await writer.update(&committed)
            start += size
        }
        var uncommitted = committed
        try await writer.write(Chunk((start..<start + lost).map(record), attempt: sizes.count + 1))
        try await writer.update(&uncommitted)
        return committed
    }

    /// Opens with `context`, writes rows `rows`, completes; returns the ids of the published file.
    private static func finish(_ dir: String, _ context: ExecutionContext, rows: Range<Int>) async throws -> [RecordValue?] {
        var context = context
        let writer = try ParquetItemWriter(properties: properties, baseDirectory: dir)
        try await writer.open(context)
        try await writer.write(Chunk(rows.map(record), attempt: 1))
        try await writer.update(&context)
        try await writer.complete(&context)
        try await writer.close()
        return try await readAll(dir + "/o.parquet").map { $0["id"] }
    }

    @Test func framesWrittenWithoutTheirCommitAreCutOnRestart() async throws {
        let dir = try scratchDirectory("journal-cut")
        let committed = try await Self.crashedRun(dir, sizes: [3, 4], lost: 5)
        let journal = dir + "/.o.parquet.journal"
        let before = try #require(FileSystemCalls.size(journal))
        let writer = try ParquetItemWriter(properties: Self.properties, baseDirectory: dir)
        try await writer.open(committed)
        let cut = try #require(FileSystemCalls.size(journal))
        #expect(cut < before)
        #expect(cut == committed.int("parquet.writer.journal-offset"))
        try await writer.close()
        #expect(try await Self.finish(dir, committed, rows: 7..<10) == (0..<10).map { .int($0) })
    }

    @Test func aRebuildFromThePublishedFileSurvivesASecondCrash() async throws {
        let dir = try scratchDirectory("journal-republish")
        var committed = ExecutionContext()
        do {
            let writer = try ParquetItemWriter(properties: Self.properties, baseDirectory: dir)
            try await writer.open(committed)
            try await writer.write(Chunk((0..<6).map(record), attempt: 1))
            try await writer.update(&committed)
            var lost = committed
            try await writer.write(Chunk((6..<9).map(record), attempt: 2))
            try await writer.update(&lost)
            try await writer.complete(&lost)  // published, journal removed; the commit never happens
        }
        #expect(!FileManager.default.fileExists(atPath: dir + "/.o.parquet.journal"))
        do {
            // The restart rebuilds the journal from the published file's first six rows, in its
            // own frames, then crashes before any commit.
            let writer = try ParquetItemWriter(properties: Self.properties, baseDirectory: dir)
            try await writer.open(committed)
            #expect(!FileManager.default.fileExists(atPath: dir + "/o.parquet"))
        }
        #expect(try await Self.finish(dir, committed, rows: 6..<11) == (0..<11).map { .int($0) })
    }

    @Test func aForeignJournalIsAnIOErrorNamingIt() async throws {
        let dir = try scratchDirectory("journal-foreign")
        let committed = try await Self.crashedRun(dir, sizes: [3, 4], lost: 0)
        let journal = dir + "/.o.parquet.journal"
        var bytes = try Data(contentsOf: URL(fileURLWithPath: journal))
        bytes[0] ^= 0xFF
        try bytes.write(to: URL(fileURLWithPath: journal))
        let writer = try ParquetItemWriter(properties: Self.properties, baseDirectory: dir)
        let error = await #expect(throws: BatchError.self) { try await writer.open(committed) }
        #expect(error?.category == .io)
        #expect(error?.message.contains("the journal \(journal) is corrupt: the frame at byte 0 does not start with the journal tag") == true)
    }

    @Test func aDamagedBlockIsAnIOErrorNamingTheJournal() async throws {
        let dir = try scratchDirectory("journal-damaged")
        let committed = try await Self.crashedRun(dir, sizes: [3], lost: 0)
        let journal = dir + "/.o.parquet.journal"
        var bytes = try Data(contentsOf: URL(fileURLWithPath: journal))
        bytes[RowJournalCodec.scanSize] = 9  // the first column's null flag
        try bytes.write(to: URL(fileURLWithPath: journal))
        let writer = try ParquetItemWriter(properties: Self.properties, baseDirectory: dir)
        let error = await #expect(throws: BatchError.self) { try await writer.open(committed) }
        #expect(error?.message.contains("the journal \(journal) is corrupt: the frame at byte 0 does not hold rows of the schema") == true)
    }

    @Test func aJournalCutInsideTheCommittedRowsWithoutAPublishedFileIsAnIOError() async throws {
        let dir = try scratchDirectory("journal-short")
        let committed = try await Self.crashedRun(dir, sizes: [3, 4], lost: 0)
        let journal = dir + "/.o.parquet.journal"
        let handle = try FileSystemCalls.openForUpdate(journal)
        try FileSystemCalls.truncate(handle, to: try #require(FileSystemCalls.size(journal)) - 1, path: journal)
        try handle.close()
        let writer = try ParquetItemWriter(properties: Self.properties, baseDirectory: dir)
        let error = await #expect(throws: BatchError.self) { try await writer.open(committed) }
        #expect(error?.category == .io)
        #expect(error?.message.contains("the 7 committed rows of \(dir)/o.parquet are lost: its journal \(journal) is missing or holds fewer rows") == true)
    }

    @Test func aJournalWhoseFramesPassTheCommittedRowsIsAnIOError() async throws {
        let dir = try scratchDirectory("journal-boundary")
        var committed = try await Self.crashedRun(dir, sizes: [3, 4], lost: 0)
        committed["parquet.writer.file-rows"] = .int(5)  // no frame ends at row 5
        let writer = try ParquetItemWriter(properties: Self.properties, baseDirectory: dir)
        let error = await #expect(throws: BatchError.self) { try await writer.open(committed) }
        #expect(error?.message.contains("has no frame ending at the 5 committed rows") == true)
    }
}
