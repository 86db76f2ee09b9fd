import Sluice

extension ScopeValue {
    /// The job parameters as a map of typed values (`jobParameters['day']`).
    public init(_ parameters: JobParameters) {
        var members: [String: ScopeValue] = [:]
        for (name, parameter) in parameters { members[name] = .value(RecordValue(parameter.value)) }
        self = .map(members)
    }

    /// An execution context (job, step or partition) as a map; nested objects become maps and
    /// arrays become maps keyed by index (`'0'`, `'1'`, ...).
    public init(_ context: ExecutionContext) {
        var members: [String: ScopeValue] = [:]
        for (key, value) in context { members[key] = ScopeValue(value) }
        self = .map(members)
    }

    /// One context value.
    public init(_ value: ContextValue) {
        switch value {
        case .null: self = .value(.null)
        case .bool(let b): self = .value(.bool(b))
        case .int(let i): self = .value(.int(i))
        case .double(let d): self = .value(.double(d))
        case .string(let s): self = .value(.string(s))
        case .array(let elements):
            self = .map(Dictionary(uniqueKeysWithValues: elements.enumerated().map { (String($0.offset), ScopeValue($0.element)) }))
        case .object(let members): self = .map(members.mapValues { ScopeValue($0) })
        }
    }

    /// A step execution as decisions see it: every counter (`readCount`, `writeCount`,
    /// `filterCount`, `readSkipCount`, `processSkipCount`, `writeSkipCount`, `skipCount`,
    /// `commitCount`, `rollbackCount`), `status` and `exitStatus` (codes as strings).
    public init(_ step: StepExecution) {
        let c = step.counters
        self = [
            "readCount": .value(.int(c.readCount)), "writeCount": .value(.int(c.writeCount)),
            "filterCount": .value(.int(c.filterCount)), "readSkipCount": .value(.int(c.readSkipCount)),
            "processSkipCount": .value(.int(c.processSkipCount)), "writeSkipCount": .value(.int(c.writeSkipCount)),
            "skipCount": .value(.int(c.skipCount)), "commitCount": .value(.int(c.commitCount)),
            "rollbackCount": .value(.int(c.rollbackCount)),
            "status": .value(.string(step.status.rawValue)), "exitStatus": .value(.string(step.exitStatus.code)),
        ]
    }
}

extension RecordValue {
    /// A job parameter value as a record value.
    init(_ value: JobParameter.Value) {
        switch value {
        case .string(let s): self = .string(s)
        case .int(let i): self = .int(i)
        case .double(let d): self = .double(d)
        case .bool(let b): self = .bool(b)
        case .date(let d): self = .date(d)
        case .timestamp(let t): self = .timestamp(t)
        }
    }
}
