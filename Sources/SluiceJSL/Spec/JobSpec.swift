import Sluice

/// A job file as read, before components are built: every value keeps its location so that
/// later checks (flow, components, expressions) can point at the line that is wrong.
public struct JobSpec: Sendable {
    /// The job name.
    public var name: String
    /// Free text.
    public var description: String?
    /// Whether failed or stopped executions may be restarted.
    public var restartable: Bool
    /// `run-id` or `timestamp`, used by `--next`.
    public var incrementer: String?
    /// The declared parameters.
    public var parameters: [String: JobParameterDeclaration]
    /// The named connections (URLs as written, `${env:}` references not yet resolved).
    public var connections: [ConnectionSpec]
    /// Job-level listeners.
    public var listeners: [ComponentSpec]
    /// The top-level flow.
    public var elements: [ElementSpec]
    /// Where the job was declared.
    public var location: SourceLocation?
}

/// A named connection as written.
public struct ConnectionSpec: Sendable {
    /// The name steps refer to.
    public var name: String
    /// The URL node (its text may hold `${env:...}`).
    public var url: PropertyNode
    /// Where it was declared.
    public var location: SourceLocation?
}

/// A reference to a registered component with its properties: `{ csv: { path: a.csv } }`.
public struct ComponentSpec: Sendable {
    /// The registered name.
    public var name: String
    /// The properties (an empty map when none were given).
    public var properties: PropertyNode
    /// Where the component was named.
    public var location: SourceLocation?
}

/// One element of a flow: a step, a decision or a split, with its transitions.
public struct ElementSpec: Sendable {
    /// The element id.
    public var id: String
    /// Where the id was written.
    public var location: SourceLocation?
    /// What the element is.
    public var kind: Kind
    /// Its transitions, in the order written.
    public var transitions: [TransitionSpec]

    /// The kinds of element.
    public enum Kind: Sendable {
        case step(StepSpec)
        case decision(DecisionSpec)
        case split(SplitSpec)
    }
}

/// A step: a chunk or a tasklet, optionally partitioned.
public struct StepSpec: Sendable {
    /// The work.
    public var body: Body
    /// How many times the step may start for one instance.
    public var startLimit: Int?
    /// Whether a completed step runs again on restart.
    public var allowStartIfComplete: Bool
    /// Step-level listeners.
    public var listeners: [ComponentSpec]
    /// The partitioning, if any.
    public var partition: PartitionSpec?

    /// Chunk or tasklet.
    public enum Body: Sendable {
        case chunk(ChunkSpec)
        case tasklet(ComponentSpec)
    }
}

/// A chunk step's components and policies.
public struct ChunkSpec: Sendable {
    /// Items per transaction.
    public var size: Int
    /// A commit at the latest after this long, even with fewer items.
    public var timeLimit: Duration?
    /// Whether the next chunk may be read while the current one is written (readers that allow it).
    public var readAhead: Bool = true
    /// The reader.
    public var reader: ComponentSpec
    /// The processors, run as a chain (empty: items pass unchanged).
    public var processors: [ComponentSpec]
    /// The writer.
    public var writer: ComponentSpec
    /// The retry policy.
    public var retry: RetryPolicy
    /// The skip policy.
    public var skip: SkipPolicy
    /// Errors that do not roll the chunk back.
    public var noRollback: [ErrorMatcher]
}

/// How a step is partitioned.
public struct PartitionSpec: Sendable {
    /// Partitions run at once.
    public var threads: Int
    /// The number of partitions asked of a partitioner.
    public var gridSize: Int?
    /// A static plan: one map of values per partition.
    public var plan: [PropertyNode]?
    /// A registered partitioner.
    public var partitioner: ComponentSpec?
    /// Where `partition:` was written.
    public var location: SourceLocation?
}

/// A decision: expression rules (`when:`) or a registered decider (`ref:`).
public struct DecisionSpec: Sendable {
    /// `{ if: EXPR, status: S }` rules, in order.
    public var rules: [DecisionRule]
    /// The status when no rule matches.
    public var otherwise: String?
    /// A registered decider instead of rules.
    public var decider: ComponentSpec?

    /// The exit statuses this decision can produce, when known (rules); nil for a decider.
    public var possibleStatuses: [String]? {
        guard decider == nil else { return nil }
        return rules.map(\.status) + [otherwise].compactMap { $0 }
    }
}

/// One `{ if: EXPR, status: S }` rule.
public struct DecisionRule: Sendable {
    /// The condition.
    public var condition: String
    /// The exit status when it holds.
    public var status: String
    /// Where the condition was written.
    public var location: SourceLocation?
}

/// A split: flows run in parallel.
public struct SplitSpec: Sendable {
    /// The flows.
    public var flows: [[ElementSpec]]
    /// Flows run at once (default: all).
    public var threads: Int?
}

/// `{ on: PATTERN, ACTION }`.
public struct TransitionSpec: Sendable {
    /// The exit status pattern.
    public var pattern: String
    /// What to do.
    public var action: Transition.Action
    /// Where the transition was written.
    public var location: SourceLocation?

    /// The element id the action continues at (`to`, or a stop's restart), if any.
    public var target: String? {
        switch action {
        case .to(let id): id
        case .stop(let restart, _): restart
        default: nil
        }
    }
}
