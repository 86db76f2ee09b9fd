/// What a ``JobLoading`` needs besides the job file.
public struct LoadOptions: Sendable {
    /// The `--config` file (connections, repository), if one was given.
    public var configPath: String?
    /// The environment `${env:NAME}` references resolve against.
    public var environment: [String: String]

    /// Creates load options.
    public init(configPath: String? = nil, environment: [String: String] = [:]) {
        self.configPath = configPath
        self.environment = environment
    }
}
