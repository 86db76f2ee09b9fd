import ArgumentParser
import Sluice

/// `sluice abandon EXECUTION_ID`: gives up a FAILED or STOPPED execution for good.
struct AbandonCommand: ToolCommand {
    static let configuration = CommandConfiguration(
        commandName: "abandon",
        abstract: "Mark a FAILED or STOPPED execution ABANDONED, so its instance is never restarted.",
        discussion: "Exit codes: 0 abandoned, 2 no such execution, 4 running or COMPLETED (stop a running one first).")

    @Argument(help: ArgumentHelp("The execution to abandon.", valueName: "execution-id"))
    var executionId: Int

    @OptionGroup var repository: RepositoryOptions

    func execute(in context: ToolContext) async throws -> Int32 {
        try await repository.with(context) { opened in
            let execution = try await RestartTarget.execution(executionId, in: opened.repository)
            if execution.status == .completed {
                throw CommandFailure.refused("execution \(execution.id) COMPLETED; only FAILED or STOPPED executions can be abandoned")
            }
            do {
                try await JobOperator(repository: opened.repository).abandon(executionId: execution.id)
            } catch LaunchRefused.alreadyRunning {
                throw CommandFailure.refused("execution \(execution.id) is running (\(execution.status)); stop it first")
            }
            context.console.print("execution \(execution.id) of \(execution.jobName) is ABANDONED")
            return ExitCodes.success
        }
    }
}
