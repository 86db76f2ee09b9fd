import Foundation
import Logging
import Sluice
import SluiceFiles
import Synchronization
import Testing

/// The writers inside real chunk steps run by the engine: failures, skips, retries and restarts.
@Suite struct FileWriterJobTests {
    static let input = (1...250).map { Record([("id", .int($0)), ("name", .string("row \($0)"))]) }

    /// Fails once, at the record whose id is `failAt`.
    final class FailOnce: ItemProcessor, Sendable {
        let failAt: Int
        private let failed = Mutex(false)
        init(failAt: Int) { self.failAt = failAt }
        func process(_ item: Record) async throws -> Record? {
            let fail = failed.withLock { done in
                guard item["id"] == .int(failAt), !done else { return false }
                done = true
                return true
            }
            if fail { throw BatchError(.io, "injected failure at \(failAt)") }
            return item
        }
    }

    static func operatorWithQuietLogs() -> JobOperator {
        var configuration = JobOperator.Configuration()
        configuration.logger = WriterScratch.quietLogger
        return JobOperator(repository: InMemoryJobRepository(), configuration: configuration)
    }

    @Test(arguments: [1, 7, 100])
    func aFailedRunThenARestartWritesEveryRecordOnce(chunkSize: Int) async throws {
        let scratch = try WriterScratch()
        defer { scratch.remove() }
        let path = scratch.path("out.ndjson")
        let processor = FailOnce(failAt: 137)
        let step = ChunkStep<Record, Record>(
            "export", chunkSize: chunkSize,
            reader: { _ in ArrayItemReader(Self.input) },
            processor: { _ in processor },
            writer: { _ in NDJSONItemWriter(path: path) })
        let job = try Job("export-ndjson", steps: [step])
        let op = Self.operatorWithQuietLogs()
        let first = try await op.start(job)
        #expect(first.status == .failed)
        let committed = try scratch.lines("out.ndjson").count
        #expect(committed == (136 / chunkSize) * chunkSize)
        let second = try await op.start(job)
        #expect(second.status == .completed)
        #expect(try scratch.lines("out.ndjson") == Self.input.map { #"{"id":\#($0["id"]!),"name":"\#($0["name"]!)"}"# })
    }

    @Test func aSkippedRecordLeavesValidJSONWithEveryOtherRecord() async throws {
        let scratch = try WriterScratch()
        defer { scratch.remove() }
        let path = scratch.path("out.json")
        var input = Self.input
        input[41]["score"] = .double(.nan)
        let step = ChunkStep<Record, Record>(
            "export", chunkSize: 10,
            reader: { [input] _ in ArrayItemReader(input) },
            writer: { _ in JSONItemWriter(path: path) }
        ).skip(SkipPolicy(limit: 1, on: [.validation]))
        let execution = try await Self.operatorWithQuietLogs().start(try Job("export-json", steps: [step]))
        #expect(execution.status == .completed)
        let array = try #require(try scratch.json("out.json") as? [[String: Any]])
        #expect(array.compactMap { $0["id"] as? Int } == (1...250).filter { $0 != 42 })
    }
}
