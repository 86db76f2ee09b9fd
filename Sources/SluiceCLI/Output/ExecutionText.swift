import Foundation
import Sluice

/// The human-readable text of executions: `show`'s details and `run`'s final summary.
enum ExecutionText {
    /// Everything `show` prints about an execution: header fields, a table of its steps, failures.
    static func details(_ e: JobExecution, steps: [StepExecution]) -> [String] {
        var lines = ["Execution \(e.id) of job \(e.jobName) (instance \(e.instanceId))"]
        var fields: [(String, String)] = [("Status", e.status.rawValue), ("Exit status", e.exitStatus.code)]
        if !e.exitStatus.description.isEmpty { fields.append(("Exit description", e.exitStatus.description)) }
        fields.append(("Parameters", DisplayedParameters(e.parameters).text))
        if let file = ReservedParameters.jobFile(of: e) { fields.append(("Job file", file)) }
        fields += [("Created", Timestamps.format(e.createTime)), ("Started", e.startTime.map(Timestamps.format) ?? "-"),
                   ("Ended", e.endTime.map(Timestamps.format) ?? "-"),
                   ("Duration", ElapsedText.between(e.startTime, e.endTime))]
        if let beat = e.lastUpdated, e.status.isRunning { fields.append(("Last heartbeat", Timestamps.format(beat))) }
        let width = fields.map(\.0.count).max() ?? 0
        lines += fields.map { name, value in
            indentContinuation("  " + name + ":" + String(repeating: " ", count: width - name.count + 2) + value,
                               by: width + 5)
        }
        let ordered = StepListing.ordered(steps)
        lines += ["", "Steps:"] + (ordered.isEmpty ? ["  (none ran in this execution)"] : stepTable(ordered).map { "  " + $0 })
        let failures = failureLines(e, steps: ordered)
        if !failures.isEmpty { lines += ["", "Failures:"] + failures }
        return lines
    }

    /// The table of steps with every counter.
    static func stepTable(_ steps: [StepExecution]) -> [String] {
        var table = TextTable([
            .init(header: "STEP"), .init(header: "STATUS"), .init(header: "EXIT STATUS"),
            .init(header: "READ", alignment: .right), .init(header: "WRITTEN", alignment: .right),
            .init(header: "FILTERED", alignment: .right), .init(header: "READ SKIPS", alignment: .right),
            .init(header: "PROCESS SKIPS", alignment: .right), .init(header: "WRITE SKIPS", alignment: .right),
            .init(header: "COMMITS", alignment: .right), .init(header: "ROLLBACKS", alignment: .right),
            .init(header: "STARTED"), .init(header: "DURATION", alignment: .right),
        ])
        for s in steps {
            let c = s.counters
            table.append([s.stepName, s.status.rawValue, s.exitStatus.code] +
                [c.readCount, c.writeCount, c.filterCount, c.readSkipCount, c.processSkipCount, c.writeSkipCount,
                 c.commitCount, c.rollbackCount].map(String.init) +
                [s.startTime.map(Timestamps.format) ?? "-", ElapsedText.between(s.startTime, s.endTime)])
        }
        return table.lines()
    }

    /// The failures of the job and of each step, multi-line messages indented.
    static func failureLines(_ e: JobExecution, steps: [StepExecution]) -> [String] {
        let job = e.failures.map { "  job: " + describe($0) }
        let stepLines = steps.flatMap { s in s.failures.map { "  step \(s.stepName): " + describe($0) } }
        return (job + stepLines).map { indentContinuation($0, by: 4) }
    }

    /// The final summary `run` and `restart` print on standard error.
    static func summary(_ e: JobExecution, steps: [StepExecution]) -> [String] {
        var lines = ["\(e.jobName): execution \(e.id) \(e.status.rawValue)"
            + (e.exitStatus.code != e.status.rawValue ? " (exit status \(e.exitStatus.code))" : "")
            + " in " + ElapsedText.between(e.startTime ?? e.createTime, e.endTime)]
        for s in StepListing.ordered(steps) {
            let c = s.counters
            lines.append("  \(s.stepName): \(s.status.rawValue), read \(c.readCount), written \(c.writeCount), "
                + "filtered \(c.filterCount), skipped \(c.skipCount), commits \(c.commitCount), rollbacks \(c.rollbackCount)")
        }
        if e.status == .failed, !e.exitStatus.description.isEmpty {
            lines.append(indentContinuation("  reason: " + e.exitStatus.description, by: 4))
        }
        lines += failureLines(e, steps: steps)
        if e.status.isRestartable { lines.append("  restart with: sluice restart \(e.id)") }
        return lines
    }

    private static func describe(_ f: Failure) -> String { "[\(f.category)] \(f.type): \(f.message)" }

    /// Indents every line after the first by `width` spaces, so multi-line messages stay readable.
    private static func indentContinuation(_ text: String, by width: Int) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false)
            .joined(separator: "\n" + String(repeating: " ", count: width))
    }
}
