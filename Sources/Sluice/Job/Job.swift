/// A batch job: a name, a flow of steps, and the rules for launching it.
///
/// ```swift
/// let job = try Job("import-orders", steps: [load, report])
///     .incrementer(RunIdIncrementer())
/// let execution = try await JobOperator(repository: InMemoryJobRepository()).start(job, parameters: [:])
/// ```
public struct Job: Sendable {
    /// The job name; with the identifying parameters it defines the job instance.
    public let name: String
    /// The flow of elements.
    public let flow: Flow
    /// Whether a FAILED or STOPPED instance may be restarted.
    public var restartable = true
    /// Derives the next instance's parameters for `startNextInstance`.
    public var incrementer: (any JobParametersIncrementer)?
    /// Checks parameters before a launch.
    public var validator: (any JobParametersValidator)?
    /// Notified when executions start and end.
    public var listeners: [any JobExecutionListener] = []

    /// Creates a job from a flow, checking it (``JobDefinitionError`` lists every problem).
    public init(_ name: String, flow: Flow) throws(JobDefinitionError) {
        self.name = name
        self.flow = flow
        let problems = FlowValidation.problems(jobName: name, flow: flow)
        if !problems.isEmpty { throw JobDefinitionError(problems: problems) }
    }

    /// Creates a job whose steps run in order.
    public init(_ name: String, steps: [any Step]) throws(JobDefinitionError) {
        try self.init(name, flow: Flow(steps: steps))
    }

    /// Sets whether the job may be restarted.
    public func restartable(_ restartable: Bool) -> Job { var j = self; j.restartable = restartable; return j }
    /// Sets the incrementer used by `startNextInstance`.
    public func incrementer(_ incrementer: any JobParametersIncrementer) -> Job { var j = self; j.incrementer = incrementer; return j }
    /// Sets the parameters validator.
    public func validator(_ validator: any JobParametersValidator) -> Job { var j = self; j.validator = validator; return j }
    /// Adds a job listener.
    public func listener(_ listener: any JobExecutionListener) -> Job { var j = self; j.listeners.append(listener); return j }

    /// The step with a name anywhere in the flow (including nested flows and splits).
    public func step(named name: String) -> (any Step)? {
        func search(_ flow: Flow) -> (any Step)? {
            for element in flow.elements {
                switch element.kind {
                case .step(let s) where s.name == name: return s
                case .step(let s as PartitionStep) where name.hasPrefix(s.name + ":"): return s.worker
                case .split(let flows, _): if let s = flows.lazy.compactMap(search).first { return s }
                case .flow(let f): if let s = search(f) { return s }
                default: break
                }
            }
            return nil
        }
        return search(flow)
    }

    /// The names of every step in the flow, including nested flows and splits.
    var stepNames: [String] { Self.stepNames(in: flow) }

    /// The names of the steps inside the split or nested flow `id` (empty for other elements).
    func stepNames(inside id: String) -> [String] {
        func find(_ flow: Flow) -> FlowElement? {
            for element in flow.elements {
                if element.id == id { return element }
                switch element.kind {
                case .split(let flows, _): if let e = flows.lazy.compactMap(find).first { return e }
                case .flow(let f): if let e = find(f) { return e }
                default: break
                }
            }
            return nil
        }
        switch find(flow)?.kind {
        case .split(let flows, _)?: return flows.flatMap { Self.stepNames(in: $0) }
        case .flow(let f)?: return Self.stepNames(in: f)
        default: return []
        }
    }

    private static func stepNames(in flow: Flow) -> [String] {
        func collect(_ flow: Flow) -> [String] {
            flow.elements.flatMap { element -> [String] in
                switch element.kind {
                case .step(let s): [s.name]
                case .decision: []
                case .split(let flows, _): flows.flatMap(collect)
                case .flow(let f): collect(f)
                }
            }
        }
        return collect(flow)
    }

