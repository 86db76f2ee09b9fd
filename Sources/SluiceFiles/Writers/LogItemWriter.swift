import Logging
import Sluice
import Synchronization

/// The `log` writer: writes each ``Sluice/Record`` (or one summary line per chunk) to the step's
/// logger — for trying out a job, or as the second writer of a step.
///
/// Like the file writers it logs only committed chunks: records are held per write attempt
/// (``Sluice/Chunk/attempt``) and logged when the engine commits (``update(_:)``), so a retried
/// chunk is logged once. It keeps no restart state.
public final class LogItemWriter: ItemWriter, ItemStream {
    /// How each record is printed.
    public enum Format: String, Decodable, Sendable, CaseIterable {
        /// `{id: 1, name: Ada}`.
        case text
        /// One JSON object, as the `ndjson` writer writes it.
        case json
    }

    /// The writer's settings as written in a job file.
    public struct Properties: Decodable, Sendable {
        /// The log level: `trace`, `debug`, `info` (default), `notice`, `warning`, `error`, `critical`.
        public var level: Logger.Level?
        /// `text` (default) or `json`.
        public var format: Format?
        /// Log one line per chunk (`wrote N items`) instead of one per record (default false).
        public var summary: Bool?

        /// Settings; every one has a default.
        public init(level: Logger.Level? = nil, format: Format? = nil, summary: Bool? = nil) {
            self.level = level
            self.format = format
            self.summary = summary
        }
    }

    /// The logger written to.
    public let logger: Logger
    /// The level of each line.
    public let level: Logger.Level
    /// How records are printed.
    public let format: Format
    /// Whether only a per-chunk count is logged.
    public let summary: Bool
    private let pending = Mutex(Pending())

    private struct Pending: Sendable {
        var attempt: Int?
        var lines: [String] = []
        var count = 0
        var encoder = JSONObjectEncoder(label: "log writer")
    }

    /// A writer logging to `logger` (normally the step's, ``Sluice/StepContext/logger``).
    public init(logger: Logger, level: Logger.Level = .info, format: Format = .text, summary: Bool = false) {
        self.logger = logger
        self.level = level
        self.format = format
        self.summary = summary
    }

    /// A writer from job-file settings, logging to `logger`.
    public convenience init(properties: Properties, logger: Logger) {
        self.init(logger: logger, level: properties.level ?? .info, format: properties.format ?? .text,
                  summary: properties.summary ?? false)
    }

    /// Holds the chunk's records (as text) until the commit.
    public func write(_ chunk: Chunk<Record>) async throws {
        pending.withLock { p in
            if p.attempt != chunk.attempt {
                p.attempt = chunk.attempt
                p.lines.removeAll()
                p.count = 0
            }
            p.count += chunk.count
            guard !summary else { return }
            for record in chunk.items { p.lines.append(line(record, encoder: &p.encoder)) }
        }
    }

    /// Nothing to open: the writer keeps no restart state.
    public func open(_ context: ExecutionContext) async throws {}

    /// Logs what the committing chunk wrote.
    public func update(_ context: inout ExecutionContext) async throws {
        let (lines, count) = pending.withLock { p in
            defer {
                p.lines = []
                p.count = 0
            }
            return (p.lines, p.count)
        }
        if summary {
            if count > 0 { logger.log(level: level, "wrote \(count) items", metadata: ["items": "\(count)"]) }
        } else {
            for line in lines { logger.log(level: level, "\(line)") }
        }
    }

    /// A record as text or JSON; a record JSON cannot hold (a NaN) falls back to text.
    private func line(_ record: Record, encoder: inout JSONObjectEncoder) -> String {
        guard format == .json else { return record.description }
        var bytes: [UInt8] = []
        guard (try? encoder.encode(record, item: 0, into: &bytes)) != nil else { return record.description }
        return String(decoding: bytes, as: UTF8.self)
    }
}
