import Foundation
import Sluice
import SluiceParquet

/// What a `parquet` writer has committed, as saved in the step context under `<name>.…` keys:
/// `sequence` (the file being written), `journal-offset` and `file-rows` (its committed journal
/// bytes and rows), `rows` (all rows written), `published` (files published) and `schema` (the
/// columns as JSON, so a restart writes the same schema even when it was inferred).
struct ParquetWriterProgress: Sendable, Hashable {
    /// The sequence number of the file being written.
    var sequence = 0
    /// The committed length of that file's journal.
    var journalOffset = 0
    /// The committed rows of that file.
    var fileRows = 0
    /// Every row written, over all files.
    var totalRows = 0
    /// The number of files published.
    var published = 0

    /// A fresh start.
    init() {}

    /// The saved progress and schema in `context`, or nil when it holds none; saved values of the
    /// wrong type are an `io` error (the context was changed outside the job).
    static func load(_ context: ExecutionContext, name: String) throws -> (ParquetWriterProgress, ParquetSchema?)? {
        guard context.contains("\(name).sequence") else { return nil }
        func int(_ key: String) throws -> Int {
            guard let value = context.int("\(name).\(key)"), value >= 0 else {
                throw BatchError(.io, "\(name): the saved restart state lacks a valid '\(name).\(key)'")
            }
            return value
        }
        var progress = ParquetWriterProgress()
        progress.sequence = try int("sequence")
        progress.journalOffset = try int("journal-offset")
        progress.fileRows = try int("file-rows")
        progress.totalRows = try int("rows")
        progress.published = try int("published")
        guard let json = context.string("\(name).schema") else { return (progress, nil) }
        do {
            let specs = try JSONDecoder().decode([ParquetColumnSpec].self, from: Data(json.utf8))
            return (progress, ParquetSchema(try specs.map { try $0.column(component: name) }))
        } catch {
            throw BatchError(.io, "\(name): the saved schema cannot be read: \(error)")
        }
    }

    /// Saves the progress and `schema` (when known) in `context`.
    func save(in context: inout ExecutionContext, name: String, schema: ParquetSchema?) throws {
        context["\(name).sequence"] = .int(sequence)
        context["\(name).journal-offset"] = .int(journalOffset)
        context["\(name).file-rows"] = .int(fileRows)
        context["\(name).rows"] = .int(totalRows)
        context["\(name).published"] = .int(published)
        if let schema {
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            let json = try encoder.encode(schema.columns.map(ParquetColumnSpec.init))
            context["\(name).schema"] = .string(String(decoding: json, as: UTF8.self))
        }
    }
}
