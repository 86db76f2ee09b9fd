import Sluice
import SluiceExpression

/// The decider of a `decision:` with `when:` rules: the first rule whose condition holds gives
/// the exit status, else the `else` status. Conditions see `steps['ID']` (counters, `status`,
/// `exitStatus`), `jobParameters['NAME']` and `jobExecutionContext['KEY']`; they are compiled
/// once, when the job is loaded.
struct RuleDecider: Decider {
    let id: String
    let rules: [(condition: Expression, status: String)]
    let otherwise: String?

    func decide(_ context: DecisionContext) async throws -> String {
        let scope = ExpressionScope(context)
        for rule in rules where try rule.condition.isTrue(Record(), in: scope) { return rule.status }
        guard let otherwise else {
            throw BatchError(.validation, "decision '\(id)': no rule matched and there is no 'else'")
        }
        return otherwise
    }

}
