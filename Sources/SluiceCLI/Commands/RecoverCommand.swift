import ArgumentParser
import Sluice

/// `sluice recover`: marks executions whose process died FAILED, so they can be restarted.
struct RecoverCommand: ToolCommand {
    static let configuration = CommandConfiguration(
        commandName: "recover",
        abstract: "Mark running executions without a recent heartbeat FAILED (their process is gone).",
        discussion: "Prints each execution it marked. Exit code 0, also when there was none.")

    @Option(help: ArgumentHelp("How old a heartbeat must be for its execution to count as dead (30s, 5m, 1h).", valueName: "duration"))
    var staleAfter = DurationArgument(argument: "5m")!

    @OptionGroup var repository: RepositoryOptions

    func execute(in context: ToolContext) async throws -> Int32 {
        try await repository.with(context) { opened in
            let recovered = try await JobOperator(repository: opened.repository, configuration: context.operatorConfiguration)
                .recover(staleAfter: staleAfter.duration)
            if recovered.isEmpty { context.console.print("no execution without a heartbeat for \(staleAfter.text)") }
            for e in recovered {
                context.console.print("execution \(e.id) of \(e.jobName): marked FAILED (restart with `sluice restart \(e.id)`)")
            }
            return ExitCodes.success
        }
    }
}
