import ArgumentParser
import Foundation

/// The `sluice` command-line tool as a library: an executable (the stock `sluice`, or a user's
/// own with extra components) passes its job loader and exits with the returned code.
///
/// ```swift
/// import Foundation
/// import SluiceCLI
/// import SluiceJSL
///
/// exit(await SluiceTool.main(loader: YAMLJobLoader()))
/// ```
///
/// Tests run commands in-process with ``run(arguments:loader:output:environment:workingDirectory:)``
/// and read the captured output.
public enum SluiceTool {
    /// Runs the tool for this process: its arguments, standard streams, environment and working
    /// directory, with SIGINT/SIGTERM stopping a running job. Returns the exit code.
    public static func main(loader: any JobLoading, arguments: [String] = Array(CommandLine.arguments.dropFirst())) async -> Int32 {
        await run(arguments: arguments, context: .process(loader: loader))
    }

    /// Runs one command in-process with the given output streams, environment and working
    /// directory (no signal handling), and returns its exit code.
    public static func run(
        arguments: [String], loader: any JobLoading, output: Console,
        environment: [String: String] = [:], workingDirectory: String = FileManager.default.currentDirectoryPath
    ) async -> Int32 {
        await run(arguments: arguments, context: ToolContext(
            loader: loader, console: output, environment: environment, workingDirectory: workingDirectory))
    }

    /// Runs one command (the arguments exclude the program name) in a context; returns its exit code.
    public static func run(arguments: [String], context: ToolContext) async -> Int32 {
        let command: any ParsableCommand
        do {
            command = try SluiceCommand.parseAsRoot(arguments)
        } catch {
            return reportArgumentError(error, console: context.console)
        }
        if command is SluiceCommand {
            context.console.standardError.write(SluiceCommand.helpMessage() + "\n")
            return ExitCodes.usage
        }
        guard var subcommand = command as? any AsyncParsableCommand else {
            // argument-parser's own commands (help): they print through their errors.
            do {
                var builtIn = command
                try builtIn.run()
                return ExitCodes.success
            } catch {
                return reportArgumentError(error, console: context.console)
            }
        }
        do {
            try await ToolContext.$current.withValue(context) { try await subcommand.run() }
            return ExitCodes.success
        } catch {
            return report(error, console: context.console)
        }
    }

    /// Prints an error a command threw and returns its exit code: failures as `sluice: error: ...`
    /// with their own code, anything unexpected as one line with exit 1.
    static func report(_ error: any Error, console: Console) -> Int32 {
        switch error {
        case let code as ExitCode:
            return code.rawValue
        case let failure as CommandFailure:
            console.error(failure.message, details: failure.details)
            return failure.exitCode
        default:
            console.error(ErrorText.line(error))
            return ExitCodes.failed
        }
    }

    /// Prints a parse error with its usage (exit 2), or requested help on standard output (exit 0).
    static func reportArgumentError(_ error: any Error, console: Console) -> Int32 {
        let message = SluiceCommand.fullMessage(for: error)
        if SluiceCommand.exitCode(for: error) == .success {
            console.standardOutput.write(message + "\n")
            return ExitCodes.success
        }
        let text = message.hasPrefix("Error: ") ? "sluice: error: " + message.dropFirst("Error: ".count) : message
        console.standardError.write(text + "\n")
        return ExitCodes.usage
    }
}
