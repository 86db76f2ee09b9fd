import Foundation
import Sluice
import SluiceTestSupport
import Synchronization
import Testing

/// Records `{id}` for ids, read as records or as batches; logs which read was used and keeps
/// its position in the context (`columnar.position`).
final class ColumnarIDReader: ReadAheadItemReader, ColumnarItemReader, ItemStream {
    let ids: [Int]
    let log: EventLog
    /// Reading the id throws (after consuming it), once per value in the set.
    let failing: Mutex<Set<Int>>
    private let position = Mutex(0)

    init(_ ids: [Int], log: EventLog, failing: Set<Int> = []) {
        self.ids = ids
        self.log = log
        self.failing = Mutex(failing)
    }

    private func next() throws -> Record? {
        let id: Int? = position.withLock { p in
            guard p < ids.count else { return nil }
            defer { p += 1 }
            return ids[p]
        }
        guard let id else { return nil }
        if failing.withLock({ $0.remove(id) != nil }) { throw BatchError(.parse, "bad id \(id)") }
        return Record([("id", .int(id))])
    }

    func read() async throws -> Record? {
        log.add("read")
        return try next()
    }

    func read(into batch: inout RecordBatch, limit: Int) async throws -> Bool {
        log.add("readBatch")
        if batch.isEmpty { batch.reset(names: ["id"], kinds: [.int]) }
        while batch.count < limit {
            guard let record = try next() else { return false }
            batch.append(record)
        }
        return true
    }

    func open(_ context: ExecutionContext) async throws { position.withLock { $0 = context.int("columnar.position") ?? 0 } }
    func update(_ context: inout ExecutionContext) async throws { context["columnar.position"] = .int(position.withLock { $0 }) }
}

/// Stages ids in the chunk's in-memory transaction; logs which write was used.
final class ColumnarIDWriter: ColumnarItemWriter {
    let log: EventLog
    let inner: TransactionalListWriter<Record>

    init(log: EventLog, failure: @escaping @Sendable (Record) -> (any Error)? = { _ in nil }) {
        self.log = log
        inner = TransactionalListWriter(failure: failure)
    }

    var ids: [Int] { inner.items.map { if case .int(let id) = $0["id"] { id } else { -1 } } }

    func write(_ chunk: Chunk<Record>) async throws {
        log.add("write")
        try await inner.write(chunk)
    }

    func write(_ batch: RecordBatch, attempt: Int) async throws {
        log.add("writeBatch")
        #expect(batch.columns.first?.kind == .int)
        try await inner.write(Chunk(batch.records, attempt: attempt))
    }
}

@Suite struct ColumnarChunkTests {
    func step(_ reader: ColumnarIDReader, _ writer: ColumnarIDWriter, chunkSize: Int = 4) -> ChunkStep<Record, Record> {
        ChunkStep<Record, Record>("copy", chunkSize: chunkSize, reader: { _ in reader }, writer: { _ in writer })
            .transactionManager(InMemoryTransactionManager())
    }

    @Test(arguments: [true, false])
    func chunksMoveAsBatchesWithRowCounts(readAhead: Bool) async throws {
        let log = EventLog()
        let reader = ColumnarIDReader(Array(0..<10), log: log)
        let writer = ColumnarIDWriter(log: log)
        let (_, execution) = try await runStep(step(reader, writer).readAhead(readAhead))
        #expect(execution.status == .completed)
        #expect(writer.ids == Array(0..<10))
        #expect(log.count("read") == 0 && log.count("write") == 0)
        #expect(log.count("writeBatch") == 3)
        #expect(execution.counters.readCount == 10 && execution.counters.writeCount == 10)
        #expect(execution.counters.commitCount == 3)
        #expect(execution.executionContext.int("columnar.position") == 10)
    }

    @Test func aSkipPolicyAProcessorOrColumnarOffTakesTheRecordPath() async throws {
        let log = EventLog()
        let skipping = step(ColumnarIDReader(Array(0..<5), log: log), ColumnarIDWriter(log: log))
            .skip(SkipPolicy(limit: 1, on: [.parse]))
        _ = try await runStep(skipping)
        let offLog = EventLog()
        _ = try await runStep(step(ColumnarIDReader(Array(0..<5), log: offLog), ColumnarIDWriter(log: offLog)).columnar(false))
        let processorLog = EventLog()
        let processed = ChunkStep<Record, Record>(
            "copy", chunkSize: 4, reader: { _ in ColumnarIDReader(Array(0..<5), log: processorLog) },
            processor: { _ in ClosureItemProcessor { $0 } }, writer: { _ in ColumnarIDWriter(log: processorLog) })
            .transactionManager(InMemoryTransactionManager())
        _ = try await runStep(processed)
        for used in [log, processorLog, offLog] {
            #expect(used.count("readBatch") == 0 && used.count("writeBatch") == 0)
            #expect(used.count("write") == 2)
        }
    }

