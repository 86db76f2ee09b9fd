import ArgumentParser
import Sluice

/// `sluice stop EXECUTION_ID`: asks a running execution, in any process, to stop.
struct StopCommand: ToolCommand {
    static let configuration = CommandConfiguration(
        commandName: "stop",
        abstract: "Ask a running execution to stop at its next chunk or tasklet boundary.",
        discussion: """
            Marks the execution STOPPING in the repository; the process running it notices at its \
            next chunk or tasklet boundary and ends it STOPPED (restartable).
            Exit codes: 0 stop requested, 2 no such execution, 4 not running.
            """)

    @Argument(help: ArgumentHelp("The execution to stop.", valueName: "execution-id"))
    var executionId: Int

    @OptionGroup var repository: RepositoryOptions

    func execute(in context: ToolContext) async throws -> Int32 {
        try await repository.with(context) { opened in
            let execution = try await RestartTarget.execution(executionId, in: opened.repository)
            do {
                try await JobOperator(repository: opened.repository).stop(executionId: execution.id)
            } catch JobRepositoryError.notRunning(_, let status) {
                throw CommandFailure.refused("execution \(execution.id) is not running (status \(status))")
            }
            context.console.print("stop requested: execution \(execution.id) of \(execution.jobName) is STOPPING "
                + "and ends at its next chunk or tasklet boundary")
            return ExitCodes.success
        }
    }
}
