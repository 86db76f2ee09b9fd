import Sluice

extension JobSpecReader {
    static let stepKeys = ["step", "description", "chunk", "tasklet", "partition", "transitions", "start-limit", "allow-start-if-complete", "listeners"]
    static let decisionKeys = ["decision", "description", "when", "ref", "transitions"]
    static let splitKeys = ["split", "description", "flows", "threads", "transitions"]

    /// The elements of a flow (`steps:` or one flow of a split).
    mutating func elements(_ node: PropertyNode, _ what: String) -> [ElementSpec] {
        guard let items = node.items else {
            report("\(what) must be a list of elements (each '- step: ID', '- decision: ID' or '- split: ID'), not \(node.kindDescription)",
                   at: node.location)
            return []
        }
        return items.compactMap { element($0) }
    }

    private mutating func element(_ node: PropertyNode) -> ElementSpec? {
        guard let entries = entries(node, "a flow element") else { return nil }
        let kinds = entries.map(\.key).filter { ["step", "decision", "split"].contains($0) }
        guard kinds.count == 1, let kind = kinds.first else {
            let message = kinds.isEmpty
                ? "a flow element needs one of 'step: ID', 'decision: ID' or 'split: ID'\(NameSuggestion.hint(for: entries.first?.key ?? "", in: ["step", "decision", "split"]))"
                : "a flow element has exactly one of 'step', 'decision' or 'split'; found \(kinds.joined(separator: " and "))"
            report(message, at: node.location)
            return nil
        }
        switch kind {
        case "step": return step(node)
        case "decision": return decision(node)
        default: return split(node)
        }
    }

    private mutating func identity(_ fields: [String: PropertyEntry], _ kind: String) -> (String, SourceLocation?)? {
        guard let entry = fields[kind], let id = string(entry.value, "\(kind) id") else { return nil }
        guard Self.isValidName(id), !id.contains(":") else {
            report("\(kind) id '\(id)' may only hold letters, digits, '.', '_' and '-'", at: entry.value.location)
            return nil
        }
        return (id, entry.value.location)
    }

    // MARK: Steps

    private mutating func step(_ node: PropertyNode) -> ElementSpec? {
        guard let fields = map(node, "a step", keys: Self.stepKeys), let (id, at) = identity(fields, "step") else { return nil }
        let body: StepSpec.Body?
        switch (fields["chunk"], fields["tasklet"]) {
        case (let chunk?, nil): body = self.chunk(chunk.value, step: id).map { .chunk($0) }
        case (nil, let tasklet?): body = component(tasklet.value, "tasklet").map { .tasklet($0) }
        case (nil, nil):
            report("step '\(id)' needs 'chunk:' or 'tasklet:'", at: at)
            body = nil
        default:
            report("step '\(id)' has both 'chunk:' and 'tasklet:'; keep one", at: fields["tasklet"]?.keyLocation)
            body = nil
        }
        let transitions = fields["transitions"].map { self.transitions($0.value) } ?? []
        let spec = StepSpec(
            body: body ?? .tasklet(ComponentSpec(name: "noop", properties: .map([]), location: at)),
            startLimit: fields["start-limit"].flatMap { int($0.value, "start-limit") },
            allowStartIfComplete: fields["allow-start-if-complete"].flatMap { bool($0.value, "allow-start-if-complete") } ?? false,
            listeners: fields["listeners"].map { components($0.value, "listener") } ?? [],
            partition: fields["partition"].flatMap { partition($0.value) })
        guard body != nil else { return nil }
        return ElementSpec(id: id, location: at, kind: .step(spec), transitions: transitions)
    }

    private mutating func partition(_ node: PropertyNode) -> PartitionSpec? {
        guard let fields = map(node, "partition", keys: ["threads", "grid-size", "plan", "partitioner"]) else { return nil }
        var spec = PartitionSpec(
            threads: fields["threads"].flatMap { int($0.value, "partition threads") } ?? 1,
            gridSize: fields["grid-size"].flatMap { int($0.value, "grid-size") }, location: node.location)
        switch (fields["plan"], fields["partitioner"]) {
        case (let plan?, nil):
            guard let items = plan.value.items, !items.isEmpty else {
                report("partition plan must be a non-empty list of maps, e.g. [ { file: a.csv }, { file: b.csv } ]", at: plan.value.location)
                return nil
            }
            for item in items where item.entries == nil {
                report("each partition of the plan must be a map of values, not \(item.kindDescription)", at: item.location)
            }
            spec.plan = items
        case (nil, let partitioner?):
            spec.partitioner = component(partitioner.value, "partitioner")
        case (nil, nil):
            report("partition needs 'plan:' or 'partitioner:'", at: node.location)
            return nil
        default:
            report("partition has both 'plan:' and 'partitioner:'; keep one", at: fields["partitioner"]?.keyLocation)
            return nil
        }
        return spec
    }

    // MARK: Decisions and splits

