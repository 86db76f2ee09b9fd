import Sluice
import SluiceExpression

/// Checks every component a job names against the registry (known name, valid properties),
/// every `#{...}` placeholder, and every decision rule's expression.
struct ComponentValidator {
    let registry: ComponentRegistry
    private(set) var problems: [PropertyProblem] = []

    init(registry: ComponentRegistry) { self.registry = registry }

    mutating func check(_ spec: JobSpec) {
        spec.listeners.forEach { check(.listener, $0) }
        check(spec.elements)
    }

    private mutating func check(_ elements: [ElementSpec]) {
        for element in elements {
            switch element.kind {
            case .step(let step): check(step)
            case .decision(let decision):
                if let ref = decision.decider { check(.decider, ref) }
                for rule in decision.rules {
                    do { _ = try Expression(rule.condition) } catch {
                        problems.append(PropertyProblem("in 'if: \(rule.condition)': \(error)", at: rule.location))
                    }
                }
            case .split(let split): split.flows.forEach { check($0) }
            }
        }
    }

    private mutating func check(_ step: StepSpec) {
        switch step.body {
        case .chunk(let chunk):
            check(.reader, chunk.reader)
            chunk.processors.forEach { check(.processor, $0) }
            check(.writer, chunk.writer)
        case .tasklet(let tasklet): check(.tasklet, tasklet)
        }
        step.listeners.forEach { check(.listener, $0) }
        if let partitioner = step.partition?.partitioner { check(.partitioner, partitioner) }
        step.partition?.plan?.forEach { Placeholders.validate($0, problems: &problems) }
    }

    private mutating func check(_ kind: ComponentRegistry.Kind, _ component: ComponentSpec) {
        guard registry.contains(kind, component.name) else {
            problems.append(PropertyProblem(registry.unknownMessage(kind, component.name), at: component.location))
            return
        }
        do {
            try registry.validate(kind, component.name, properties: component.properties)
        } catch {
            problems.append(contentsOf: error.problems.map { problem in
                var p = problem
                p.message = "\(kind) '\(component.name)': \(p.message)"
                if p.location == nil { p.location = component.location }
                return p
            })
        }
        Placeholders.validate(component.properties, problems: &problems)
    }
}
