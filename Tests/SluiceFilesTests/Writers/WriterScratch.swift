import Foundation
import Logging
import Sluice

/// A fresh directory under /tmp for one writer test, and small helpers to drive a writer the way
/// the engine does (write, then update before the commit).
struct WriterScratch {
    /// The directory.
    let directory: String

    init() throws {
        directory = NSTemporaryDirectory() + "sluice-writers-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    /// A path inside the directory.
    func path(_ name: String) -> String { directory + "/" + name }

    /// The file's bytes as text.
    func text(_ name: String) throws -> String { try String(contentsOfFile: path(name), encoding: .utf8) }

    /// The file's lines (without the empty string after the last newline).
    func lines(_ name: String) throws -> [String] {
        try text(name).split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
    }

    /// Writes `text` as the file's content.
    func create(_ name: String, _ text: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path(name)))
    }

    /// The parsed JSON of the file.
    func json(_ name: String) throws -> Any { try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path(name)))) }

    /// Removes the directory.
    func remove() { try? FileManager.default.removeItem(atPath: directory) }

    /// Records `{id: n, name: "item n"}` for each n.
    static func records(_ ids: ClosedRange<Int>) -> [Record] {
        ids.map { Record([("id", .int($0)), ("name", .string("item \($0)"))]) }
    }

    /// A logger that drops everything (keeps test output readable).
    static let quietLogger = Logger(label: "sluice.test", factory: { _ in SwiftLogNoOpLogHandler() })

    /// Drives a writer like the engine: one `write` per chunk attempt, `update` before the commit.
    static func commit<W: ItemWriter<Record> & ItemStream>(_ records: [Record], attempt: Int, to writer: W,
                                                            context: inout ExecutionContext) async throws {
        try await writer.write(Chunk(records, attempt: attempt))
        try await writer.update(&context)
    }
}