    private mutating func decision(_ node: PropertyNode) -> ElementSpec? {
        guard let fields = map(node, "a decision", keys: Self.decisionKeys), let (id, at) = identity(fields, "decision") else { return nil }
        var spec = DecisionSpec(rules: [], otherwise: nil, decider: nil)
        switch (fields["when"], fields["ref"]) {
        case (let when?, nil): (spec.rules, spec.otherwise) = rules(when.value, decision: id)
        case (nil, let ref?): spec.decider = component(ref.value, "decider")
        case (nil, nil):
            report("decision '\(id)' needs 'when:' rules or 'ref:' (a registered decider)", at: at)
        default:
            report("decision '\(id)' has both 'when:' and 'ref:'; keep one", at: fields["ref"]?.keyLocation)
        }
        let transitions = fields["transitions"].map { self.transitions($0.value) } ?? []
        return ElementSpec(id: id, location: at, kind: .decision(spec), transitions: transitions)
    }

    private mutating func rules(_ node: PropertyNode, decision id: String) -> ([DecisionRule], String?) {
        guard let items = node.items, !items.isEmpty else {
            report("decision '\(id)': 'when' must be a list of { if: EXPR, status: S } ending with { else: S }", at: node.location)
            return ([], nil)
        }
        var rules: [DecisionRule] = []
        var otherwise: String?
        for (index, item) in items.enumerated() {
            guard let fields = map(item, "a decision rule", keys: ["if", "status", "else"]) else { continue }
            if let other = fields["else"] {
                if fields["if"] != nil || fields["status"] != nil { report("'else' stands alone: { else: STATUS }", at: item.location) }
                if index != items.count - 1 { report("'else' must be the last rule", at: other.keyLocation) }
                otherwise = string(other.value, "else status")
                continue
            }
            guard let condition = fields["if"], let status = fields["status"] else {
                report("a decision rule needs 'if:' and 'status:' (or is { else: STATUS })", at: item.location)
                continue
            }
            if let text = string(condition.value, "if"), let code = string(status.value, "status") {
                rules.append(DecisionRule(condition: text, status: code, location: condition.value.location))
            }
        }
        return (rules, otherwise)
    }

    private mutating func split(_ node: PropertyNode) -> ElementSpec? {
        guard let fields = map(node, "a split", keys: Self.splitKeys), let (id, at) = identity(fields, "split") else { return nil }
        guard let flowsEntry = fields["flows"] else {
            report("split '\(id)' needs 'flows:' (a list of element lists)", at: at)
            return nil
        }
        guard let flowNodes = flowsEntry.value.items, !flowNodes.isEmpty else {
            report("split '\(id)': 'flows' must be a non-empty list of element lists", at: flowsEntry.value.location)
            return nil
        }
        let flows = flowNodes.map { elements($0, "each flow of split '\(id)'") }
        let spec = SplitSpec(flows: flows, threads: fields["threads"].flatMap { int($0.value, "split threads") })
        let transitions = fields["transitions"].map { self.transitions($0.value) } ?? []
        return ElementSpec(id: id, location: at, kind: .split(spec), transitions: transitions)
    }

    // MARK: Transitions

    mutating func transitions(_ node: PropertyNode) -> [TransitionSpec] {
        guard let items = node.items else {
            report("transitions must be a list of { on: PATTERN, to: ID | end: true | fail: true | stop: true }", at: node.location)
            return []
        }
        return items.compactMap { transition($0) }
    }

    private mutating func transition(_ node: PropertyNode) -> TransitionSpec? {
        guard let fields = map(node, "a transition", keys: ["on", "to", "end", "fail", "stop"]) else { return nil }
        guard let on = fields["on"], let pattern = string(on.value, "on") else {
            if fields["on"] == nil { report("a transition needs 'on: PATTERN'", at: node.location) }
            return nil
        }
        let actions = ["to", "end", "fail", "stop"].compactMap { fields[$0] }
        guard actions.count == 1, let action = actions.first else {
            report("a transition needs exactly one of 'to', 'end', 'fail' or 'stop'", at: node.location)
            return nil
        }
        guard let resolved = transitionAction(action) else { return nil }
        return TransitionSpec(pattern: pattern, action: resolved, location: node.location)
    }

    private mutating func transitionAction(_ entry: PropertyEntry) -> Transition.Action? {
        let value = entry.value
        switch entry.key {
        case "to": return string(value, "to").map { .to($0) }
        case "end", "fail":
            let exit = exitStatus(value, entry.key, extra: [])
            guard let exit else { return nil }
            return entry.key == "end" ? .end(exitStatus: exit.status) : .fail(exitStatus: exit.status)
        default:
            guard let exit = exitStatus(value, "stop", extra: ["restart"]) else { return nil }
            return .stop(restart: exit.restart, exitStatus: exit.status)
        }
    }

    /// `true`, or `{ exit-status: S }` (and `restart: ID` for stop).
    private mutating func exitStatus(_ node: PropertyNode, _ what: String, extra: [String]) -> (status: String?, restart: String?)? {
        if node.entries == nil {
            guard let flag = bool(node, what) else { return nil }
            if !flag { report("'\(what): false' means nothing; write '\(what): true' or remove the transition", at: node.location) }
            return (nil, nil)
        }
        guard let fields = map(node, what, keys: ["exit-status"] + extra) else { return nil }
        return (fields["exit-status"].flatMap { string($0.value, "exit-status") }, fields["restart"].flatMap { string($0.value, "restart") })
    }
}
