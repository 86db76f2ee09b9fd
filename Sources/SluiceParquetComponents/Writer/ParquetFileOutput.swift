import Foundation
import Sluice
import SluiceParquet
import Synchronization

/// The exactly-once machinery of the `parquet` writer: rows are buffered per chunk attempt,
/// journaled and fed to a temporary Parquet file at each commit, and the file is published
/// (renamed) only when it is complete. See ``ParquetItemWriter`` for the whole design.
final class ParquetFileOutput: Sendable {
    /// What the writer was configured with.
    struct Settings: Sendable {
        /// The output names (published, partial, journal).
        var names: ParquetOutputNames
        /// The prefix of the context keys.
        var name: String
        /// Names the writer in errors.
        var label: String
        /// Codec and row-group byte limit of the Parquet files.
        var options: ParquetWriter.Options
        /// Rows per row group.
        var rowGroupSize: Int
        /// Rows per file before rolling over, nil for one file.
        var maxRowsPerFile: Int?
        /// The declared schema, nil to infer it from the first chunk.
        var declared: ParquetSchema?
    }

    let settings: Settings
    private let state: Mutex<State>

    private struct State {
        /// The schema in force (declared, or inferred by a committed chunk).
        var schema: ParquetSchema?
        /// A schema inferred by the current attempt, committed with it.
        var pendingSchema: ParquetSchema?
        var attempt: Int?
        /// The rows of the current attempt, not yet committed.
        var buffer: [[ParquetValue]] = []
        var progress = ParquetWriterProgress()
        /// The open temporary file of `progress.sequence`, created with its first row.
        var writer: ParquetWriter?
        var journal: FileHandle?
        var isOpen = false
        /// Set when a commit failed half-way: the files no longer match `progress`.
        var failure: String?
    }

    /// Creates the output; nothing is touched before ``open(_:)``.
    init(settings: Settings) {
        self.settings = settings
        state = Mutex(State(schema: settings.declared))
    }

    // MARK: Item stream

    /// Buffers the chunk's rows (inferring the schema from the first chunk when none is declared).
    func write(_ chunk: Chunk<Record>) throws {
        try state.withLock { s in
            guard s.isOpen else { throw BatchError(.io, "\(settings.label): not open (open must come before write)") }
            if s.attempt != chunk.attempt {
                s.attempt = chunk.attempt
                s.buffer.removeAll(keepingCapacity: true)
                s.pendingSchema = nil
            }
            guard !chunk.items.isEmpty else { return }
            let schema: ParquetSchema
            if let known = s.schema ?? s.pendingSchema {
                schema = known
            } else {
                guard let inferred = try ParquetSchemaInference.schema(for: chunk.items, label: settings.label) else {
                    throw BatchError(.validation, "\(settings.label): the first chunk's records have no fields, "
                        + "so no schema can be inferred; declare 'columns'")
                }
                s.pendingSchema = inferred
                schema = inferred
            }
            let encoder = ParquetRowEncoder(schema: schema, label: settings.label)
            for record in chunk.items { s.buffer.append(try encoder.row(record)) }
        }
    }

    /// Commits the buffered rows (journal, temporary file, publishing full files) and saves the
    /// progress in `context`.
    func update(_ context: inout ExecutionContext) async throws {
        let (progress, schema) = try await BlockingIO.run {
            try self.state.withLock { s in
                try self.commit(&s)
                return (s.progress, s.schema)
            }
        }
        try progress.save(in: &context, name: settings.name, schema: schema)
    }

    /// Publishes the current file (or an empty file when nothing was published and the schema
    /// is known) and saves the progress.
    func complete(_ context: inout ExecutionContext) async throws {
        let (progress, schema) = try await BlockingIO.run {
            try self.state.withLock { s in
                try self.commit(&s)
                if let schema = s.schema, s.progress.fileRows > 0 || s.progress.published == 0 {
                    try self.guarded(&s) { s in try self.publish(&s, schema: schema) }
                }
                return (s.progress, s.schema)
            }
        }
        try progress.save(in: &context, name: settings.name, schema: schema)
    }

