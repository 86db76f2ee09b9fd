import Sluice

/// Newline-delimited JSON: one JSON object per line (see ``JSONObjectEncoder``).
struct NDJSONFormat: OutputFormat {
    private var object: JSONObjectEncoder

    /// A format whose errors start with `label`.
    init(label: String) { object = JSONObjectEncoder(label: label) }

    var preamble: [UInt8] { [] }
    var trailer: [UInt8] { [] }

    mutating func encode(_ record: Record, progress: inout WriterProgress, into buffer: inout [UInt8]) throws {
        try object.encode(record, item: progress.items + 1, into: &buffer)
        buffer.append(UInt8(ascii: "\n"))
        progress.hasContent = true
    }

    func appendPoint(tail: [UInt8], length: Int, path: String) throws -> AppendPoint {
        lineAppendPoint(tail: tail, length: length)
    }
}
