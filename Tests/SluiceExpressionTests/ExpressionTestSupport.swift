import Foundation
import Sluice
import SluiceExpression
import Testing

/// Evaluates `source` against `item`, failing the test on a syntax error.
func value(_ source: String, _ item: Record = Record(), scope: ExpressionScope = .empty) throws -> RecordValue {
    try Expression(source).evaluate(item, in: scope)
}

/// The syntax error `source` raises, or nil when it compiles.
func syntaxError(_ source: String) -> ExpressionSyntaxError? {
    do {
        _ = try Expression(source)
        return nil
    } catch {
        return error
    }
}

/// The batch error evaluating `source` on `item` raises, or nil when it succeeds.
func evaluationError(_ source: String, _ item: Record = Record(), scope: ExpressionScope = .empty) throws -> BatchError? {
    let expression = try Expression(source)
    do {
        _ = try expression.evaluate(item, in: scope)
        return nil
    } catch {
        return error
    }
}

/// An exact decimal from text.
func decimal(_ text: String) -> RecordValue {
    .decimal(Decimal(string: text)!)
}
