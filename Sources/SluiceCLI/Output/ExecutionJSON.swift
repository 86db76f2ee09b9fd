import Sluice

/// The JSON of `show --json`, `run --json` and `executions --json`, with the contract's field
/// names and order. Fields beyond the contract come last (`failures` of the job).
enum ExecutionJSON {
    /// An execution; `steps` nil leaves the `steps` field out (as `executions --json` does).
    static func execution(_ e: JobExecution, steps: [StepExecution]?) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("id", .int(e.id)), ("instanceId", .int(e.instanceId)), ("job", .string(e.jobName)),
            ("status", .string(e.status.rawValue)), ("exitStatus", .string(e.exitStatus.code)),
            ("exitDescription", .string(e.exitStatus.description)),
            ("parameters", DisplayedParameters(e.parameters).json),
            ("startTime", .string(e.startTime.map(Timestamps.format))),
            ("endTime", .string(e.endTime.map(Timestamps.format))),
        ]
        if let steps { members.append(("steps", .array(StepListing.ordered(steps).map(step)))) }
        members.append(("failures", .array(e.failures.map(failure))))
        return .object(members)
    }

    /// One step execution with its counters.
    static func step(_ s: StepExecution) -> JSONValue {
        let c = s.counters
        return .object([
            ("name", .string(s.stepName)), ("status", .string(s.status.rawValue)),
            ("exitStatus", .string(s.exitStatus.code)),
            ("readCount", .int(c.readCount)), ("writeCount", .int(c.writeCount)), ("filterCount", .int(c.filterCount)),
            ("readSkipCount", .int(c.readSkipCount)), ("processSkipCount", .int(c.processSkipCount)),
            ("writeSkipCount", .int(c.writeSkipCount)),
            ("commitCount", .int(c.commitCount)), ("rollbackCount", .int(c.rollbackCount)),
            ("startTime", .string(s.startTime.map(Timestamps.format))),
            ("endTime", .string(s.endTime.map(Timestamps.format))),
            ("failures", .array(s.failures.map(failure))),
        ])
    }

    /// A recorded error: its category, Swift type and message.
    static func failure(_ f: Failure) -> JSONValue {
        .object([("category", .string(f.category)), ("type", .string(f.type)), ("message", .string(f.message))])
    }
}
