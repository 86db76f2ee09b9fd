import Sluice

/// A job file turned into a runnable job, with what the CLI needs around it.
public struct LoadedJob: Sendable {
    /// The runnable job (name, flow, restartable, incrementer, validator).
    public var job: Job
    /// The job's `parameters:` declarations, which type the `NAME=VALUE` arguments.
    public var parameters: [String: JobParameterDeclaration]
    /// The repository URL from `--config`, if given there.
    public var repositoryURL: String?
    /// Closes the job's connections and resources after the run.
    public var shutdown: @Sendable () async -> Void

    /// Creates a loaded job.
    public init(
        job: Job, parameters: [String: JobParameterDeclaration] = [:], repositoryURL: String? = nil,
        shutdown: @escaping @Sendable () async -> Void = {}
    ) {
        self.job = job
        self.parameters = parameters
        self.repositoryURL = repositoryURL
        self.shutdown = shutdown
    }
}
