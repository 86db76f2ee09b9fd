import Sluice
import Synchronization

/// The exactly-once machinery shared by the file writers: buffers the encoded chunk in memory,
/// appends it to the file only when the engine asks for the state to commit
/// (``update(_:)``), and on restart cuts the file back to the last committed offset.
///
/// - `write`: a chunk of a new ``Sluice/Chunk/attempt`` first drops what an earlier (failed)
///   attempt buffered; writes of the same attempt (scan mode, item by item) add to the buffer.
///   An item that fails to encode is cut off the buffer again, so skipping it leaves no trace.
/// - `update`: writes the buffer (and the format's trailer) at the committed offset, optionally
///   `fsync`s, and saves the new ``WriterProgress`` in the context.
/// - `open`: with saved progress, truncates the file to exactly its offset (a shorter file is an
///   `io` error: it was changed behind the job's back); without, creates or empties the file,
///   or in append mode continues it.
/// - `close`: closes the file; anything not committed is dropped.
final class BufferedFileOutput<Format: OutputFormat>: Sendable {
    /// The file path.
    let path: String
    /// The prefix of the context keys.
    let name: String
    /// Whether a new run continues an existing file instead of emptying it.
    let append: Bool
    /// Whether each commit is flushed to the device with `fsync`.
    let sync: Bool
    /// The format's fixed opening and closing bytes.
    private let preamble: [UInt8]
    private let trailer: [UInt8]
    private let state: Mutex<State>

    private struct State: Sendable {
        var format: Format
        var file: OutputFile?
        /// What the file holds as of the last commit.
        var committed = WriterProgress(offset: 0)
        /// `committed` advanced by the buffered items.
        var pending = WriterProgress(offset: 0)
        /// The encoded items not yet committed.
        var buffer: [UInt8] = []
        /// The attempt whose items `buffer` holds.
        var attempt: Int?
    }

    /// Creates the output; nothing is opened before ``open(_:)``.
    init(path: String, name: String, append: Bool, sync: Bool, format: Format) {
        self.path = path
        self.name = name
        self.append = append
        self.sync = sync
        preamble = format.preamble
        trailer = format.trailer
        state = Mutex(State(format: format))
    }

    /// Encodes the chunk's records into the buffer (see the type's notes on attempts).
    func write(_ chunk: Chunk<Record>) throws {
        try state.withLock { s in
            if s.attempt != chunk.attempt {
                s.attempt = chunk.attempt
                s.buffer.removeAll(keepingCapacity: true)
                s.pending = s.committed
            }
            for record in chunk.items {
                let mark = s.buffer.count
                var progress = s.pending
                do {
                    try s.format.encode(record, progress: &progress, into: &s.buffer)
                } catch {
                    s.buffer.removeSubrange(mark...)
                    throw error
                }
                progress.items += 1
                s.pending = progress
            }
        }
    }

    /// Appends the buffered chunk and saves the new progress in `context`.
    func update(_ context: inout ExecutionContext) async throws {
        guard let (file, start) = state.withLock({ s in s.file.map { ($0, s.committed.offset) } }) else {
            throw BatchError(.io, "\(name): output file \(path) is not open (open must come before update)")
        }
        // Taken out whole (not copied), so the array stays uniquely owned and its capacity is
        // reused for the next chunk.
        var bytes = state.withLock { s in
            var taken: [UInt8] = []
            swap(&taken, &s.buffer)
            return taken
        }
        var progress = state.withLock { $0.pending }
        progress.offset = start + bytes.count
        if !bytes.isEmpty {
            bytes.append(contentsOf: trailer)
            bytes = try await file.write(bytes, at: start)
            if sync { try await file.sync() }
        }
        bytes.removeAll(keepingCapacity: true)
        state.withLock { [bytes] s in
            s.committed = progress
            s.pending = progress
            if s.buffer.isEmpty { s.buffer = bytes }
        }
        progress.save(in: &context, name: name)
    }

    /// Opens the file for a new run or a restart (see the type's notes).
    func open(_ context: ExecutionContext) async throws {
        try await close()
        let progress: WriterProgress
        let file: OutputFile
        if let saved = try WriterProgress(context, name: name) {
            (file, progress) = try await reopen(at: saved)
        } else if append {
            (file, progress) = try await continueFile()
        } else {
            let opened = try await OutputFile.open(path, truncate: true)
            file = opened.file
            try await file.write(preamble + trailer, at: 0)
            progress = WriterProgress(offset: preamble.count)
        }
        if sync { try await file.sync() }
        state.withLock { s in
            s.file = file
            s.committed = progress
            s.pending = progress
            s.buffer.removeAll(keepingCapacity: true)
            s.attempt = nil
        }
    }

    /// Closes the file, dropping any uncommitted items.
    func close() async throws {
        let file = state.withLock { s -> OutputFile? in
            defer {
                s.file = nil
                s.buffer = []
                s.attempt = nil
            }
            return s.file
        }
        try await file?.close()
    }

    /// Restart: cuts the file back to the committed offset and restores the trailer.
    private func reopen(at saved: WriterProgress) async throws -> (OutputFile, WriterProgress) {
        let (file, length) = try await OutputFile.open(path, truncate: false)
        guard length >= saved.offset else {
            try? await file.close()
            throw BatchError(.io, "\(name): output file \(path) has \(length) bytes but \(saved.offset) were committed; "
                + "it was changed or replaced outside the job, so the restart cannot continue it")
        }
        try await file.truncate(to: saved.offset)
        try await file.write(trailer, at: saved.offset)
        return (file, saved)
    }

    /// Append mode: continues an existing file, or starts an empty one.
    private func continueFile() async throws -> (OutputFile, WriterProgress) {
        let (file, length) = try await OutputFile.open(path, truncate: false)
        if length == 0 {
            try await file.write(preamble + trailer, at: 0)
            return (file, WriterProgress(offset: preamble.count))
        }
        let point: AppendPoint
        do {
            let tail = try await file.readTail(4096, endingAt: length)
            point = try state.withLock { try $0.format.appendPoint(tail: tail, length: length, path: path) }
        } catch {
            try? await file.close()
            throw error
        }
        try await file.truncate(to: point.offset)
        try await file.write(point.insert + trailer, at: point.offset)
        return (file, WriterProgress(offset: point.offset + point.insert.count, hasContent: point.hasContent))
    }
}
