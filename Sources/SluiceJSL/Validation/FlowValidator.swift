import Sluice

/// Checks the shape of a job's flows: unique ids, transitions to known ids of the same flow,
/// no unreachable elements, and no cycle that nothing can leave.
struct FlowValidator {
    private(set) var problems: [PropertyProblem] = []
    private var seen: [String: SourceLocation?] = [:]

    mutating func check(_ elements: [ElementSpec]) {
        checkFlow(elements)
    }

    private mutating func report(_ message: String, at location: SourceLocation?) {
        problems.append(PropertyProblem(message, at: location))
    }

    private mutating func checkFlow(_ elements: [ElementSpec]) {
        let ids = elements.map(\.id)
        for element in elements {
            if let first = seen[element.id] {
                report("duplicate id '\(element.id)' (first used at \(first.map(\.description) ?? "?")); ids must be unique in the whole job",
                       at: element.location)
            } else {
                seen[element.id] = element.location
            }
            for transition in element.transitions {
                if let target = transition.target, !ids.contains(target) {
                    report("transition to unknown id '\(target)'\(NameSuggestion.hint(for: target, in: ids))"
                           + " (a transition may only name an element of the same flow)", at: transition.location)
                }
            }
            if case .split(let split) = element.kind { split.flows.forEach { checkFlow($0) } }
        }
        checkReachability(elements)
        checkCycles(elements)
    }

    /// Where an element can continue: the next element by default, else its `to`/restart targets.
    private static func successors(_ index: Int, in elements: [ElementSpec]) -> [Int] {
        let element = elements[index]
        if element.transitions.isEmpty { return index + 1 < elements.count ? [index + 1] : [] }
        return element.transitions.compactMap { t in t.target.flatMap { id in elements.firstIndex { $0.id == id } } }
    }

    private mutating func checkReachability(_ elements: [ElementSpec]) {
        guard !elements.isEmpty else { return }
        var reached: Set<Int> = [0]
        var queue = [0]
        while let index = queue.popLast() {
            for next in Self.successors(index, in: elements) where reached.insert(next).inserted { queue.append(next) }
        }
        for (index, element) in elements.enumerated() where !reached.contains(index) {
            report("'\(element.id)' is never reached: no transition leads to it and the element before it does not continue to it",
                   at: element.location)
        }
    }

    /// Whether an element can end the flow or leave `component` (so a loop through it can end).
    private static func canLeave(_ index: Int, _ elements: [ElementSpec], _ component: Set<Int>) -> Bool {
        let element = elements[index]
        if element.transitions.isEmpty { return true }
        for t in element.transitions {
            switch t.action {
            case .end, .fail, .stop: return true
            case .to(let id):
                if let target = elements.firstIndex(where: { $0.id == id }), !component.contains(target) { return true }
            }
        }
        if case .decision(let decision) = element.kind, let statuses = decision.possibleStatuses {
            // A status that no transition matches fails the job, which leaves the loop.
            return statuses.contains { status in !element.transitions.contains { Transition(on: $0.pattern, .end()).matches(status) } }
        }
        return !element.transitions.contains { $0.pattern == "*" }
    }

    private mutating func checkCycles(_ elements: [ElementSpec]) {
        for component in Self.stronglyConnected(elements) {
            let isLoop = component.count > 1 || component.contains { Self.successors($0, in: elements).contains($0) }
            guard isLoop, !component.contains(where: { Self.canLeave($0, elements, component) }) else { continue }
            let path = component.sorted().map { elements[$0].id }.joined(separator: " → ")
            report("cycle without an exit: \(path) — every status leads back into the cycle", at: elements[component.min() ?? 0].location)
        }
    }

    /// Tarjan's strongly connected components over the successor graph.
    private static func stronglyConnected(_ elements: [ElementSpec]) -> [Set<Int>] {
        var index = 0
        var indices: [Int: Int] = [:]
        var lowlink: [Int: Int] = [:]
        var stack: [Int] = []
        var onStack: Set<Int> = []
        var result: [Set<Int>] = []
        func visit(_ v: Int) {
            indices[v] = index
            lowlink[v] = index
            index += 1
            stack.append(v)
            onStack.insert(v)
            for w in successors(v, in: elements) {
                if indices[w] == nil {
                    visit(w)
                    lowlink[v] = min(lowlink[v] ?? 0, lowlink[w] ?? 0)
                } else if onStack.contains(w) {
                    lowlink[v] = min(lowlink[v] ?? 0, indices[w] ?? 0)
                }
            }
            if lowlink[v] == indices[v] {
                var component: Set<Int> = []
                while let w = stack.popLast() {
                    onStack.remove(w)
                    component.insert(w)
                    if w == v { break }
                }
                result.append(component)
            }
        }
        for v in elements.indices where indices[v] == nil { visit(v) }
        return result
    }
}
