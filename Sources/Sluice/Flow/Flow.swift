/// An ordered list of elements run one after another unless transitions say otherwise.
/// Without transitions, an element that COMPLETED continues with the next one and anything else
/// fails the job; with transitions, the most specific matching pattern decides, and an exit
/// status that none matches fails the job.
public struct Flow: Sendable {
    /// The elements, in order.
    public var elements: [FlowElement]

    /// Creates a flow.
    public init(_ elements: [FlowElement]) { self.elements = elements }

    /// A flow of steps run in order.
    public init(steps: [any Step]) { elements = steps.map { FlowElement.step($0) } }

    func index(of id: String) -> Int? { elements.firstIndex { $0.id == id } }
}

/// One element of a ``Flow``: a step, a decision, a split of parallel flows, or a nested flow.
public struct FlowElement: Sendable {
    /// The element id, unique within the job (a step's id is its name).
    public var id: String
    /// What the element runs.
    public var kind: Kind
    /// Where to go next, by exit status.
    public var transitions: [Transition]

    /// The kinds of elements.
    public indirect enum Kind: Sendable {
        /// Runs a step.
        case step(any Step)
        /// Asks a decider for an exit status.
        case decision(any Decider)
        /// Runs flows in parallel, at most `threads` at once (nil: all).
        case split([Flow], threads: Int?)
        /// Runs a nested flow.
        case flow(Flow)
    }

    /// A step element.
    public static func step(_ step: any Step, transitions: [Transition] = []) -> FlowElement {
        FlowElement(id: step.name, kind: .step(step), transitions: transitions)
    }

    /// A decision element.
    public static func decision(_ id: String, _ decider: any Decider, transitions: [Transition] = []) -> FlowElement {
        FlowElement(id: id, kind: .decision(decider), transitions: transitions)
    }

    /// A split element. It COMPLETES when every flow completes; otherwise its status is that of
    /// the first flow (in list order) that did not.
    public static func split(_ id: String, flows: [Flow], threads: Int? = nil, transitions: [Transition] = []) -> FlowElement {
        FlowElement(id: id, kind: .split(flows, threads: threads), transitions: transitions)
    }

    /// A nested flow element.
    public static func flow(_ id: String, _ flow: Flow, transitions: [Transition] = []) -> FlowElement {
        FlowElement(id: id, kind: .flow(flow), transitions: transitions)
    }
}
