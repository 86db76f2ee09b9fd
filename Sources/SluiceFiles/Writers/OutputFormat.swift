import Sluice

/// How a file writer turns records into bytes: the encoding of one record and the fixed bytes
/// around them. Implemented by the CSV, NDJSON and JSON-array formats.
protocol OutputFormat: Sendable {
    /// Bytes at the start of a new file, before any record (`[` for a JSON array).
    var preamble: [UInt8] { get }
    /// Bytes that close the file after the last record (`\n]\n` for a JSON array); rewritten
    /// after every chunk, so the file is complete after every commit.
    var trailer: [UInt8] { get }

    /// Appends `record` to `buffer`, advancing `progress` (header, separator, columns) but not
    /// its item count or offset. On error `buffer` and `progress` may hold partial changes,
    /// which the caller discards.
    mutating func encode(_ record: Record, progress: inout WriterProgress, into buffer: inout [UInt8]) throws

    /// Where appending to an existing file continues, given its `length` and its last bytes.
    func appendPoint(tail: [UInt8], length: Int, path: String) throws -> AppendPoint
}

/// Where a writer in `append` mode continues an existing file.
struct AppendPoint: Sendable, Hashable {
    /// The offset of the first byte to (re)write.
    var offset: Int
    /// Bytes written at `offset` first (a newline a line file lacked at its end).
    var insert: [UInt8] = []
    /// Whether the file already holds lines or array elements.
    var hasContent: Bool
}

extension OutputFormat {
    /// Line formats append at the end, after completing a last line that lacks its newline.
    func lineAppendPoint(tail: [UInt8], length: Int) -> AppendPoint {
        let newline = UInt8(ascii: "\n")
        let needsNewline = length > 0 && tail.last != newline
        return AppendPoint(offset: length, insert: needsNewline ? [newline] : [], hasContent: length > 0)
    }
}
