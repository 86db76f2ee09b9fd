/// Turns a job file into a runnable job; implemented by the YAML loader (SluiceJSL).
///
/// The CLI never reads job files itself: `run`, `restart` and `validate` ask the loader, so an
/// executable built with extra components passes its own loader to ``SluiceTool/main(loader:arguments:)``.
public protocol JobLoading: Sendable {
    /// Loads and validates the job file; throws `JobFileInvalid` listing every problem as `FILE:LINE:COLUMN: message`.
    func load(path: String, options: LoadOptions) async throws -> LoadedJob

    /// The repository URL named by a `--config` file, or nil when it names none.
    ///
    /// `restart --config FILE` needs the repository before it knows the job file (which it finds
    /// in the repository), so it asks for the repository alone. The default returns nil, which
    /// means "the config file names no repository"; loaders whose config files can name one
    /// should implement it.
    func repositoryURL(configPath: String, environment: [String: String]) async throws -> String?
}

extension JobLoading {
    /// Reads no repository from config files.
    public func repositoryURL(configPath: String, environment: [String: String]) async throws -> String? { nil }
}
