/// Why an operator could not combine its operands. Carries no text, so that failing is cheap;
/// the compiled node turns it into a message naming the expression, values and fields.
enum OperationFailure: Error, Equatable {
    /// The operand types cannot be combined (a bool plus an int).
    case incompatible
    /// A string operand that had to be a number is not one.
    case notNumeric(OperandSide)
    /// A string operand compared with a date or timestamp is not an ISO date or timestamp.
    case notTemporal(OperandSide)
    /// A string operand compared with a bool is not `true` or `false`.
    case notBoolean(OperandSide)
    /// Bools and bytes can only be tested with `==` and `!=`.
    case notOrderable
    /// The divisor is zero.
    case divisionByZero
    /// The result does not fit the type (an int overflow, an infinite double).
    case overflow
}

/// Which operand of a binary operator is at fault.
enum OperandSide: Equatable {
    case left, right
}