    /// Opens for a fresh run (clearing what an earlier run left under the output names) or, with
    /// saved progress, for a restart (rebuilding the temporary file from the committed rows).
    func open(_ context: ExecutionContext) async throws {
        try await close()
        let saved = try ParquetWriterProgress.load(context, name: settings.name)
        try await BlockingIO.run {
            try self.state.withLock { s in
                s = State(schema: self.settings.declared)
                try self.createDirectory()
                if let (progress, schema) = saved {
                    try self.recover(progress, savedSchema: schema, &s)
                } else {
                    try self.clear(from: 0)
                }
                s.isOpen = true
            }
        }
    }

    /// Closes the files; uncommitted rows are dropped, and an unpublished temporary file stays
    /// for the next ``open(_:)`` to rebuild.
    func close() async throws {
        try await BlockingIO.run {
            self.state.withLock { s in
                try? s.journal?.close()
                s.journal = nil
                s.writer = nil
                s.buffer = []
                s.attempt = nil
                s.pendingSchema = nil
                s.isOpen = false
            }
        }
    }

    // MARK: Commit

    private func commit(_ s: inout State) throws {
        guard s.isOpen else { throw BatchError(.io, "\(settings.label): not open (open must come before update)") }
        if let failure = s.failure {
            throw BatchError(.io, "\(settings.label): an earlier commit failed (\(failure)); restart the step to continue")
        }
        if let pending = s.pendingSchema {
            s.schema = pending
            s.pendingSchema = nil
        }
        let rows = s.buffer
        s.buffer.removeAll(keepingCapacity: true)
        s.attempt = nil
        guard let schema = s.schema, !rows.isEmpty else { return }
        try guarded(&s) { s in
            var index = 0
            while index < rows.count {
                let room = settings.maxRowsPerFile.map { $0 - s.progress.fileRows } ?? rows.count
                let end = index + min(room, rows.count - index)
                try append(rows[index..<end], schema: schema, &s)
                index = end
                if let limit = settings.maxRowsPerFile, s.progress.fileRows >= limit { try publish(&s, schema: schema) }
            }
        }
    }

    /// Runs `body`; if it throws, marks the state failed so no later commit builds on half-done work.
    private func guarded(_ s: inout State, _ body: (inout State) throws -> Void) throws {
        do { try body(&s) } catch {
            s.failure = "\(error)"
            throw error
        }
    }

    /// Journals `rows`, then feeds them to the temporary file.
    private func append(_ rows: ArraySlice<[ParquetValue]>, schema: ParquetSchema, _ s: inout State) throws {
        let (writer, journal) = try openFile(&s, schema: schema)
        let codec = RowJournalCodec(schema: schema)
        var bytes: [UInt8] = []
        for row in rows { codec.encode(row, into: &bytes) }
        try FileSystemCalls.write(bytes, at: s.progress.journalOffset, to: journal, path: settings.names.journal(s.progress.sequence))
        s.progress.journalOffset += bytes.count
        for row in rows {
            try feed(row, to: writer, rowsBefore: s.progress.fileRows)
            s.progress.fileRows += 1
            s.progress.totalRows += 1
        }
    }

    /// Appends a row to the temporary file, closing a row group every `rowGroupSize` rows.
    private func feed(_ row: [ParquetValue], to writer: ParquetWriter, rowsBefore: Int) throws {
        do {
            try writer.append(row: row)
            if (rowsBefore + 1) % settings.rowGroupSize == 0 { try writer.flushRowGroup() }
        } catch let error as ParquetError {
            throw BatchError(.io, "\(settings.label): cannot append a row to the temporary file: \(error)")
        }
    }

