import Foundation
import Sluice

/// The `shell` tasklet: runs one command as a child process and fails the step when it exits
/// with a non-zero status.
///
/// The command is an argument list (`["gzip", "-9", "out.csv"]`, its first element looked up in
/// `PATH` unless it holds a `/`) or a plain string, which runs as `/bin/sh -c <string>` (so pipes,
/// redirections and `&&` work). The child inherits the process environment plus `environment`,
/// runs in `directory`, reads `/dev/null` as input and is the leader of its own process group, so
/// signals reach whatever it starts; it starts with every signal at its default action and none
/// blocked, even when the host process ignores SIGTERM (see ``ChildProcess``).
///
/// The last `tailLimit` bytes (default 4 KiB) of its standard output and error are kept. When it
/// exits 0 the step continues with ``exitCodeKey``, ``stdoutKey`` and ``stderrKey`` in its
/// execution context. Otherwise the tasklet throws, and the step fails with the tails in the
/// message:
/// - non-zero exit → a ``Sluice/BatchError`` of category `command` (``commandFailedCategory``);
/// - `timeout` passed → the group gets SIGTERM, then SIGKILL after `gracePeriod`; category `timeout`;
/// - task cancellation → the same termination, then `CancellationError`.
/// A stop request (``stopSignal``) terminates the command the same way and ends the step STOPPED;
/// a restart runs the command again from the start.
public struct ShellTasklet: Tasklet {
    /// What to run.
    public enum Command: Sendable, Hashable, Decodable, CustomStringConvertible {
        /// A shell script, run by `/bin/sh -c`.
        case script(String)
        /// An argument list; the first element is the program.
        case arguments([String])

        /// Decodes a list of strings as ``arguments(_:)`` and a string as ``script(_:)``.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let list = try? container.decode([String].self) {
                self = .arguments(list)
            } else if let text = try? container.decode(String.self) {
                self = .script(text)
            } else {
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "a command is a string (run by /bin/sh -c) or a list of strings")
            }
        }

        /// The argument vector executed.
        public var argv: [String] {
            switch self {
            case .script(let text): ["/bin/sh", "-c", text]
            case .arguments(let list): list
            }
        }

        /// The command as shown in logs and errors (cut at 200 characters).
        public var description: String {
            let text: String
            switch self {
            case .script(let script): text = script
            case .arguments(let list): text = list.map { $0.contains(" ") || $0.isEmpty ? "'\($0)'" : $0 }.joined(separator: " ")
            }
            return text.count > 200 ? String(text.prefix(200)) + "…" : text
        }
    }

    /// The tasklet's settings as written in a job file.
    public struct Properties: Decodable, Sendable {
        /// A list (`["sh", "-c", "echo done"]`) or a string run by `/bin/sh -c`.
        public var command: Command
        /// Variables added to (or replacing in) the inherited environment.
        public var env: [String: String]?
        /// The working directory; relative to the job file's directory, which is the default.
        public var directory: String?
        /// The longest the command may run (`30s`, `5m`); default unlimited.
        public var timeout: DurationText?
        /// How long a terminated command gets to exit before it is killed (default 5s).
        public var gracePeriod: DurationText?

        /// Settings for running `command`.
        public init(command: Command, env: [String: String]? = nil, directory: String? = nil,
                    timeout: DurationText? = nil, gracePeriod: DurationText? = nil) {
            self.command = command
            self.env = env
            self.directory = directory
            self.timeout = timeout
            self.gracePeriod = gracePeriod
        }
    }

    /// The execution-context key of the exit status (128 + the signal for a killed command).
    public static let exitCodeKey = "shell.exitCode"
    /// The execution-context key of the standard-output tail.
    public static let stdoutKey = "shell.stdout"
    /// The execution-context key of the standard-error tail.
    public static let stderrKey = "shell.stderr"
    /// The error category of a non-zero exit.
    public static let commandFailedCategory: ErrorCategory = "command"

    /// What runs.
    public let command: Command
    /// Variables added to the inherited environment.
    public let environment: [String: String]
    /// The working directory; nil means the process's.
    public let directory: String?
    /// The longest the command may run; nil means no limit.
    public let timeout: Duration?
    /// How long a terminated command gets before SIGKILL.
    public let gracePeriod: Duration
    /// How many bytes of each output stream are kept.
    public let tailLimit: Int
    /// The step's stop signal; nil to honour only task cancellation.
    public let stopSignal: StopSignal?

    /// A tasklet running `command`; an empty command is a `validation` error.
    public init(command: Command, environment: [String: String] = [:], directory: String? = nil, timeout: Duration? = nil,
                gracePeriod: Duration = .seconds(5), tailLimit: Int = 4096, stopSignal: StopSignal? = nil) throws {
        guard let program = command.argv.first, !program.isEmpty, command != .script("") else {
            throw BatchError(.validation, "shell tasklet: 'command' must not be empty")
        }
        self.command = command
        self.environment = environment
        self.directory = directory
        self.timeout = timeout
        self.gracePeriod = gracePeriod
        self.tailLimit = tailLimit
        self.stopSignal = stopSignal
    }

    /// A tasklet from job-file settings: `directory` resolves against `baseDirectory`, which is
    /// also the default working directory.
    public init(properties: Properties, baseDirectory: String, stopSignal: StopSignal? = nil) throws {
        let directory = try PathResolution.resolve(properties.directory ?? ".", against: baseDirectory,
                                                   property: "directory", component: "shell tasklet")
        try self.init(command: properties.command, environment: properties.env ?? [:], directory: directory,
                      timeout: properties.timeout?.duration, gracePeriod: properties.gracePeriod?.duration ?? .seconds(5),
                      stopSignal: stopSignal)
    }

    /// Runs the command to its end (see the type's notes for the outcomes).
    public func execute(_ context: inout TaskletContext) async throws -> RepeatStatus {
        let environment = ProcessInfo.processInfo.environment.merging(self.environment) { _, added in added }
        let directory = self.directory ?? FileManager.default.currentDirectoryPath
        let executable = try await Self.locate(command.argv[0], searchPath: environment["PATH"], directory: directory)
        let child = try await ChildProcess.launch(executable: executable, argv: command.argv,
                                                  environment: environment, directory: directory, tailLimit: tailLimit)
        context.step.logger.info("shell command started", metadata: ["command": "\(command)", "pid": "\(child.pid)"])
        async let reaped = child.reap()
        async let drained: Void = child.drainOutput()
        let interruption = await supervise(child)
        let termination = await reaped
        await drained
        context.executionContext[Self.exitCodeKey] = .int(termination.exitCode)
        context.executionContext[Self.stdoutKey] = .string(child.output.text)
        context.executionContext[Self.stderrKey] = .string(child.errors.text)
        context.step.logger.info("shell command ended", metadata: ["command": "\(command)", "exitCode": "\(termination.exitCode)"])
        return try outcome(termination, interruption, child)
    }
}
