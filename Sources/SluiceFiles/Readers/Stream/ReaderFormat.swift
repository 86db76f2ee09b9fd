import Sluice

/// A file format as the shared file reader drives it: a parser that turns the bytes at the read
/// position into the next record, keeping whatever per-file state it needs (a header, the
/// position inside a JSON array).
///
/// The reader owns the bytes, the files and the restart position; the format only looks at a
/// window of bytes and says how far its record reached, so every format streams and restarts
/// the same way.
protocol ReaderFormat: Sendable {
    /// Forgets the state of the previous file; the next bytes are the first of a new file
    /// (after its byte order mark).
    mutating func startFile()
    /// Whether the format is still reading the part of a file before its first record (skipped
    /// lines, a header, the `[` of an array).
    var inPreamble: Bool { get }
    /// Continues in the current file right after a record, at a position saved by an earlier
    /// run; called once the preamble has been read again.
    mutating func resumeAfterRecord()
    /// Parses at `bytes[start...]`. `atEnd` says that no bytes follow `bytes`: a format must then
    /// not answer ``ParseStep/needMore``.
    mutating func next(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, atEnd: Bool) -> ParseStep
    /// Parses up to `limit` records at `bytes[start...]` straight into `batch`: says how many it
    /// appended, where they end, and what stopped it — another step, or
    /// ``ParseStep/batchEnds`` (consuming nothing) at a record with other field names than the
    /// rows already in `batch`.
    mutating func nextRows(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, atEnd: Bool, limit: Int,
                           into batch: inout RecordBatch) -> ParsedRun
}

extension ReaderFormat {
    /// Builds a record at a time and appends it: formats without a columnar parse of their own.
    mutating func nextRows(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, atEnd: Bool, limit: Int,
                           into batch: inout RecordBatch) -> ParsedRun {
        var run = ParsedRun(end: start)
        while run.rows < limit {
            var copy = self
            let step = copy.next(bytes, at: run.end, atEnd: atEnd)
            guard case .item(let record, let end, let lines) = step else {
                self = copy
                run.stop = step
                return run
            }
            guard batch.isEmpty || batch.names == record.names else {
                run.stop = .batchEnds
                return run
            }
            self = copy
            batch.append(record)
            run.add(end: end, lines: lines)
        }
        return run
    }
}

/// What ``ReaderFormat/nextRows(_:at:atEnd:limit:into:)`` appended: `rows` records ending before
/// index `end` and spanning `lines` line breaks, and the step that stopped it (nil: the limit).
struct ParsedRun {
    var rows = 0
    var end: Int
    var lines = 0
    var stop: ParseStep?

    /// Counts one more record, ending before `end` with `lines` line breaks.
    @inline(__always)
    mutating func add(end: Int, lines: Int) {
        rows += 1
        self.end = end
        self.lines += lines
    }
}

/// What a format made of the bytes at the read position.
enum ParseStep {
    /// A record that ends before index `end` and spans `lines` line breaks.
    case item(Record, end: Int, lines: Int)
    /// The record at the read position has other field names than the rows of the batch being
    /// filled: nothing is consumed and the batch ends.
    case batchEnds
    /// Bytes without a record (a header, a blank line, a separator), consumed up to `end`.
    case skip(end: Int, lines: Int)
    /// A bad record, consumed so that the next read moves on.
    case failure(ParseFailure)
    /// The bytes end inside a record: more are needed.
    case needMore
    /// The file holds no further record.
    case endOfFile
}

/// A record that could not be parsed, and how much of the input it used up.
struct ParseFailure {
    /// What is wrong, without the file and line (the reader adds them).
    var message: String
    /// The bytes are consumed up to this index.
    var end: Int
    /// The line breaks consumed.
    var lines: Int
    /// The index of the fault in the bytes, when known: the message then names its line and
    /// column rather than the line where the record starts.
    var faultIndex: Int?
    /// The rest of the file cannot be read (a bad header, a broken JSON array): the reader moves
    /// on to the next file.
    var endsFile = false
}
