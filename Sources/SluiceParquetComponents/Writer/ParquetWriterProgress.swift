import Foundation
import Sluice
import SluiceParquet

/// What a `parquet` writer has committed, as saved in the step context under `<name>.…` keys:
/// `sequence` (the file being written), `journal-offset` and `file-rows` (its committed journal
/// bytes and rows), `rows` (all rows written), `published` (files published) and `schema` (the
/// columns as JSON, so a restart writes the same schema even when it was inferred). With
/// `partition-by`, each partition has its own progress, all saved in `<name>.partitions`.
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
        return (progress, try loadSchema(context, name: name))
    }

    /// The saved progress of every partition (keyed by partition directory) and the schema in
    /// `context`, or nil when it holds none. `<name>.partitions` is one JSON object mapping each
    /// directory to `[sequence, journal-offset, file-rows, rows, published]`; anything else there
    /// is an `io` error.
    static func loadPartitions(_ context: ExecutionContext, name: String) throws -> ([String: ParquetWriterProgress], ParquetSchema?)? {
        guard context.contains("\(name).partitions") else { return nil }
        guard let json = context.string("\(name).partitions"),
              let table = try? JSONDecoder().decode([String: [Int]].self, from: Data(json.utf8)) else {
            throw BatchError(.io, "\(name): the saved restart state '\(name).partitions' cannot be read")
        }
        var partitions: [String: ParquetWriterProgress] = [:]
        for (directory, numbers) in table {
            guard numbers.count == 5, numbers.allSatisfy({ $0 >= 0 }) else {
                throw BatchError(.io, "\(name): the saved restart state of partition '\(directory)' is invalid")
            }
            var progress = ParquetWriterProgress()
            progress.sequence = numbers[0]
            progress.journalOffset = numbers[1]
            progress.fileRows = numbers[2]
            progress.totalRows = numbers[3]
            progress.published = numbers[4]
            partitions[directory] = progress
        }
        return (partitions, try loadSchema(context, name: name))
    }

    private static func loadSchema(_ context: ExecutionContext, name: String) throws -> ParquetSchema? {
        guard let json = context.string("\(name).schema") else { return nil }
        do {
            let specs = try JSONDecoder().decode([ParquetColumnSpec].self, from: Data(json.utf8))
            return ParquetSchema(try specs.map { try $0.column(component: name) })
        } catch {
            throw BatchError(.io, "\(name): the saved schema cannot be read: \(error)")
        }
    }

    /// Saves the progress of every partition as `<name>.partitions` (see
    /// ``loadPartitions(_:name:)``), the totals as `<name>.rows` and `<name>.published`, and
    /// `schema` (when known).
    static func save(partitions: [String: ParquetWriterProgress], in context: inout ExecutionContext, name: String,
                     schema: ParquetSchema?) throws {
        let table = partitions.mapValues { [$0.sequence, $0.journalOffset, $0.fileRows, $0.totalRows, $0.published] }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        context["\(name).partitions"] = .string(String(decoding: try encoder.encode(table), as: UTF8.self))
        context["\(name).rows"] = .int(partitions.values.reduce(0) { $0 + $1.totalRows })
        context["\(name).published"] = .int(partitions.values.reduce(0) { $0 + $1.published })
        try saveSchema(schema, in: &context, name: name)
    }

    /// Saves the progress and `schema` (when known) in `context`.
    func save(in context: inout ExecutionContext, name: String, schema: ParquetSchema?) throws {
        context["\(name).sequence"] = .int(sequence)
        context["\(name).journal-offset"] = .int(journalOffset)
        context["\(name).file-rows"] = .int(fileRows)
        context["\(name).rows"] = .int(totalRows)
        context["\(name).published"] = .int(published)
        try Self.saveSchema(schema, in: &context, name: name)
    }

    private static func saveSchema(_ schema: ParquetSchema?, in context: inout ExecutionContext, name: String) throws {
        guard let schema else { return }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = try encoder.encode(schema.columns.map(ParquetColumnSpec.init))
        context["\(name).schema"] = .string(String(decoding: json, as: UTF8.self))
    }
}
