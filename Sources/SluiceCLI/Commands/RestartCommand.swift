import ArgumentParser
import Sluice

/// `sluice restart EXECUTION_ID`: restarts a FAILED or STOPPED execution from any process, by
/// loading the job file recorded with it.
struct RestartCommand: ToolCommand {
    static let configuration = CommandConfiguration(
        commandName: "restart",
        abstract: "Restart a FAILED or STOPPED execution where it left off.",
        discussion: """
            The job file is the one the execution was started from (recorded by `sluice run`). \
            The restart keeps the execution's parameters; NAME=VALUE arguments replace \
            non-identifying ones and must re-supply secret parameters, which the repository only \
            holds masked.
            Exit codes: 0 COMPLETED, 1 FAILED, 2 no such execution, no recorded job file or \
            invalid job, 3 STOPPED, 4 refused (not the instance's latest execution, not FAILED or \
            STOPPED, not restartable, start limit reached).
            """)

    @Argument(help: ArgumentHelp("The execution to restart.", valueName: "execution-id"))
    var executionId: Int

    @Argument(help: ArgumentHelp("Parameter overrides, and secrets to re-supply.", valueName: "name=value"))
    var parameters: [String] = []

    @OptionGroup var repository: RepositoryOptions

    @OptionGroup var launch: LaunchOptions

    func execute(in context: ToolContext) async throws -> Int32 {
        let texts = try ParameterArguments.parse(parameters)
        let configured = try await configuredRepository(context)
        let opened = try await OpenedRepository.open(try repository.location(in: context, configured: configured), logger: context.logger)
        let loaded: LoadedJob
        let previous: JobExecution
        do {
            previous = try await RestartTarget.execution(executionId, in: opened.repository)
            loaded = try await context.loadJob(try RestartTarget.jobFile(of: previous), configPath: launch.config)
        } catch {
            await opened.close()
            throw error
        }
        let release: @Sendable () async -> Void = {
            await loaded.shutdown()
            await opened.close()
        }
        let running: RunningJob
        do {
            running = try await launch(previous, loaded: loaded, texts: texts, repository: opened.repository, context: context)
        } catch {
            await release()
            throw error
        }
        return await ForegroundRun(running: running, repository: opened.repository, context: context,
                                   output: .init(json: launch.json, quiet: launch.quiet), release: release).wait()
    }

    private func configuredRepository(_ context: ToolContext) async throws(CommandFailure) -> String? {
        guard let config = launch.config else { return nil }
        do {
            return try await context.loader.repositoryURL(configPath: config, environment: context.environment)
        } catch {
            throw .usage("cannot read \(config): \(ErrorText.line(error))")
        }
    }

    private func launch(
        _ previous: JobExecution, loaded: LoadedJob, texts: [String: String], repository: any JobRepository, context: ToolContext
    ) async throws -> RunningJob {
        try RestartTarget.check(loaded.job, matches: previous)
        let declared = loaded.parameters.filter { texts[$0.key] != nil }
        let overrides = try ParameterArguments.typed(texts, declarations: declared)
        try RestartTarget.check(overrides, against: previous)
        let jobOperator = JobOperator(repository: repository, jobs: [loaded.job], configuration: context.operatorConfiguration)
        do {
            return try await jobOperator.launchRestart(executionId: previous.id, parameters: overrides)
        } catch let refusal as LaunchRefused {
            throw CommandFailure.launch(refusal)
        }
    }
}