    @Test func aFailedWriteRollsBackAndTheRestartWritesEachRowOnce() async throws {
        let log = EventLog()
        let failing = Mutex(true)
        let reader = ColumnarIDReader(Array(0..<10), log: log)
        let writer = ColumnarIDWriter(log: log, failure: { record in
            record["id"] == .int(5) && failing.withLock({ $0 }) ? BatchError(.io, "disk full") : nil
        })
        let repository = InMemoryJobRepository()
        let job = try Job("columnar-failure", steps: [step(reader, writer)])
        let op = JobOperator(repository: repository, configuration: .quiet)
        let first = try await op.start(job)
        #expect(first.status == .failed)
        let failed = try #require(try await repository.stepExecutions(jobExecutionId: first.id).first)
        #expect(failed.executionContext.int("columnar.position") == 4)
        #expect(failed.counters.writeCount == 4 && failed.counters.rollbackCount == 1)
        #expect(failed.exitStatus.description.contains("disk full"))
        #expect(writer.ids == Array(0..<4))

        failing.withLock { $0 = false }
        let second = try await op.start(job)
        #expect(second.status == .completed)
        #expect(writer.ids == Array(0..<10))
    }

    @Test func aReadErrorFailsTheChunkAndTheRestartResumesAfterTheLastCommit() async throws {
        let log = EventLog()
        let reader = ColumnarIDReader(Array(0..<10), log: log, failing: [6])
        let writer = ColumnarIDWriter(log: log)
        let repository = InMemoryJobRepository()
        let job = try Job("columnar-read-failure", steps: [step(reader, writer)])
        let op = JobOperator(repository: repository, configuration: .quiet)
        let first = try await op.start(job)
        #expect(first.status == .failed)
        #expect(writer.ids == Array(0..<4))
        let failed = try #require(try await repository.stepExecutions(jobExecutionId: first.id).first)
        #expect(failed.executionContext.int("columnar.position") == 4)
        #expect(failed.exitStatus.description.contains("bad id 6"))

        let second = try await op.start(job)
        #expect(second.status == .completed)
        #expect(writer.ids == Array(0..<10))
    }

    @Test func aNoRollbackErrorCommitsTheChunkAsWriteSkips() async throws {
        let log = EventLog()
        let writer = ColumnarIDWriter(log: log, failure: { $0["id"] == .int(1) ? BatchError(.io, "quota") : nil })
        let (_, execution) = try await runStep(step(ColumnarIDReader(Array(0..<6), log: log), writer)
            .noRollback([.io]))
        #expect(execution.status == .completed)
        #expect(writer.ids == [4, 5])
        #expect(execution.counters.writeSkipCount == 4 && execution.counters.writeCount == 2)
        #expect(log.count("writeBatch") == 2)
    }

    @Test func aStopTakesEffectBetweenBatchesAndTheRestartContinues() async throws {
        let log = EventLog()
        let op = Mutex<JobOperator?>(nil)
        let inner = ColumnarIDWriter(log: log)
        let stopper = StoppingColumnarWriter(inner: inner) { batch in
            if batch.record(at: 0)["id"] == .int(4), let op = op.withLock({ $0 }), let id = try await op.runningExecutions().first?.id {
                try await op.stop(executionId: id)
            }
        }
        let reader = ColumnarIDReader(Array(0..<20), log: log)
        let step = ChunkStep<Record, Record>("copy", chunkSize: 4, reader: { _ in reader }, writer: { _ in stopper })
            .transactionManager(InMemoryTransactionManager())
        let repository = InMemoryJobRepository()
        let jobOperator = JobOperator(repository: repository, configuration: .quiet)
        op.withLock { $0 = jobOperator }
        let first = try await jobOperator.start(try Job("columnar-stop", steps: [step]))
        #expect(first.status == .stopped)
        #expect(inner.ids == Array(0..<8))
        let stopped = try #require(try await repository.stepExecutions(jobExecutionId: first.id).first)
        #expect(stopped.executionContext.int("columnar.position") == 8)
        let second = try await jobOperator.restart(executionId: first.id)
        #expect(second.status == .completed)
        #expect(inner.ids == Array(0..<20))
    }
}

/// A columnar writer that runs `after` once a batch is written.
struct StoppingColumnarWriter: ColumnarItemWriter {
    let inner: ColumnarIDWriter
    let after: @Sendable (RecordBatch) async throws -> Void

    func write(_ chunk: Chunk<Record>) async throws { try await inner.write(chunk) }
    func write(_ batch: RecordBatch, attempt: Int) async throws {
        try await inner.write(batch, attempt: attempt)
        try await after(batch)
    }
}