    /// The temporary file and journal of the current sequence, created when missing.
    private func openFile(_ s: inout State, schema: ParquetSchema) throws -> (ParquetWriter, FileHandle) {
        if let writer = s.writer, let journal = s.journal { return (writer, journal) }
        let sequence = s.progress.sequence
        let writer = try makeWriter(sequence, schema: schema)
        let journal = try FileSystemCalls.openForUpdate(settings.names.journal(sequence))
        try FileSystemCalls.truncate(journal, to: s.progress.journalOffset, path: settings.names.journal(sequence))
        s.writer = writer
        s.journal = journal
        return (writer, journal)
    }

    private func makeWriter(_ sequence: Int, schema: ParquetSchema) throws -> ParquetWriter {
        let path = settings.names.partial(sequence)
        try FileSystemCalls.remove(path)
        do {
            return try ParquetWriter(path: path, schema: schema, options: settings.options)
        } catch let error as ParquetError {
            throw BatchError(.io, "\(settings.label): cannot create \(path): \(error)")
        }
    }

    /// Closes the temporary file (footer), renames it to its published name, drops its journal
    /// and moves on to the next sequence number.
    private func publish(_ s: inout State, schema: ParquetSchema) throws {
        let sequence = s.progress.sequence
        let writer = try s.writer ?? makeWriter(sequence, schema: schema)
        s.writer = nil
        do { try writer.close() } catch let error as ParquetError {
            throw BatchError(.io, "\(settings.label): cannot finish \(settings.names.partial(sequence)): \(error)")
        }
        try FileSystemCalls.rename(settings.names.partial(sequence), to: settings.names.published(sequence))
        try? s.journal?.close()
        s.journal = nil
        try FileSystemCalls.remove(settings.names.journal(sequence))
        s.progress.sequence += 1
        s.progress.fileRows = 0
        s.progress.journalOffset = 0
        s.progress.published += 1
    }

    // MARK: Open

