import ArgumentParser
import Sluice

/// `sluice purge --before DATE|DURATION`: deletes old finished executions.
struct PurgeCommand: ToolCommand {
    static let configuration = CommandConfiguration(
        commandName: "purge",
        abstract: "Delete finished executions that ended before a date, or longer ago than an age.",
        discussion: """
            --before takes a date (2026-01-31, midnight UTC), a timestamp (2026-01-31T12:00:00Z) or \
            an age (30d, 12h). Running executions are never deleted; instances left without \
            executions go too. Prints how many executions were deleted.
            """)

    @Option(help: ArgumentHelp("The cutoff: a date, a timestamp or an age.", valueName: "date|duration"))
    var before: CutoffArgument

    @OptionGroup var repository: RepositoryOptions

    func execute(in context: ToolContext) async throws -> Int32 {
        let cutoff = before.date()
        let count = try await repository.with(context) { try await $0.repository.purge(endedBefore: cutoff) }
        context.console.print("purged \(count) execution\(count == 1 ? "" : "s") that ended before \(Timestamps.format(cutoff))")
        return ExitCodes.success
    }
}