    /// The path of element ids from the top-level flow down to `id`, or nil if absent.
    func path(to id: String) -> [String]? {
        func search(_ flow: Flow) -> [String]? {
            for element in flow.elements {
                if element.id == id { return [id] }
                switch element.kind {
                case .split(let flows, _):
                    if let inner = flows.lazy.compactMap(search).first { return [element.id] + inner }
                case .flow(let f):
                    if let inner = search(f) { return [element.id] + inner }
                default: break
                }
            }
            return nil
        }
        return search(flow)
    }
}

/// A job definition with problems: duplicate ids, transitions to unknown elements, unreachable
/// elements, empty flows. Lists all of them.
public struct JobDefinitionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Every problem found.
    public var problems: [String]

    /// Creates the error.
    public init(problems: [String]) { self.problems = problems }

    public var description: String { problems.joined(separator: "\n") }
}

enum FlowValidation {
    static func problems(jobName: String, flow: Flow) -> [String] {
        var problems: [String] = []
        if jobName.isEmpty || !jobName.allSatisfy({ $0.isLetter || $0.isNumber || "._-".contains($0) }) {
            problems.append("job name '\(jobName)' must be non-empty letters, digits, '.', '_' or '-'")
        }
        var seen: Set<String> = []
        var allIds: [String] = []
        collectIds(flow, into: &allIds)
        for id in allIds {
            if !seen.insert(id).inserted { problems.append("duplicate element id '\(id)'") }
            if id.isEmpty || id.contains(":") { problems.append("element id '\(id)' must be non-empty and contain no ':'") }
        }
        check(flow, allIds: Set(allIds), path: "job '\(jobName)'", problems: &problems)
        return problems
    }

    private static func collectIds(_ flow: Flow, into ids: inout [String]) {
        for element in flow.elements {
            ids.append(element.id)
            switch element.kind {
            case .split(let flows, _): flows.forEach { collectIds($0, into: &ids) }
            case .flow(let f): collectIds(f, into: &ids)
            default: break
            }
        }
    }

    private static func check(_ flow: Flow, allIds: Set<String>, path: String, problems: inout [String]) {
        guard !flow.elements.isEmpty else {
            problems.append("\(path): a flow needs at least one element")
            return
        }
        let local = Set(flow.elements.map(\.id))
        for element in flow.elements {
            for t in element.transitions {
                switch t.action {
                case .to(let target) where !local.contains(target):
                    problems.append("element '\(element.id)': transition on '\(t.pattern)' goes to '\(target)', which is not an element of the same flow")
                case .stop(let restart?, _) where !allIds.contains(restart):
                    problems.append("element '\(element.id)': stop transition restarts at unknown element '\(restart)'")
                default: break
                }
            }
            switch element.kind {
            case .split(let flows, let threads):
                if flows.isEmpty { problems.append("split '\(element.id)' has no flows") }
                if let threads, threads < 1 { problems.append("split '\(element.id)': threads must be at least 1") }
                for f in flows { check(f, allIds: allIds, path: "split '\(element.id)'", problems: &problems) }
            case .flow(let f):
                check(f, allIds: allIds, path: "flow '\(element.id)'", problems: &problems)
            default: break
            }
        }
        for id in unreachable(flow) {
            problems.append("element '\(id)' is unreachable")
        }
    }

    /// Elements no path from the first element reaches (a stop's restart target counts as reached).
    private static func unreachable(_ flow: Flow) -> [String] {
        var reached: Set<Int> = [0]
        var queue = [0]
        while let i = queue.popLast() {
            let element = flow.elements[i]
            var next: [Int] = []
            if element.transitions.isEmpty {
                if i + 1 < flow.elements.count { next.append(i + 1) }
            } else {
                // `stop: { restart: ID }` makes ID where the next run begins, so it is reached too.
                for t in element.transitions {
                    switch t.action {
                    case .to(let id), .stop(restart: let id?, _): if let j = flow.index(of: id) { next.append(j) }
                    default: break
                    }
                }
            }
            for j in next where reached.insert(j).inserted { queue.append(j) }
        }
        return flow.elements.indices.filter { !reached.contains($0) }.map { flow.elements[$0].id }
    }
}
