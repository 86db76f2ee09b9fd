import Sluice

extension ExpressionScope {
    /// The scope of a step's components: `jobParameters`, `jobExecutionContext`,
    /// `stepExecutionContext` and, in a partition worker, `partition`.
    public init(_ context: StepContext) {
        self.init([
            "jobParameters": ScopeValue(context.jobParameters),
            "jobExecutionContext": ScopeValue(context.jobExecutionContext),
            "stepExecutionContext": ScopeValue(context.stepExecutionContext),
        ])
        if let partition = context.partition { roots["partition"] = ScopeValue(partition) }
    }

    /// The scope of a flow decision: `jobParameters`, `jobExecutionContext` and `steps`
    /// (each step execution by name, with its counters, `status` and `exitStatus`).
    public init(_ context: DecisionContext) {
        self.init([
            "jobParameters": ScopeValue(context.jobParameters),
            "jobExecutionContext": ScopeValue(context.jobExecutionContext),
            "steps": .map(context.steps.mapValues { ScopeValue($0) }),
        ])
    }
}
