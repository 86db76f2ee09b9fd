import Sluice

/// The mutable part of a file reader: the files, the open descriptor, the bytes read but not yet
/// consumed, the line count and the restart position. It never blocks: when it needs the file
/// system it returns an ``Action`` for the reader to carry out outside its lock.
struct FileReadState<Format: ReaderFormat>: Sendable {
    /// Work for the reader, outside the lock.
    enum Action: Sendable {
        /// `limit` records are buffered.
        case full
        /// Every file has been read.
        case end
        /// Open the file at `fileIndex`.
        case open(FileRequest)
        /// Read more bytes.
        case read(BlockRequest)
        /// Close a finished file, then continue.
        case close(Int32)
        /// Report a bad record (already consumed), after closing the file when it was given up.
        case failed(BatchError, closing: Int32?)
    }

    /// A file to open, with the offset a restart must find in it.
    struct FileRequest: Sendable {
        var generation: Int
        var path: String
        var resumeOffset: Int
    }

    /// A block to read at `offset`, appended to the unconsumed bytes `leftover`.
    struct BlockRequest: Sendable {
        var generation: Int
        var descriptor: Int32
        var path: String
        var offset: Int
        var count: Int
        var leftover: ArraySlice<UInt8>
    }

    var format: Format
    let files: [String]
    /// Bumped by every `open`, so that I/O started for an older state is ignored.
    let generation: Int
    private let blockSize: Int
    private(set) var fileIndex = 0
    private(set) var descriptor: Int32?
    /// Bytes from the file offset `bytesOffset`; those before `consumed` are used up.
    private var bytes: [UInt8] = []
    private var bytesOffset = 0
    private var consumed = 0
    /// Line breaks of the current file before `consumed`.
    private var line = 0
    /// The file offset where the line holding `consumed` starts (for columns in messages).
    private var lineStart = 0
    /// Whether `bytes` reaches the end of the file.
    private var atEnd = false
    /// A saved position still to be reached once the file's preamble is read.
    private var resume: ReadPosition?
    /// The position after the last record consumed, as `update` saves it.
    private(set) var position: ReadPosition?
    /// Records handed out since the start of the input.
    private var count = 0
    /// The largest capacity the byte buffer reached (for tests of flat memory use).
    private(set) var largestBuffer = 0

    /// A state before the first file, or at `saved` when the step is restarted.
    init(format: Format, files: [String], generation: Int, blockSize: Int, saved: ReadPosition?) {
        self.format = format
        self.files = files
        self.generation = generation
        self.blockSize = blockSize
        guard let saved else { return }
        position = saved
        count = saved.count
        fileIndex = saved.fileDone ? saved.fileIndex + 1 : saved.fileIndex
        if !saved.fileDone && saved.offset > 0 { resume = saved }
    }

    /// Parses buffered bytes into `out` until it holds `limit` records, or says what is needed.
    mutating func fill<Rows: ParsedRows>(_ out: inout Rows, limit: Int) -> Action {
        while true {
            guard let fd = descriptor else {
                guard fileIndex < files.count else { return .end }
                return .open(FileRequest(generation: generation, path: files[fileIndex], resumeOffset: resume?.offset ?? 0))
            }
            if out.rowCount >= limit { return .full }
            if let target = resume, !format.inPreamble { jump(to: target) }
            guard let step = parseRecords(into: &out, limit: limit) else { continue }
            switch step {
            case .item:
                continue
            case .batchEnds:
                return .full
            case .skip(let end, let lines):
                advance(to: end, lines: lines)
            case .failure(let failure):
                return reject(failure, descriptor: fd)
            case .needMore:
                return .read(BlockRequest(generation: generation, descriptor: fd, path: files[fileIndex],
                                          offset: bytesOffset + bytes.count, count: max(blockSize, bytes.count - consumed),
                                          leftover: bytes[consumed...]))
            case .endOfFile:
                finishFile()
                return .close(fd)
            }
        }
    }

    /// Hands out records while the format finds them; returns the first other step, or nil when
    /// `limit` is reached. One pass over the buffer with no per-record locking or copying.
    private mutating func parseRecords<Rows: ParsedRows>(into out: inout Rows, limit: Int) -> ParseStep? {
        let buffered = bytes
        let before = count
        let step = buffered.withUnsafeBufferPointer { window -> ParseStep? in
            while out.rowCount < limit {
                let run = out.parse(&format, window, at: consumed, atEnd: atEnd, limit: limit - out.rowCount)
                if run.rows > 0 {
                    advance(window, to: run.end, lines: run.lines)
                    count += run.rows
                }
                if let stop = run.stop { return stop }
            }
            return nil
        }
        if count != before { markPosition() }
        return step
    }

    /// Consumes a bad record and turns it into an error naming the file and line (and column,
    /// when the format knows where the fault is).
    private mutating func reject(_ failure: ParseFailure, descriptor fd: Int32) -> Action {
        let error = BatchError(.parse, "\(files[fileIndex]):\(faultLocation(failure.faultIndex)): \(failure.message)")
        advance(to: failure.end, lines: failure.lines)
        markPosition()
        guard failure.endsFile else { return .failed(error, closing: nil) }
        position?.fileDone = true
        finishFile()
        return .failed(error, closing: fd)
    }

