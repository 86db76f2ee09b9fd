import Logging
import Sluice
import SluiceFiles
import Synchronization
import Testing

@Suite struct LogItemWriterTests {
    /// Collects log messages.
    struct CapturingHandler: LogHandler {
        let store: Captured
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            store.messages.withLock { $0.append("\(event.level) \(event.message)") }
        }
    }

    final class Captured: Sendable {
        let messages = Mutex<[String]>([])
        var logger: Logger { Logger(label: "test") { _ in CapturingHandler(store: self) } }
        var lines: [String] { messages.withLock { $0 } }
    }

    @Test func logsCommittedRecordsOnceAsJSON() async throws {
        let captured = Captured()
        let writer = LogItemWriter(properties: .init(level: .notice, format: .json), logger: captured.logger)
        var context = ExecutionContext()
        try await writer.open(context)
        try await writer.write(Chunk([Record([("id", 1)])], attempt: 1))
        #expect(captured.lines.isEmpty)
        try await writer.write(Chunk([Record([("id", 1)]), Record([("id", 2)])], attempt: 2))
        try await writer.update(&context)
        #expect(captured.lines == [#"notice {"id":1}"#, #"notice {"id":2}"#])
        #expect(context.isEmpty)
    }

    @Test func summaryLogsOneLinePerChunk() async throws {
        let captured = Captured()
        let writer = LogItemWriter(logger: captured.logger, summary: true)
        var context = ExecutionContext()
        try await writer.write(Chunk(WriterScratch.records(1...3), attempt: 1))
        try await writer.update(&context)
        try await writer.update(&context)
        #expect(captured.lines == ["info wrote 3 items"])
    }

    @Test func textFormatPrintsTheRecord() async throws {
        let captured = Captured()
        let writer = LogItemWriter(logger: captured.logger)
        var context = ExecutionContext()
        try await writer.write(Chunk([Record([("id", 1), ("x", .double(.nan))])], attempt: 1))
        try await writer.update(&context)
        #expect(captured.lines == ["info {id: 1, x: nan}"])
    }
}
