import Sluice
import Synchronization

/// The engine shared by the file readers: expands the path, opens the files in order, reads them
/// in large blocks off the cooperative pool, lets a ``ReaderFormat`` cut the bytes into records,
/// and saves and restores the position after the last record consumed.
///
/// Memory stays flat whatever the file size: the reader holds one block (1 MiB by default) plus
/// the unfinished record at its end; a record longer than a block grows the buffer to its size.
/// Reads must not run concurrently (the chunk engine reads one chunk at a time).
final class FileRecordReader<Format: ReaderFormat>: Sendable {
    /// The path or glob, resolved.
    let pattern: PathPattern
    /// The prefix of the restart state in the step context.
    let name: String
    /// How messages name the reader, such as `csv reader`.
    let kind: String
    private let prototype: Format
    private let blockSize: Int
    private let state: Mutex<FileReadState<Format>>
    /// Bytes in the files before each file of the input (and the total last), for progress.
    private let sizesBefore = Mutex<[Int]>([])

    /// A reader of the files `pattern` selects, parsed by `format`.
    init(pattern: PathPattern, format: Format, name: String, kind: String, blockSize: Int = 1 << 20) throws {
        guard !name.isEmpty else { throw BatchError(.validation, "\(kind): the name (the prefix of its restart state) is empty") }
        guard !pattern.text.isEmpty else { throw BatchError(.validation, "\(kind) '\(name)': the path is empty") }
        self.pattern = pattern
        self.name = name
        self.kind = kind
        self.blockSize = max(blockSize, 16)
        prototype = format
        state = Mutex(FileReadState(format: format, files: [], generation: 0, blockSize: self.blockSize, saved: nil))
    }

    /// Expands the path and starts at the beginning, or at the position saved in `context`.
    func open(_ context: ExecutionContext) async throws {
        let pattern = self.pattern
        let files: [String]
        let saved: ReadPosition?
        do {
            files = try await BlockingIO.run { try pattern.files() }
            let sizes = await BlockingIO.fileSizes(files)
            sizesBefore.withLock { $0 = sizes.reduce(into: [0]) { $0.append($0[$0.count - 1] + $1) } }
            saved = try ReadPosition.load(from: context, prefix: name, files: files)
        } catch let error as BatchError {
            throw BatchError(error.category, "\(kind) '\(name)': \(error.message)")
        }
        let previous = state.withLock { s -> Int32? in
            let fd = s.release()
            s = FileReadState(format: prototype, files: files, generation: s.generation + 1, blockSize: blockSize, saved: saved)
            return fd
        }
        if let previous { try await BlockingIO.run { InputFile.close(previous) } }
    }

    /// Saves the position after the last record consumed, and the bytes read of the total
    /// (``Sluice/StepProgress``) for progress displays.
    func update(_ context: inout ExecutionContext) {
        guard let position = state.withLock({ $0.position }) else { return }
        position.save(into: &context, prefix: name)
        let offsets = sizesBefore.withLock { $0 }
        if let total = offsets.last, total > 0, offsets.indices.contains(position.fileIndex) {
            StepProgress.record(done: min(total, offsets[position.fileIndex] + position.offset), total: total, in: &context)
        }
    }

    /// Closes the open file and drops the buffer.
    func close() async throws {
        if let fd = state.withLock({ $0.release() }) { try await BlockingIO.run { InputFile.close(fd) } }
    }

    /// The next record, or nil after the last file.
    func read() async throws -> Record? {
        var one: [Record] = []
        _ = try await read(into: &one, limit: 1)
        return one.first
    }

    /// Appends records until `buffer` holds `limit` (or, for a batch, the field names change) or
    /// the files end; false at the end.
    func read<Rows: ParsedRows & Sendable>(into buffer: inout Rows, limit: Int) async throws -> Bool {
        while true {
            switch state.withLock({ $0.fill(&buffer, limit: limit) }) {
            case .full: return true
            case .end: return false
            case .open(let request): try await openFile(request)
            case .read(let request): try await readBlock(request)
            case .close(let fd): try await BlockingIO.run { InputFile.close(fd) }
            case .failed(let error, let fd):
                if let fd { try await BlockingIO.run { InputFile.close(fd) } }
                throw error
            }
        }
    }

    /// Opens the next file; when it cannot be opened it is passed over, so that a skipped error
    /// moves on to the following file.
    private func openFile(_ request: FileReadState<Format>.FileRequest) async throws {
        let fd: Int32
        do {
            fd = try await BlockingIO.run {
                let fd = try InputFile.open(request.path)
                guard request.resumeOffset > 0 else { return fd }
                do {
                    let size = try InputFile.size(fd, path: request.path)
                    guard size >= request.resumeOffset else {
                        throw BatchError(.io, "'\(request.path)' has \(size) bytes, fewer than the saved position \(request.resumeOffset): the file changed since the last run")
                    }
                } catch {
                    InputFile.close(fd)
                    throw error
                }
                return fd
            }
        } catch let error as BatchError {
            state.withLock { $0.skipFile(generation: request.generation) }
            throw BatchError(error.category, "\(kind) '\(name)': \(error.message)")
        }
        if let unwanted = state.withLock({ $0.install(file: fd, for: request) }) {
            try await BlockingIO.run { InputFile.close(unwanted) }
        }
    }

    private func readBlock(_ request: FileReadState<Format>.BlockRequest) async throws {
        let block = try await BlockingIO.run {
            try InputFile.read(request.descriptor, at: request.offset, count: request.count, after: request.leftover, path: request.path)
        }
        state.withLock { $0.install(block: block, for: request) }
    }

    // MARK: Test hooks

    /// The largest capacity the byte buffer reached since ``open(_:)``.
    var largestBuffer: Int { state.withLock { $0.largestBuffer } }
    /// The files found by the last ``open(_:)``.
    var files: [String] { state.withLock { $0.files } }
}
