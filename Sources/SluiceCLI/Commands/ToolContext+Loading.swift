import Sluice

extension ToolContext {
    /// Loads a job file with the context's loader. An invalid file becomes a usage failure
    /// (exit 2) listing every problem; any other load error becomes one clear line (exit 2).
    func loadJob(_ path: String, configPath: String?) async throws(CommandFailure) -> LoadedJob {
        do {
            return try await loader.load(path: path, options: LoadOptions(configPath: configPath, environment: environment))
        } catch let invalid as JobFileInvalid {
            let count = invalid.problems.count
            throw .usage("\(path) is invalid (\(count) problem\(count == 1 ? "" : "s"))", details: invalid.problems)
        } catch let failure as CommandFailure {
            throw failure
        } catch {
            throw .usage("cannot load \(path): \(ErrorText.line(error))")
        }
    }

    /// The operator configuration of the tool: logs to standard error.
    var operatorConfiguration: JobOperator.Configuration {
        var configuration = JobOperator.Configuration()
        configuration.logger = logger
        return configuration
    }
}
