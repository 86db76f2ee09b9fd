import ArgumentParser

/// `sluice validate JOB.yaml ...`: checks job files without running anything.
struct ValidateCommand: ToolCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check job files and print every problem as FILE:LINE:COLUMN: message.",
        discussion: "Needs no repository. Exit codes: 0 all valid (each prints 'FILE: OK'), 2 any invalid.")

    @Argument(help: ArgumentHelp("The job files.", valueName: "job-file"))
    var jobFiles: [String]

    func execute(in context: ToolContext) async throws -> Int32 {
        var code = ExitCodes.success
        for path in jobFiles {
            do throws(CommandFailure) {
                let loaded = try await context.loadJob(path, configPath: nil)
                await loaded.shutdown()
                context.console.print("\(path): OK")
            } catch {
                context.console.error(error.message, details: error.details)
                code = ExitCodes.usage
            }
        }
        return code
    }
}
