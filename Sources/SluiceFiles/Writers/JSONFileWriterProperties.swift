/// The job-file settings of the `ndjson` and `json` writers.
public struct JSONFileWriterProperties: Decodable, Sendable {
    /// The output file; relative to the job file's directory.
    public var path: String
    /// Continue an existing file instead of replacing it (default false).
    public var append: Bool?
    /// Flush every commit to the storage device with `fsync` (default false).
    public var sync: Bool?
    /// The prefix of the restart keys (default `ndjson.writer` or `json.writer`); set it when a
    /// step has two writers of one kind.
    public var name: String?

    /// Settings for a writer of `path`.
    public init(path: String, append: Bool? = nil, sync: Bool? = nil, name: String? = nil) {
        self.path = path
        self.append = append
        self.sync = sync
        self.name = name
    }
}
