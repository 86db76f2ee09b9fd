import ArgumentParser
import Sluice

/// `sluice show EXECUTION_ID`: one execution with its steps, counts, times and failures.
struct ShowCommand: ToolCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show an execution: status, parameters, times, each step's counts, failures.",
        discussion: """
            Partition workers are listed as STEP:PARTITION after their step. Secret parameters \
            print as ******. Exit codes: 0 shown, 2 no such execution.
            """)

    @Argument(help: ArgumentHelp("The execution to show.", valueName: "execution-id"))
    var executionId: Int

    @Flag(help: "Print the execution as one JSON document on standard output.")
    var json = false

    @OptionGroup var repository: RepositoryOptions

    func execute(in context: ToolContext) async throws -> Int32 {
        let (execution, steps) = try await repository.with(context) { opened in
            let execution = try await RestartTarget.execution(executionId, in: opened.repository)
            return (execution, try await opened.repository.stepExecutions(jobExecutionId: execution.id))
        }
        if json {
            context.console.print(ExecutionJSON.execution(execution, steps: steps).rendered())
        } else {
            context.console.standardOutput.write(ExecutionText.details(execution, steps: steps).map { $0 + "\n" }.joined())
        }
        return ExitCodes.success
    }
}
