/// Chooses the next path of a flow: returns an exit status code that the decision's transitions
/// match. A decision runs again on every restart that reaches it.
public protocol Decider: Sendable {
    /// The exit status code to branch on.
    func decide(_ context: DecisionContext) async throws -> String
}

/// What a decider can see.
public struct DecisionContext: Sendable {
    /// The job execution running the flow.
    public var jobExecutionId: Int
    /// The job parameters.
    public var jobParameters: JobParameters
    /// The job execution context.
    public var jobExecutionContext: ExecutionContext
    /// The latest execution of each step of the job instance by name (this execution's, or the
    /// recorded one of a step completed earlier).
    public var steps: [String: StepExecution]
    /// The execution of the element just before the decision, when it was a step.
    public var lastStep: StepExecution?
}

/// A decider from a closure.
public struct ClosureDecider: Decider {
    private let body: @Sendable (DecisionContext) async throws -> String

    /// Creates the decider.
    public init(_ body: @escaping @Sendable (DecisionContext) async throws -> String) { self.body = body }

    public func decide(_ context: DecisionContext) async throws -> String { try await body(context) }
}