    private func createDirectory() throws {
        let directory = (settings.names.published(0) as NSString).deletingLastPathComponent
        guard !directory.isEmpty else { return }
        do { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) } catch {
            throw BatchError(.io, "\(settings.label): cannot create the directory \(directory): \(error)")
        }
    }

    /// Removes the published, temporary and journal files of `sequence` and every later one
    /// that exists (the outputs of an earlier run, or publishes whose commit did not happen).
    private func clear(from sequence: Int) throws {
        let names = settings.names
        var next = sequence
        repeat {
            let paths = [names.published(next), names.partial(next), names.journal(next)]
            guard paths.contains(where: FileSystemCalls.exists) else { return }
            for path in paths { try FileSystemCalls.remove(path) }
            next += 1
        } while names.isSequenced
    }

    /// Restart: restores the committed progress and rebuilds the temporary file from the
    /// committed rows — from the journal, or, when a publish whose commit failed already removed
    /// it, from the published file's first rows.
    private func recover(_ saved: ParquetWriterProgress, savedSchema: ParquetSchema?, _ s: inout State) throws {
        if let declared = settings.declared, let savedSchema, declared != savedSchema {
            throw BatchError(.validation, "\(settings.label): 'columns' differ from those of the run being restarted")
        }
        s.schema = settings.declared ?? savedSchema
        s.progress = saved
        let names = settings.names
        let sequence = saved.sequence
        // A single file that was published and committed is complete; nothing to rebuild.
        guard names.isSequenced || sequence == 0 else { return }
        try FileSystemCalls.remove(names.partial(sequence))
        if sequence > 0 { try FileSystemCalls.remove(names.journal(sequence - 1)) }
        if saved.fileRows > 0 {
            guard let schema = s.schema else {
                throw BatchError(.io, "\(settings.label): the saved state has rows but no schema")
            }
            if let size = FileSystemCalls.size(names.journal(sequence)), size >= saved.journalOffset {
                try replayJournal(saved, schema: schema, &s)
            } else if FileSystemCalls.exists(names.published(sequence)) {
                try replayPublished(saved, schema: schema, &s)
            } else {
                throw BatchError(.io, "\(settings.label): the \(saved.fileRows) committed rows of \(names.published(sequence)) "
                    + "are lost: its journal \(names.journal(sequence)) is missing or shorter than \(saved.journalOffset) bytes")
            }
            // The file now being rebuilt must not stay visible under its published name.
            try FileSystemCalls.remove(names.published(sequence))
            if names.isSequenced { try clear(from: sequence + 1) }
        } else {
            try clear(from: sequence)
        }
    }

    /// Cuts the journal back to the committed offset and replays its rows block by block.
    private func replayJournal(_ saved: ParquetWriterProgress, schema: ParquetSchema, _ s: inout State) throws {
        let path = settings.names.journal(saved.sequence)
        let journal = try FileSystemCalls.openForUpdate(path)
        s.journal = journal
        try FileSystemCalls.truncate(journal, to: saved.journalOffset, path: path)
        let writer = try makeWriter(saved.sequence, schema: schema)
        s.writer = writer
        let codec = RowJournalCodec(schema: schema)
        var pending: [UInt8] = []
        var position = 0
        var rows = 0
        while position < saved.journalOffset {
            let block = try FileSystemCalls.read(min(1 << 20, saved.journalOffset - position), at: position, from: journal, path: path)
            guard !block.isEmpty else { break }
            position += block.count
            pending.append(contentsOf: block)
            let decoded: (rows: [[ParquetValue]], end: Int)
            do { decoded = try codec.decode(pending, from: 0) } catch {
                throw BatchError(.io, "\(settings.label): the journal \(path) is corrupt: \(error.message)")
            }
            for row in decoded.rows {
                try feed(row, to: writer, rowsBefore: rows)
                rows += 1
            }
            pending.removeFirst(decoded.end)
        }
        guard pending.isEmpty, rows == saved.fileRows else {
            throw BatchError(.io, "\(settings.label): the journal \(path) holds \(rows) whole rows in \(saved.journalOffset) bytes, "
                + "but \(saved.fileRows) were committed")
        }
    }

    /// Rebuilds journal and temporary file from the first committed rows of a file published by
    /// a commit that did not happen (its content is deterministic, so those rows are the ones
    /// that were committed).
    private func replayPublished(_ saved: ParquetWriterProgress, schema: ParquetSchema, _ s: inout State) throws {
        let source = settings.names.published(saved.sequence)
        let path = settings.names.journal(saved.sequence)
        try FileSystemCalls.remove(path)
        let journal = try FileSystemCalls.openForUpdate(path)
        s.journal = journal
        let writer = try makeWriter(saved.sequence, schema: schema)
        s.writer = writer
        let codec = RowJournalCodec(schema: schema)
        var bytes: [UInt8] = []
        var offset = 0
        do {
            let reader = try ParquetReader(path: source)
            guard reader.schema == schema, reader.rowCount >= Int64(saved.fileRows) else {
                throw BatchError(.io, "\(settings.label): \(source) does not hold the \(saved.fileRows) committed rows to restart from")
            }
            var cursor = try reader.makeRowCursor()
            for index in 0..<saved.fileRows {
                guard let row = try cursor.next() else { break }
                codec.encode(row, into: &bytes)
                try feed(row, to: writer, rowsBefore: index)
                if bytes.count >= 1 << 20 || index == saved.fileRows - 1 {
                    try FileSystemCalls.write(bytes, at: offset, to: journal, path: path)
                    offset += bytes.count
                    bytes.removeAll(keepingCapacity: true)
                }
            }
        } catch let error as ParquetError {
            throw BatchError(.io, "\(settings.label): cannot read \(source) to restart from it: \(error)")
        }
        guard offset == saved.journalOffset else {
            throw BatchError(.io, "\(settings.label): \(source) does not match the committed journal length \(saved.journalOffset)")
        }
    }
}
