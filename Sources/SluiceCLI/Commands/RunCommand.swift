import ArgumentParser
import Sluice

/// `sluice run JOB.yaml [NAME=VALUE ...]`: loads a job and runs an instance of it to its end.
struct RunCommand: ToolCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a job: a new instance, or a restart of the instance's last FAILED or STOPPED execution.",
        discussion: """
            NAME=VALUE arguments are job parameters, typed by the job's parameters: declarations \
            (undeclared ones are identifying strings). The same job with the same identifying \
            parameters is the same instance: a COMPLETED instance is refused (exit 4) unless --next \
            starts a fresh one with the job's incrementer.
            Ctrl-C (SIGINT) or SIGTERM stops the execution at its next chunk boundary (STOPPED, \
            exit 3); a second one aborts at once (exit 130).
            Exit codes: 0 COMPLETED, 1 FAILED, 2 invalid job or parameters, 3 STOPPED, 4 refused.
            """)

    @Argument(help: ArgumentHelp("The job file.", valueName: "job-file"))
    var jobFile: String

    @Argument(help: ArgumentHelp("Job parameters.", valueName: "name=value"))
    var parameters: [String] = []

    @OptionGroup var repository: RepositoryOptions

    @OptionGroup var launch: LaunchOptions

    @Flag(help: "Start a fresh instance with the parameters the job's incrementer derives from the last one.")
    var next = false

    func execute(in context: ToolContext) async throws -> Int32 {
        let texts = try ParameterArguments.parse(parameters)
        let loaded = try await context.loadJob(jobFile, configPath: launch.config)
        let opened: OpenedRepository
        do {
            opened = try await OpenedRepository.open(try repository.location(in: context, configured: loaded.repositoryURL),
                                                     logger: context.logger)
        } catch {
            await loaded.shutdown()
            throw error
        }
        let release: @Sendable () async -> Void = {
            await loaded.shutdown()
            await opened.close()
        }
        let running: RunningJob
        do {
            running = try await launch(loaded, texts: texts, repository: opened.repository, context: context)
        } catch {
            await release()
            throw error
        }
        return await ForegroundRun(running: running, repository: opened.repository, context: context,
                                   output: .init(json: launch.json, quiet: launch.quiet), release: release).wait()
    }

    private func launch(_ loaded: LoadedJob, texts: [String: String], repository: any JobRepository, context: ToolContext) async throws -> RunningJob {
        var parameters = try ParameterArguments.typed(texts, declarations: loaded.parameters)
        let jobOperator = JobOperator(repository: repository, configuration: context.operatorConfiguration)
        if next {
            guard loaded.job.incrementer != nil else {
                throw CommandFailure.usage("job '\(loaded.job.name)' has no incrementer, so --next cannot derive a new instance")
            }
            parameters = try await jobOperator.nextInstanceParameters(loaded.job, parameters: parameters)
        }
        parameters = parameters.merging(ReservedParameters.jobFile(path: jobFile, workingDirectory: context.workingDirectory))
        do {
            return try await jobOperator.launch(loaded.job, parameters: parameters)
        } catch let refusal as LaunchRefused {
            throw CommandFailure.launch(refusal)
        }
    }
}
