import Sluice

/// A JSON array of objects, one element per line: `[`, then `\n{...}` and `,\n{...}` per record,
/// then the trailer `\n]\n`.
///
/// The writer's committed offset is where the trailer starts; each chunk is written over the
/// previous trailer together with a new one, so after every commit (and after a restart
/// truncates the file back and rewrites the trailer) the file is a complete JSON array.
struct JSONArrayFormat: OutputFormat {
    private var object: JSONObjectEncoder
    private let label: String

    /// A format whose errors start with `label`.
    init(label: String) {
        self.label = label
        object = JSONObjectEncoder(label: label)
    }

    var preamble: [UInt8] { [UInt8(ascii: "[")] }
    var trailer: [UInt8] { Array("\n]\n".utf8) }

    mutating func encode(_ record: Record, progress: inout WriterProgress, into buffer: inout [UInt8]) throws {
        if progress.hasContent { buffer.append(UInt8(ascii: ",")) }
        buffer.append(UInt8(ascii: "\n"))
        try object.encode(record, item: progress.items + 1, into: &buffer)
        progress.hasContent = true
    }

    /// Continues an array: the offset goes just after its last element (or after `[` when it is
    /// empty); a file that does not end with `]` cannot be continued.
    func appendPoint(tail: [UInt8], length: Int, path: String) throws -> AppendPoint {
        let tailStart = length - tail.count
        guard let close = tail.lastIndex(where: { !Self.isWhitespace($0) }), tail[close] == UInt8(ascii: "]") else {
            throw BatchError(.validation, "\(label): cannot append to \(path): it does not end with a JSON array (']')")
        }
        guard let last = tail[..<close].lastIndex(where: { !Self.isWhitespace($0) }) else {
            throw BatchError(.validation, "\(label): cannot append to \(path): the end of its JSON array was not found "
                + "in its last \(tail.count) bytes")
        }
        return AppendPoint(offset: tailStart + last + 1, hasContent: tail[last] != UInt8(ascii: "["))
    }

    private static func isWhitespace(_ b: UInt8) -> Bool {
        b == UInt8(ascii: " ") || b == UInt8(ascii: "\n") || b == UInt8(ascii: "\r") || b == UInt8(ascii: "\t")
    }
}
