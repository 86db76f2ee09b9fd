import Foundation
import Sluice

/// A fresh directory under the system's temporary directory for one test's input files.
struct ReaderTestDirectory {
    let path: String

    init() throws {
        path = (NSTemporaryDirectory() as NSString).appendingPathComponent("sluice-readers-" + UUID().uuidString)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// Writes `text` to `name` (subdirectories are created) and returns the full path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        try write(name, bytes: Array(text.utf8))
    }

    /// Writes raw bytes to `name` and returns the full path.
    @discardableResult
    func write(_ name: String, bytes: [UInt8]) throws -> String {
        let file = path + "/" + name
        try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        return file
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// Reads until the end, collecting records and the messages of the errors thrown on the way
/// (as a skip policy would).
func readSkippingErrors<R: ItemReader>(_ reader: R, limit: Int = 100) async throws -> (records: [Record], errors: [BatchError]) where R.Item == Record {
    var records: [Record] = []
    var errors: [BatchError] = []
    while records.count + errors.count < limit {
        do {
            guard let record = try await reader.read() else { break }
            records.append(record)
        } catch let error as BatchError {
            errors.append(error)
        }
    }
    return (records, errors)
}

/// Opens `reader` with `context` and reads every record with `read(into:limit:)` chunks.
func readAll<R: ItemReader & ItemStream>(_ reader: R, context: ExecutionContext = ExecutionContext(), chunk: Int = 3) async throws -> [Record] where R.Item == Record {
    try await reader.open(context)
    var all: [Record] = []
    var buffer: [Record] = []
    while true {
        buffer.removeAll()
        let more = try await reader.read(into: &buffer, limit: chunk)
        all += buffer
        if !more { break }
    }
    try await reader.close()
    return all
}

/// The string values of a field in every record.
func column(_ records: [Record], _ name: String) -> [RecordValue?] { records.map { $0[name] } }
