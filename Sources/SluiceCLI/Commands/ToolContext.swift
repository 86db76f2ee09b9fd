import Foundation
import Logging

/// Everything a command needs from the process around it: the job loader, the output streams,
/// the environment, the working directory and the interrupt source. Commands read nothing
/// global, so they run the same in the `sluice` executable and in tests.
public struct ToolContext: Sendable {
    /// Loads job files for `run`, `restart` and `validate`.
    public var loader: any JobLoading
    /// Where results and diagnostics go.
    public var console: Console
    /// The environment (`SLUICE_REPOSITORY`, `SLUICE_LOG_LEVEL`, `${env:NAME}` in job files).
    public var environment: [String: String]
    /// The directory relative paths (job files, `sqlite:` repositories) are resolved against.
    public var workingDirectory: String
    /// Where interrupt requests come from while a job runs in the foreground; nil ignores none
    /// and delivers none (the default signal dispositions stay in place).
    public var interrupts: (any InterruptSource)?

    /// The context of the current command, bound by ``SluiceTool/run(arguments:context:)``.
    @TaskLocal static var current: ToolContext?

    /// Creates a context.
    public init(
        loader: any JobLoading, console: Console, environment: [String: String],
        workingDirectory: String, interrupts: (any InterruptSource)? = nil
    ) {
        self.loader = loader
        self.console = console
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.interrupts = interrupts
    }

    /// The context of the running process: its standard streams, environment and working
    /// directory, with SIGINT and SIGTERM as interrupts.
    public static func process(loader: any JobLoading) -> ToolContext {
        ToolContext(loader: loader, console: .process, environment: ProcessInfo.processInfo.environment,
                    workingDirectory: FileManager.default.currentDirectoryPath,
                    interrupts: SignalInterrupts(signals: [SIGINT, SIGTERM]))
    }

    /// The logger executions and database connections log to: standard error, at the level
    /// named by `SLUICE_LOG_LEVEL` (trace, debug, info, notice, warning, error, critical;
    /// default warning).
    var logger: Logger {
        let level = environment["SLUICE_LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0.lowercased()) } ?? .warning
        let sink = console.standardError
        var logger = Logger(label: "sluice") { label in ConsoleLogHandler(sink: sink, label: label, logLevel: level) }
        logger.logLevel = level
        return logger
    }

    /// Resolves a path given on the command line against the working directory.
    func absolute(_ path: String) -> String { ReservedParameters.absolute(path, in: workingDirectory) }
}