@Suite struct RecordBatchTests {
    @Test func typedColumnsGiveBackTheRecordsWithNulls() {
        var batch = RecordBatch(names: ["i", "s", "m", "d", "b", "x"], kinds: [.int, .string, .decimal, .date, .bool, .double])
        let day = CalendarDate(year: 2026, month: 12, day: 1)!
        func row(_ i: Int?, _ s: String?, _ m: (Int64, UInt8)?, _ d: CalendarDate?, _ b: Bool?, _ x: Double?) {
            batch.withColumn(0) { if let i { $0.append(i) } else { $0.appendNull() } }
            batch.withColumn(1) { column in if var s { s.withUTF8 { column.append(utf8: $0) } } else { column.appendNull() } }
            batch.withColumn(2) { if let m { $0.append(decimal: m.0, scale: m.1) } else { $0.appendNull() } }
            batch.withColumn(3) { if let d { $0.append(d) } else { $0.appendNull() } }
            batch.withColumn(4) { if let b { $0.append(b) } else { $0.appendNull() } }
            batch.withColumn(5) { if let x { $0.append(x) } else { $0.appendNull() } }
            batch.endRow()
        }
        row(1, "ä long text of more than fifteen bytes", (-12345, 2), day, true, 0.5)
        row(nil, nil, nil, nil, nil, nil)
        row(3, "", (0, 0), day, false, -1)
        #expect(batch.count == 3)
        #expect(batch.columns.map(\.nullCount) == [1, 1, 1, 1, 1, 1])
        #expect(batch.record(at: 0) == Record([("i", 1), ("s", "ä long text of more than fifteen bytes"),
                                               ("m", .decimal(Decimal(string: "-123.45")!)), ("d", .date(day)), ("b", true), ("x", 0.5)]))
        #expect(batch.record(at: 1).values.allSatisfy { $0.isNull })
        #expect(batch.records[2]["s"] == .string("") && batch.records[2]["m"] == .decimal(0))
        #expect(RecordBatch(batch.records).records == batch.records)
    }

    @Test func aValueOfAnotherTypeTurnsTheColumnIntoValues() {
        var column = RecordColumn(kind: .int)
        column.append(1)
        column.appendNull()
        column.append(value: .string("two"))
        column.append(3)
        #expect(column.kind == .value)
        #expect((0..<4).map { column[$0] } == [.int(1), .null, .string("two"), .int(3)])
        #expect(column.nullCount == 1)
    }

    @Test func bulkAppendsGiveTheSameColumnsAsAppendingValueByValue() {
        let day = CalendarDate(year: 2026, month: 12, day: 1)!
        let days = Int32(day.daysSince1970)
        // Nulls in the first bulk call of an empty column, none in a later one, then one value at a time.
        var ints = RecordColumn(kind: .int)
        ints.append(ints: [7, 0], nulls: [false, true])
        ints.append(ints: [8, 9])
        ints.append(10)
        #expect((0..<5).map { ints[$0] } == [.int(7), .null, .int(8), .int(9), .int(10)])
        #expect(ints.nullCount == 1 && ints.nulls == [false, true, false, false, false])

        var text = RecordColumn(kind: .string)
        text.append(utf8: Array("aébb".utf8), ends: [1, 1, 5], nulls: [false, true, false])
        text.appendNull()
        #expect((0..<4).map { text[$0] } == [.string("a"), .null, .string("ébb"), .null])

        var mixed = RecordColumn(kind: .decimal)
        mixed.append(decimalSignificands: [125, 0], scales: [2, 0], nulls: [false, true])
        mixed.append(value: .string("x"))  // the column turns into values
        mixed.append(decimalSignificands: [-5], scales: [1])
        mixed.append(doubles: [1.5])  // another kind: value by value
        #expect(mixed.kind == .value)
        #expect((0..<5).map { mixed[$0] } == [.decimal(significand: 125, scale: 2), .null, .string("x"),
                                              .decimal(significand: -5, scale: 1), .double(1.5)])

        var others = RecordBatch(names: ["d", "b", "x"], kinds: [.date, .bool, .double])
        others.withColumns { columns in
            columns[0].append(days: [days, 0], nulls: [false, true])
            columns[1].append(bools: [true, false])
            columns[2].append(doubles: [0.25, -1])
        }
        others.endRows(2)
        #expect(others.records == [Record([("d", .date(day)), ("b", true), ("x", 0.25)]), Record([("d", .null), ("b", false), ("x", -1.0)])])
    }

    @Test func removingRowsTakesBackValuesNullsAndBytes() {
        var column = RecordColumn(kind: .string)
        for text in ["a", "bb", "ccc"] {
            var text = text
            text.withUTF8 { column.append(utf8: $0) }
        }
        column.appendNull()
        column.removeRows(from: 2)
        #expect(column.count == 2 && column.nullCount == 0 && column.utf8 == Array("abb".utf8))
        var batch = RecordBatch(names: ["a", "b"], kinds: [.int, .int])
        batch.withColumn(0) { $0.append(1) }
        batch.withColumn(1) { $0.append(2) }
        batch.endRow()
        batch.withColumn(0) { $0.append(3) }  // an unfinished row
        batch.removeRows(from: 1)
        #expect(batch.count == 1 && batch.columns.map(\.count) == [1, 1])
    }
}