    /// Gives up the file at `fileIndex` (it could not be opened), so the next read moves on.
    mutating func skipFile(generation: Int) {
        guard generation == self.generation, descriptor == nil, fileIndex < files.count else { return }
        position = ReadPosition(file: files[fileIndex], fileIndex: fileIndex, offset: 0, line: 0, count: count, fileDone: true)
        resume = nil
        fileIndex += 1
    }

    /// Starts reading an opened file; returns the descriptor when it is not wanted any more.
    mutating func install(file fd: Int32, for request: FileRequest) -> Int32? {
        guard request.generation == generation, descriptor == nil else { return fd }
        descriptor = fd
        bytes = []
        bytesOffset = 0
        consumed = 0
        line = 0
        lineStart = 0
        atEnd = false
        format.startFile()
        return nil
    }

    /// Appends a block read for `request`; a block that adds nothing marks the end of the file.
    mutating func install(block: [UInt8], for request: BlockRequest) {
        guard request.generation == generation, descriptor == request.descriptor,
            request.offset == bytesOffset + bytes.count
        else { return }
        bytesOffset += consumed
        consumed = 0
        atEnd = block.count == request.leftover.count
        bytes = block
        largestBuffer = max(largestBuffer, bytes.capacity)
        if bytesOffset == 0, bytes.starts(with: [0xEF, 0xBB, 0xBF]) { consumed = 3 }
    }

    /// Drops the buffer and returns the open descriptor, for `close`.
    mutating func release() -> Int32? {
        defer {
            descriptor = nil
            bytes = []
        }
        return descriptor
    }

    private mutating func advance(to end: Int, lines: Int) {
        bytes.withUnsafeBufferPointer { window in advance(window, to: end, lines: lines) }
    }

    /// Consumes the bytes up to `end`, which hold `lines` line breaks.
    @inline(__always)
    private mutating func advance(_ window: UnsafeBufferPointer<UInt8>, to end: Int, lines: Int) {
        if lines > 0 {
            var j = end - 1
            while j > consumed && window[j] != 0x0A { j -= 1 }
            lineStart = bytesOffset + j + 1
        }
        consumed = end
        line += lines
    }

    /// `line` or `line:column` of a fault at `index` (or of the record start).
    private func faultLocation(_ index: Int?) -> String {
        guard let index else { return String(line + 1) }
        return bytes.withUnsafeBufferPointer { window in
            let end = min(index, window.count)
            var breaks = 0
            var start = lineStart
            for j in consumed..<max(consumed, end) where window[j] == 0x0A {
                breaks += 1
                start = bytesOffset + j + 1
            }
            return "\(line + 1 + breaks):\(bytesOffset + index - start + 1)"
        }
    }

    private mutating func markPosition() {
        position = ReadPosition(file: files[fileIndex], fileIndex: fileIndex, offset: bytesOffset + consumed, line: line, count: count)
    }

    private mutating func finishFile() {
        descriptor = nil
        bytes = []
        bytesOffset = 0
        consumed = 0
        fileIndex += 1
    }

    /// Moves to a saved position once the preamble has been read again.
    private mutating func jump(to target: ReadPosition) {
        resume = nil
        let local = target.offset - bytesOffset
        if local >= consumed && local <= bytes.count {
            consumed = local
        } else {
            bytes = []
            bytesOffset = target.offset
            consumed = 0
            atEnd = false
        }
        line = target.line
        lineStart = target.offset
        format.resumeAfterRecord()
    }
}

/// What ``FileReadState`` fills: an array of records, or a ``Sluice/RecordBatch``.
protocol ParsedRows {
    /// The rows held.
    var rowCount: Int { get }
    /// Lets `format` parse up to `limit` records at `start` and keeps them.
    mutating func parse<Format: ReaderFormat>(_ format: inout Format, _ bytes: UnsafeBufferPointer<UInt8>, at start: Int, atEnd: Bool,
                                              limit: Int) -> ParsedRun
}

extension Array: ParsedRows where Element == Record {
    var rowCount: Int { count }

    /// One record per call: the format builds it.
    @inline(__always)
    mutating func parse<Format: ReaderFormat>(_ format: inout Format, _ bytes: UnsafeBufferPointer<UInt8>, at start: Int, atEnd: Bool,
                                              limit: Int) -> ParsedRun {
        var run = ParsedRun(end: start)
        let step = format.next(bytes, at: start, atEnd: atEnd)
        guard case .item(let record, let end, let lines) = step else {
            run.stop = step
            return run
        }
        append(record)
        run.add(end: end, lines: lines)
        return run
    }
}

extension RecordBatch: ParsedRows {
    var rowCount: Int { count }

    @inline(__always)
    mutating func parse<Format: ReaderFormat>(_ format: inout Format, _ bytes: UnsafeBufferPointer<UInt8>, at start: Int, atEnd: Bool,
                                              limit: Int) -> ParsedRun {
        format.nextRows(bytes, at: start, atEnd: atEnd, limit: limit, into: &self)
    }
}
