/// The properties of the `json` reader in a job file. Only `path` is required.
public struct JSONArrayReaderProperties: Sendable, Hashable, Decodable {
    /// A file, or a glob selecting several (read in sorted order), relative to the job file. Each
    /// file holds one top-level array of objects.
    public var path: String
    /// The prefix of the reader's restart state in the step context. Default `json.reader`.
    public var name: String?

    /// Properties for `path`.
    public init(path: String, name: String? = nil) {
        self.path = path
        self.name = name
    }
}
