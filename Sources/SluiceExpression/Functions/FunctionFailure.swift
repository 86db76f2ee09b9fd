/// Why a function rejected its arguments. Carries no values, so that failing is cheap; the
/// compiled call turns it into a message naming the expression, argument values and fields.
enum FunctionFailure: Error, Equatable {
    /// Argument `index` (0-based) has the wrong type; `expected` reads like "a string".
    case wrongType(argument: Int, expected: String)
    /// Argument `index` cannot be converted to `target` (a type name).
    case notConvertible(argument: Int, target: String)
    /// Argument `index` is outside the allowed range, described by `rule`.
    case outOfRange(argument: Int, rule: String)
    /// The result does not fit its type.
    case overflow
}
