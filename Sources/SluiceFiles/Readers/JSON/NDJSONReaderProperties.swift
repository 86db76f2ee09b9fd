/// The properties of the `ndjson` reader in a job file. Only `path` is required.
public struct NDJSONReaderProperties: Sendable, Hashable, Decodable {
    /// A file, or a glob selecting several (read in sorted order), relative to the job file.
    public var path: String
    /// The prefix of the reader's restart state in the step context. Default `ndjson.reader`.
    public var name: String?

    /// Properties for `path`.
    public init(path: String, name: String? = nil) {
        self.path = path
        self.name = name
    }
}
