import ArgumentParser

/// A `sluice` subcommand: parsed by swift-argument-parser, executed against a ``ToolContext``,
/// returning the process exit code.
protocol ToolCommand: AsyncParsableCommand {
    /// Does the command's work and returns the exit code; a thrown ``CommandFailure`` carries its own.
    func execute(in context: ToolContext) async throws -> Int32
}

extension ToolCommand {
    /// Runs the command in the context bound by ``SluiceTool``; a non-zero code ends as `ExitCode`.
    mutating func run() async throws {
        guard let context = ToolContext.current else {
            throw CommandFailure.failed("sluice commands run through SluiceTool.main(loader:) or SluiceTool.run(arguments:context:)")
        }
        let code = try await execute(in: context)
        if code != ExitCodes.success { throw ExitCode(code) }
    }
}
