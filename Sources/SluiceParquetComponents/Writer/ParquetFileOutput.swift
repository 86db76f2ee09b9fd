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
        /// The partition columns (`partition-by`), empty for one unpartitioned output.
        var partitionBy: [String] = []
        /// The most partitions one step may write to.
        var maxOpenPartitions = 100

        /// Whether records are routed to partition directories.
        var isPartitioned: Bool { !partitionBy.isEmpty }
    }

    /// The files of one partition (the unpartitioned output is the partition `""`).
    private struct Partition {
        /// The output names inside the partition directory.
        var names: ParquetOutputNames
        var progress = ParquetWriterProgress()
        /// The open temporary file of `progress.sequence`, created with its first row.
        var writer: ParquetWriter?
        var journal: FileHandle?
    }

    let settings: Settings
    private let state: Mutex<State>

    private struct State {
        /// The schema in force (declared, or inferred by a committed chunk).
        var schema: ParquetSchema?
        /// A schema inferred by the current attempt, committed with it.
        var pendingSchema: ParquetSchema?
        var attempt: Int?
        /// The rows of the current attempt, not yet committed, in typed column buffers per
        /// partition directory (`""` when unpartitioned).
        var buffer: [String: ParquetColumnBatch] = [:]
        /// The partitions of `buffer` in order of first appearance.
        var bufferOrder: [String] = []
        /// Every partition of the step, by directory; all stay until `complete` publishes them.
        var partitions: [String: Partition] = [:]
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
            try begin(chunk.attempt, &s)
            guard !chunk.items.isEmpty else { return }
            let paths = ParquetPartitionPath(columns: settings.partitionBy)
            let records = settings.isPartitioned ? chunk.items.map(paths.stripped) : chunk.items
            let schema = try schema(for: records, &s)
            var encoder = ParquetRowEncoder(schema: schema, label: settings.label)
            guard settings.isPartitioned else {
                return try appendUnpartitioned(schema, &s) { batch in
                    for record in records { try encoder.append(record, to: &batch) }
                }
            }
            var order: [String] = []
            var batches: [String: ParquetColumnBatch] = [:]
            for (record, original) in zip(records, chunk.items) {
                let key = paths.directory(of: original)
                if batches[key] == nil {
                    order.append(key)
                    batches[key] = ParquetColumnBatch(columns: schema.columns)
                }
                try encoder.append(record, to: &batches[key]!)
            }
            var open = Set(s.partitions.keys)
            open.formUnion(s.bufferOrder)
            open.formUnion(order)
            if open.count > settings.maxOpenPartitions {
                throw BatchError(.validation, "\(settings.label): the records need \(open.count) partitions, more than "
                    + "'max-open-partitions' (\(settings.maxOpenPartitions)); raise the limit or partition more coarsely")
            }
            for key in order {
                let batch = batches[key]!
                if s.buffer[key] == nil {
                    s.bufferOrder.append(key)
                    s.buffer[key] = batch
                } else {
                    s.buffer[key]!.append(contentsOf: batch, rows: 0..<batch.rowCount)
                }
            }
        }
    }

    /// Buffers the rows of a columnar chunk, straight from its typed columns when unpartitioned.
    func write(_ rows: RecordBatch, attempt: Int) throws {
        guard !settings.isPartitioned else { return try write(Chunk(rows.records, attempt: attempt)) }
        try state.withLock { s in
            try begin(attempt, &s)
            guard !rows.isEmpty else { return }
            let schema = try schema(for: rows.records, &s)
            var encoder = ParquetRowEncoder(schema: schema, label: settings.label)
            try appendUnpartitioned(schema, &s) { batch in try encoder.append(rows, to: &batch) }
        }
    }

    /// Checks that the output is open, and starts a new buffer for a new write attempt.
    private func begin(_ attempt: Int, _ s: inout State) throws {
        guard s.isOpen else { throw BatchError(.io, "\(settings.label): not open (open must come before write)") }
        guard s.attempt != attempt else { return }
        s.attempt = attempt
        s.buffer = [:]
        s.bufferOrder = []
        s.pendingSchema = nil
    }

    /// The schema in force, or one inferred from `records` (committed with the attempt).
    private func schema(for records: @autoclosure () -> [Record], _ s: inout State) throws -> ParquetSchema {
        if let known = s.schema ?? s.pendingSchema { return known }
        guard let inferred = try ParquetSchemaInference.schema(for: records(), label: settings.label) else {
            throw BatchError(.validation, "\(settings.label): the first chunk's records have no fields, "
                + "so no schema can be inferred; declare 'columns'")
        }
        s.pendingSchema = inferred
        return inferred
    }

    /// Appends rows to the attempt's single buffer with `append`; when it throws, the chunk's
    /// rows are taken back out.
    private func appendUnpartitioned(_ schema: ParquetSchema, _ s: inout State,
                                     _ append: (inout ParquetColumnBatch) throws -> Void) throws {
        var batch = s.buffer.removeValue(forKey: "").flatMap { $0.columns == schema.columns ? $0 : nil }
            ?? ParquetColumnBatch(columns: schema.columns)
        let start = batch.rowCount
        defer {
            s.buffer[""] = batch
            s.bufferOrder = [""]
        }
        do {
            try append(&batch)
        } catch {
            batch.removeRows(from: start)
            throw error
        }
    }

    /// Commits the buffered rows (journal, temporary file, publishing full files) and saves the
    /// progress in `context`.
    func update(_ context: inout ExecutionContext) async throws {
        let (progress, schema) = try await BlockingIO.run {
            try self.state.withLock { s in
                try self.commit(&s)
                return (s.partitions.mapValues(\.progress), s.schema)
            }
        }
        try save(progress, schema: schema, in: &context)
    }

    /// Saves the progress: the single-file keys, or `<name>.partitions` when partitioned.
    private func save(_ progress: [String: ParquetWriterProgress], schema: ParquetSchema?, in context: inout ExecutionContext) throws {
        if settings.isPartitioned {
            try ParquetWriterProgress.save(partitions: progress, in: &context, name: settings.name, schema: schema)
        } else {
            try (progress[""] ?? ParquetWriterProgress()).save(in: &context, name: settings.name, schema: schema)
        }
    }

    /// Publishes the current file (or an empty file when nothing was published and the schema
    /// is known) and saves the progress.
    func complete(_ context: inout ExecutionContext) async throws {
        let (progress, schema) = try await BlockingIO.run {
            try self.state.withLock { s in
                try self.commit(&s)
                if let schema = s.schema {
                    try self.guarded(&s) { s in
                        for key in s.partitions.keys.sorted() {
                            try self.withPartition(key, &s) { p in
                                // The unpartitioned output publishes an empty file when it has no rows at all.
                                if p.progress.fileRows > 0 || (!self.settings.isPartitioned && p.progress.published == 0) {
                                    try self.publish(&p, schema: schema)
                                }
                            }
                        }
                    }
                }
                return (s.partitions.mapValues(\.progress), s.schema)
            }
        }
        try save(progress, schema: schema, in: &context)
    }

    /// Opens for a fresh run (clearing what an earlier run left under the output names) or, with
    /// saved progress, for a restart (rebuilding the temporary file from the committed rows).
    func open(_ context: ExecutionContext) async throws {
        try await close()
        let saved = try loadProgress(context)
        try await BlockingIO.run {
            try self.state.withLock { s in
                s = State(schema: self.settings.declared)
                if self.settings.isPartitioned {
                    // Partitions on disk but not in the saved state: an earlier run's, or opened
                    // by a commit that did not happen. Their files go, as for a fresh single file.
                    for key in try self.partitionsOnDisk() where saved?.0[key] == nil {
                        try self.clear(self.settings.names.inside(key), from: 0)
                    }
                }
                if let (progress, schema) = saved {
                    if let declared = self.settings.declared, let schema, declared != schema {
                        throw BatchError(.validation, "\(self.settings.label): 'columns' differ from those of the run being restarted")
                    }
                    s.schema = self.settings.declared ?? schema
                    for (key, saved) in progress {
                        var partition = Partition(names: self.settings.names.inside(key))
                        defer { s.partitions[key] = partition }
                        try self.createDirectory(partition.names)
                        try self.recover(saved, schema: s.schema, &partition)
                    }
                } else if !self.settings.isPartitioned {
                    let partition = Partition(names: self.settings.names)
                    try self.createDirectory(partition.names)
                    try self.clear(partition.names, from: 0)
                    s.partitions[""] = partition
                }
                s.isOpen = true
            }
        }
    }

    /// The relative directories under the output directory that are partitions of this writer's
    /// `partition-by` columns (`k=…/n=…`).
    private func partitionsOnDisk() throws -> [String] {
        let base = (settings.names.pattern as NSString).deletingLastPathComponent
        var keys = [""]
        for column in settings.partitionBy {
            let prefix = ParquetPartitionPath.escape(column) + "="
            var next: [String] = []
            for key in keys {
                let directory = [base, key].filter { !$0.isEmpty }.joined(separator: "/")
                let entries = (try? FileManager.default.contentsOfDirectory(atPath: directory.isEmpty ? "." : directory)) ?? []
                for entry in entries.sorted() where entry.hasPrefix(prefix) {
                    var isDirectory: ObjCBool = false
                    let path = directory.isEmpty ? entry : directory + "/" + entry
                    if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                        next.append(key.isEmpty ? entry : key + "/" + entry)
                    }
                }
            }
            keys = next
        }
        return keys
    }

    /// The saved progress by partition directory and the saved schema, nil for a fresh start.
    /// State saved by a writer with other `partition-by` columns is a `validation` error.
    private func loadProgress(_ context: ExecutionContext) throws -> ([String: ParquetWriterProgress], ParquetSchema?)? {
        let single = try ParquetWriterProgress.load(context, name: settings.name)
        let partitioned = try ParquetWriterProgress.loadPartitions(context, name: settings.name)
        let mismatch = BatchError(.validation, "\(settings.label): 'partition-by' differs from that of the run being restarted")
        guard settings.isPartitioned else {
            if partitioned != nil { throw mismatch }
            return single.map { (["": $0.0], $0.1) }
        }
        if single != nil { throw mismatch }
        guard let (progress, schema) = partitioned else { return nil }
        let prefixes = settings.partitionBy.map { ParquetPartitionPath.escape($0) + "=" }
        for key in progress.keys {
            let parts = key.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == prefixes.count, zip(parts, prefixes).allSatisfy({ $0.hasPrefix($1) }) else { throw mismatch }
        }
        return (progress, schema)
    }

    /// Closes the files; uncommitted rows are dropped, and an unpublished temporary file stays
    /// for the next ``open(_:)`` to rebuild.
    func close() async throws {
        try await BlockingIO.run {
            self.state.withLock { s in
                for key in s.partitions.keys {
                    try? s.partitions[key]?.journal?.close()
                    s.partitions[key]?.journal = nil
                    s.partitions[key]?.writer = nil
                }
                s.buffer = [:]
                s.bufferOrder = []
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
        var buffered = s.buffer
        let order = s.bufferOrder
        s.buffer = [:]
        s.bufferOrder = []
        s.attempt = nil
        defer {
            // The single output's buffers are kept, emptied, for the next chunk (no regrowing).
            if !settings.isPartitioned, var batch = buffered.removeValue(forKey: "") {
                batch.removeAll()
                s.buffer[""] = batch
            }
        }
        guard let schema = s.schema, !order.isEmpty else { return }
        try guarded(&s) { s in
            for key in order {
                guard let batch = buffered[key], batch.rowCount > 0 else { continue }
                if s.partitions[key] == nil {
                    // A partition new to this step: clear what an earlier run left in it.
                    let partition = Partition(names: settings.names.inside(key))
                    try createDirectory(partition.names)
                    try clear(partition.names, from: 0)
                    s.partitions[key] = partition
                }
                try withPartition(key, &s) { p in
                    var index = 0
                    while index < batch.rowCount {
                        let room = settings.maxRowsPerFile.map { $0 - p.progress.fileRows } ?? batch.rowCount
                        let end = index + min(room, batch.rowCount - index)
                        try append(batch, rows: index..<end, schema: schema, &p)
                        index = end
                        if let limit = settings.maxRowsPerFile, p.progress.fileRows >= limit { try publish(&p, schema: schema) }
                    }
                }
            }
        }
    }

    /// Runs `body` on the partition `key` (which must exist), storing it back even when `body` throws.
    private func withPartition(_ key: String, _ s: inout State, _ body: (inout Partition) throws -> Void) throws {
        guard var partition = s.partitions[key] else { return }
        defer { s.partitions[key] = partition }
        try body(&partition)
    }

    /// Runs `body`; if it throws, marks the state failed so no later commit builds on half-done work.
    private func guarded(_ s: inout State, _ body: (inout State) throws -> Void) throws {
        do { try body(&s) } catch {
            s.failure = "\(error)"
            throw error
        }
    }

    /// Journals rows `rows` of `batch`, then feeds them to the temporary file.
    private func append(_ batch: ParquetColumnBatch, rows: Range<Int>, schema: ParquetSchema, _ p: inout Partition) throws {
        let (writer, journal) = try openFile(&p, schema: schema)
        var bytes: [UInt8] = []
        RowJournalCodec.encode(batch, rows: rows, into: &bytes)
        try FileSystemCalls.write(bytes, at: p.progress.journalOffset, to: journal, path: p.names.journal(p.progress.sequence))
        p.progress.journalOffset += bytes.count
        try feed(batch, rows: rows, to: writer, rowsBefore: p.progress.fileRows)
        p.progress.fileRows += rows.count
        p.progress.totalRows += rows.count
    }

    /// Appends rows of `batch` to the temporary file (which holds `rowsBefore` rows), closing a
    /// row group every `rowGroupSize` rows.
    private func feed(_ batch: ParquetColumnBatch, rows: Range<Int>, to writer: ParquetWriter, rowsBefore: Int) throws {
        var start = rows.lowerBound
        var written = rowsBefore
        do {
            while start < rows.upperBound {
                let end = min(rows.upperBound, start + settings.rowGroupSize - written % settings.rowGroupSize)
                try writer.append(batch, rows: start..<end)
                written += end - start
                start = end
                if written % settings.rowGroupSize == 0 { try writer.flushRowGroup() }
            }
        } catch let error as ParquetError {
            throw BatchError(.io, "\(settings.label): cannot append a row to the temporary file: \(error)")
        }
    }

    /// The temporary file and journal of the current sequence, created when missing.
    private func openFile(_ p: inout Partition, schema: ParquetSchema) throws -> (ParquetWriter, FileHandle) {
        if let writer = p.writer, let journal = p.journal { return (writer, journal) }
        let sequence = p.progress.sequence
        let writer = try makeWriter(p.names, sequence, schema: schema)
        let journal = try FileSystemCalls.openForUpdate(p.names.journal(sequence))
        try FileSystemCalls.truncate(journal, to: p.progress.journalOffset, path: p.names.journal(sequence))
        p.writer = writer
        p.journal = journal
        return (writer, journal)
    }

    private func makeWriter(_ names: ParquetOutputNames, _ sequence: Int, schema: ParquetSchema) throws -> ParquetWriter {
        let path = names.partial(sequence)
        try FileSystemCalls.remove(path)
        do {
            return try ParquetWriter(path: path, schema: schema, options: settings.options)
        } catch let error as ParquetError {
            throw BatchError(.io, "\(settings.label): cannot create \(path): \(error)")
        }
    }

    /// Closes the temporary file (footer), renames it to its published name, drops its journal
    /// and moves on to the next sequence number.
    private func publish(_ p: inout Partition, schema: ParquetSchema) throws {
        let sequence = p.progress.sequence
        let writer = try p.writer ?? makeWriter(p.names, sequence, schema: schema)
        p.writer = nil
        do { try writer.close() } catch let error as ParquetError {
            throw BatchError(.io, "\(settings.label): cannot finish \(p.names.partial(sequence)): \(error)")
        }
        try FileSystemCalls.rename(p.names.partial(sequence), to: p.names.published(sequence))
        try? p.journal?.close()
        p.journal = nil
        try FileSystemCalls.remove(p.names.journal(sequence))
        p.progress.sequence += 1
        p.progress.fileRows = 0
        p.progress.journalOffset = 0
        p.progress.published += 1
    }

    // MARK: Open

    private func createDirectory(_ names: ParquetOutputNames) throws {
        let directory = (names.published(0) as NSString).deletingLastPathComponent
        guard !directory.isEmpty else { return }
        do { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) } catch {
            throw BatchError(.io, "\(settings.label): cannot create the directory \(directory): \(error)")
        }
    }

    /// Removes the published, temporary and journal files of `sequence` and every later one
    /// that exists (the outputs of an earlier run, or publishes whose commit did not happen).
    private func clear(_ names: ParquetOutputNames, from sequence: Int) throws {
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
    private func recover(_ saved: ParquetWriterProgress, schema: ParquetSchema?, _ p: inout Partition) throws {
        p.progress = saved
        let names = p.names
        let sequence = saved.sequence
        // A single file that was published and committed is complete; nothing to rebuild.
        guard names.isSequenced || sequence == 0 else { return }
        try FileSystemCalls.remove(names.partial(sequence))
        if sequence > 0 { try FileSystemCalls.remove(names.journal(sequence - 1)) }
        if saved.fileRows > 0 {
            guard let schema else {
                throw BatchError(.io, "\(settings.label): the saved state has rows but no schema")
            }
            let journalPath = names.journal(sequence)
            let journal = FileSystemCalls.exists(journalPath) ? try FileSystemCalls.openForUpdate(journalPath) : nil
            let frames = try journal.flatMap { try committedFrames($0, journalPath, rows: saved.fileRows) }
            if let journal, let frames {
                try replayJournal(journal, frames, saved: saved, schema: schema, &p)
            } else if FileSystemCalls.exists(names.published(sequence)) {
                try? journal?.close()
                try replayPublished(saved, schema: schema, &p)
            } else {
                try? journal?.close()
                throw BatchError(.io, "\(settings.label): the \(saved.fileRows) committed rows of \(names.published(sequence)) "
                    + "are lost: its journal \(journalPath) is missing or holds fewer rows")
            }
            // The file now being rebuilt must not stay visible under its published name.
            try FileSystemCalls.remove(names.published(sequence))
            if names.isSequenced { try clear(names, from: sequence + 1) }
        } else {
            try clear(names, from: sequence)
        }
    }

    /// The headers of the journal's frames up to the one that brings it to `rows` rows, nil
    /// when it holds fewer (a publish removed it half-way, or it was cut). A frame that passes
    /// `rows`, or bytes that are no frame, mean the journal does not match the saved state.
    private func committedFrames(_ journal: FileHandle, _ path: String, rows: Int) throws -> [RowJournalCodec.Header]? {
        let size = FileSystemCalls.size(path) ?? 0
        var frames: [RowJournalCodec.Header] = []
        var offset = 0
        var found = 0
        while found < rows {
            let bytes = try FileSystemCalls.read(RowJournalCodec.scanSize, at: offset, from: journal, path: path)
            let header: RowJournalCodec.Header?
            do { header = try RowJournalCodec.header(bytes, at: offset) } catch {
                throw BatchError(.io, "\(settings.label): the journal \(path) is corrupt: \(error.message)")
            }
            guard let header, size - offset >= header.frameLength else { return nil }
            found += header.rows
            offset += header.frameLength
            frames.append(header)
        }
        guard found == rows else {
            throw BatchError(.io, "\(settings.label): the journal \(path) has no frame ending at the \(rows) committed rows")
        }
        return frames
    }

    /// Cuts the journal after the committed `frames` and replays them one by one (one commit's
    /// rows at a time: bounded memory).
    private func replayJournal(_ journal: FileHandle, _ frames: [RowJournalCodec.Header], saved: ParquetWriterProgress,
                               schema: ParquetSchema, _ p: inout Partition) throws {
        let path = p.names.journal(saved.sequence)
        p.journal = journal
        let committed = frames.reduce(0) { $0 + $1.frameLength }
        try FileSystemCalls.truncate(journal, to: committed, path: path)
        p.progress.journalOffset = committed
        let writer = try makeWriter(p.names, saved.sequence, schema: schema)
        p.writer = writer
        var batch = ParquetColumnBatch(columns: schema.columns)
        var offset = 0
        var rows = 0
        for frame in frames {
            let block = try FileSystemCalls.read(frame.blockLength, at: offset + RowJournalCodec.headerSize, from: journal, path: path)
            batch.removeAll()
            do throws(ValueProblem) {
                guard block.count == frame.blockLength else { throw ValueProblem("the frame at byte \(offset) is cut short") }
                try RowJournalCodec.decode(block: block, at: offset, into: &batch)
                guard batch.rowCount == frame.rows else { throw ValueProblem("the frame at byte \(offset) holds another row count") }
            } catch {
                throw BatchError(.io, "\(settings.label): the journal \(path) is corrupt: \(error.message)")
            }
            try feed(batch, rows: 0..<batch.rowCount, to: writer, rowsBefore: rows)
            rows += batch.rowCount
            offset += frame.frameLength
        }
    }

    /// Rebuilds journal and temporary file from the first committed rows of a file published by
    /// a commit that did not happen (its content is deterministic, so those rows are the ones
    /// that were committed).
    private func replayPublished(_ saved: ParquetWriterProgress, schema: ParquetSchema, _ p: inout Partition) throws {
        let source = p.names.published(saved.sequence)
        let path = p.names.journal(saved.sequence)
        try FileSystemCalls.remove(path)
        let journal = try FileSystemCalls.openForUpdate(path)
        p.journal = journal
        let writer = try makeWriter(p.names, saved.sequence, schema: schema)
        p.writer = writer
        var offset = 0
        var fed = 0
        do {
            let reader = try ParquetReader(path: source)
            guard reader.schema == schema, reader.rowCount >= Int64(saved.fileRows) else {
                throw BatchError(.io, "\(settings.label): \(source) does not hold the \(saved.fileRows) committed rows to restart from")
            }
            var cursor = try reader.makeRowCursor()
            var batch = ParquetColumnBatch(columns: schema.columns)
            var bytes: [UInt8] = []
            while fed < saved.fileRows {
                guard let row = try cursor.next() else { break }
                try batch.append(row: row)
                guard batch.rowCount == 8_192 || fed + batch.rowCount == saved.fileRows else { continue }
                bytes.removeAll(keepingCapacity: true)
                RowJournalCodec.encode(batch, rows: 0..<batch.rowCount, into: &bytes)
                try FileSystemCalls.write(bytes, at: offset, to: journal, path: path)
                offset += bytes.count
                try feed(batch, rows: 0..<batch.rowCount, to: writer, rowsBefore: fed)
                fed += batch.rowCount
                batch.removeAll()
            }
        } catch let error as ParquetError {
            throw BatchError(.io, "\(settings.label): cannot read \(source) to restart from it: \(error)")
        }
        guard fed == saved.fileRows else {
            throw BatchError(.io, "\(settings.label): \(source) ended before the \(saved.fileRows) committed rows")
        }
        p.progress.journalOffset = offset
    }
}
