/// A logical run of a job: the job name plus its identifying parameters. Every attempt to run
/// it (the first and each restart) is a ``JobExecution`` of the same instance.
public struct JobInstance: Sendable, Hashable, Codable, Identifiable {
    /// The repository's id, a positive integer.
    public var id: Int
    /// The job name.
    public var jobName: String
    /// The stable identity hash of the identifying parameters (see ``key(for:)``).
    public var key: String

    /// Creates an instance record.
    public init(id: Int, jobName: String, key: String) {
        self.id = id
        self.jobName = jobName
        self.key = key
    }

    /// The instance key for a set of parameters: SHA-256 of their canonical identity text, equal
    /// for equal identifying parameters in any order, in any process.
    public static func key(for parameters: JobParameters) -> String {
        SHA256.hex(Array(parameters.identityText.utf8))
    }
}
