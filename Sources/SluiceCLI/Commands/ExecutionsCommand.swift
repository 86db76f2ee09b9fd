import ArgumentParser
import Sluice

/// `sluice executions`: lists executions, newest first.
struct ExecutionsCommand: ToolCommand {
    static let configuration = CommandConfiguration(
        commandName: "executions",
        abstract: "List job executions, newest first.",
        discussion: "Secret parameters print as ******. With --json, prints a JSON array of executions (without steps).")

    @Option(help: ArgumentHelp("Only executions of this job.", valueName: "name"))
    var job: String?

    @Option(help: ArgumentHelp(
        "Only executions with this status, or one of a comma-separated list (STARTING, STARTED, STOPPING, STOPPED, COMPLETED, FAILED, ABANDONED, UNKNOWN).",
        valueName: "status"))
    var status: StatusFilter?

    @Option(help: "At most this many executions.")
    var limit = 20

    @Flag(help: "Print a JSON array on standard output.")
    var json = false

    @OptionGroup var repository: RepositoryOptions

    func validate() throws {
        guard limit > 0 else { throw ValidationError("--limit must be a positive number") }
    }

    func execute(in context: ToolContext) async throws -> Int32 {
        let query = ExecutionQuery(jobName: job, statuses: status?.statuses ?? [], limit: limit)
        let executions = try await repository.with(context) { try await $0.repository.jobExecutions(matching: query) }
        if json {
            context.console.print(JSONValue.array(executions.map { ExecutionJSON.execution($0, steps: nil) }).rendered())
        } else if executions.isEmpty {
            context.console.note("no executions found")
        } else {
            context.console.standardOutput.write(Self.table(executions).map { $0 + "\n" }.joined())
        }
        return ExitCodes.success
    }

    /// The aligned table of executions.
    static func table(_ executions: [JobExecution]) -> [String] {
        var table = TextTable([
            .init(header: "ID", alignment: .right), .init(header: "JOB"), .init(header: "STATUS"), .init(header: "EXIT STATUS"),
            .init(header: "START"), .init(header: "DURATION", alignment: .right), .init(header: "PARAMETERS"),
        ])
        for e in executions {
            table.append([String(e.id), e.jobName, e.status.rawValue, e.exitStatus.code,
                          e.startTime.map(Timestamps.format) ?? "-", ElapsedText.between(e.startTime, e.endTime),
                          DisplayedParameters(e.parameters).text])
        }
        return table.lines()
    }
}
