import Foundation

/// The tool's two output streams: results go to standard output, diagnostics (progress,
/// summaries, errors) to standard error.
public struct Console: Sendable {
    /// Standard output: results, and with `--json` exactly one JSON document.
    public var standardOutput: any TextSink
    /// Standard error: diagnostics.
    public var standardError: any TextSink
    /// Whether standard error is a terminal, which enables live progress.
    public var errorIsTerminal: Bool

    /// Creates a console.
    public init(standardOutput: any TextSink, standardError: any TextSink, errorIsTerminal: Bool = false) {
        self.standardOutput = standardOutput
        self.standardError = standardError
        self.errorIsTerminal = errorIsTerminal
    }

    /// The process's standard output and error.
    public static var process: Console {
        Console(standardOutput: FileSink.standardOutput, standardError: FileSink.standardError,
                errorIsTerminal: isatty(STDERR_FILENO) == 1)
    }

    /// Writes a line to standard output.
    func print(_ line: String) { standardOutput.write(line + "\n") }

    /// Writes a line to standard error.
    func note(_ line: String) { standardError.write(line + "\n") }

    /// Writes `sluice: error: MESSAGE` to standard error, then any detail lines as they are.
    func error(_ message: String, details: [String] = []) {
        standardError.write((["sluice: error: " + message] + details).joined(separator: "\n") + "\n")
    }
}
