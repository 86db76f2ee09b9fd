import ArgumentParser

/// The `--repository URL` option shared by every command that uses the job repository.
struct RepositoryOptions: ParsableArguments {
    @Option(name: .customLong("repository"), help: ArgumentHelp(
        "The job repository: memory:, sqlite:PATH or postgres://USER:PASS@HOST:PORT/DB. Default: $SLUICE_REPOSITORY, else sqlite:.sluice/repository.sqlite.",
        valueName: "url"))
    var url: String?

    /// The repository chosen by this option, the environment, a config file's URL, or the default.
    func location(in context: ToolContext, configured: String? = nil) throws(CommandFailure) -> RepositoryLocation {
        try RepositoryLocation.resolve(option: url, environment: context.environment, configured: configured,
                                       workingDirectory: context.workingDirectory)
    }

    /// Opens the chosen repository, runs `body` with it, and closes it.
    func with<R: Sendable>(
        _ context: ToolContext, configured: String? = nil, _ body: (OpenedRepository) async throws -> R
    ) async throws -> R {
        let opened = try await OpenedRepository.open(try location(in: context, configured: configured), logger: context.logger)
        do {
            let result = try await body(opened)
            await opened.close()
            return result
        } catch {
            await opened.close()
            throw error
        }
    }
}
