import Sluice

/// Where a file reader stands: right after the last record it consumed (handed out, or rejected
/// as malformed). Saved in the step context, so a restart continues there.
///
/// Keys, under the reader's name `NAME`: `NAME.file` (the path), `NAME.fileIndex` (its place in
/// the sorted file list, informational), `NAME.offset` (the byte offset after the record),
/// `NAME.line` (line breaks before that offset), `NAME.count` (records consumed in all files) and
/// `NAME.fileDone` (true when the rest of the file was given up after a broken header or array).
struct ReadPosition: Sendable, Hashable {
    /// The file's path.
    var file: String
    /// The file's index in the sorted file list.
    var fileIndex: Int
    /// The byte offset after the last record.
    var offset: Int
    /// Line breaks before `offset`.
    var line: Int
    /// Records consumed since the start of the input.
    var count: Int
    /// Whether nothing more is to be read from `file`.
    var fileDone = false

    /// Stores the position under `prefix`.
    func save(into context: inout ExecutionContext, prefix: String) {
        context[prefix + ".file"] = .string(file)
        context[prefix + ".fileIndex"] = .int(fileIndex)
        context[prefix + ".offset"] = .int(offset)
        context[prefix + ".line"] = .int(line)
        context[prefix + ".count"] = .int(count)
        context[prefix + ".fileDone"] = .bool(fileDone)
    }

    /// The position saved under `prefix`, located in `files`; nil when none was saved.
    ///
    /// - Throws: a `validation` error when the saved entries are malformed, and an `io` error
    ///   when the saved file is no longer among `files`.
    static func load(from context: ExecutionContext, prefix: String, files: [String]) throws -> ReadPosition? {
        guard context.contains(prefix + ".offset") else { return nil }
        guard let file = context.string(prefix + ".file"), let offset = context.int(prefix + ".offset"), offset >= 0,
            let line = context.int(prefix + ".line"), line >= 0, let count = context.int(prefix + ".count"), count >= 0
        else {
            throw BatchError(.validation, "the saved position \(prefix).* in the step context is incomplete or malformed")
        }
        guard let index = files.firstIndex(of: file) else {
            throw BatchError(.io, "the file '\(file)' where the last run stopped is no longer among the input files")
        }
        return ReadPosition(file: file, fileIndex: index, offset: offset, line: line, count: count,
                            fileDone: context.bool(prefix + ".fileDone") ?? false)
    }
}
