import Sluice

/// Why a command ends without doing its work: printed as `sluice: error: MESSAGE` (plus detail
/// lines such as `FILE:LINE:COLUMN: message`), and the process exits with `exitCode`.
struct CommandFailure: Error, Sendable, CustomStringConvertible {
    /// The process exit code.
    var exitCode: Int32
    /// The one-line message.
    var message: String
    /// Lines printed after the message, as they are.
    var details: [String] = []

    var description: String { message }

    /// A usage error or invalid input (exit 2); nothing was started.
    static func usage(_ message: String, details: [String] = []) -> CommandFailure {
        CommandFailure(exitCode: ExitCodes.usage, message: message, details: details)
    }

    /// A refused operation (exit 4).
    static func refused(_ message: String) -> CommandFailure {
        CommandFailure(exitCode: ExitCodes.refused, message: message)
    }

    /// A failed operation (exit 1).
    static func failed(_ message: String) -> CommandFailure {
        CommandFailure(exitCode: ExitCodes.failed, message: message)
    }

    /// No execution with that id: a usage error (exit 2), the same for every command.
    static func noSuchExecution(_ id: Int) -> CommandFailure {
        usage("no job execution with id \(id)")
    }

    /// The failure for a refused launch: invalid parameters are a usage error (2), the rest are refusals (4).
    static func launch(_ refusal: LaunchRefused) -> CommandFailure {
        switch refusal {
        case .invalidParameters(let invalid): usage(invalid.description)
        case .noSuchExecution(let id): noSuchExecution(id)
        default: refused("refused: " + refusal.description)
        }
    }
}
