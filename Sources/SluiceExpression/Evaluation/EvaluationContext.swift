import Sluice

/// What one evaluation sees: the item and the scope roots.
struct EvaluationContext {
    /// The item whose fields bare names resolve to first.
    let item: Record
    /// The roots names resolve to when the item has no such field.
    let scope: ExpressionScope

    /// No item and no roots, for folding constants at compile time.
    static let none = EvaluationContext(item: Record(), scope: .empty)
}
