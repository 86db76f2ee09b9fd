import Sluice

/// The arithmetic and comparison operators.
enum BinaryOperator: String, Sendable, CaseIterable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", remainder = "%"
    case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="

    /// `==` ... `>=` for a comparison symbol.
    init?(comparison symbol: Token.Symbol) {
        switch symbol {
        case .equal: self = .equal
        case .notEqual: self = .notEqual
        case .less: self = .less
        case .lessOrEqual: self = .lessOrEqual
        case .greater: self = .greater
        case .greaterOrEqual: self = .greaterOrEqual
        default: return nil
        }
    }

    /// `+` or `-`.
    init?(additive symbol: Token.Symbol) {
        switch symbol {
        case .plus: self = .add
        case .minus: self = .subtract
        default: return nil
        }
    }

    /// `*`, `/` or `%`.
    init?(multiplicative symbol: Token.Symbol) {
        switch symbol {
        case .star: self = .multiply
        case .slash: self = .divide
        case .percent: self = .remainder
        default: return nil
        }
    }

    /// Whether this is a comparison (which yields a bool).
    var isComparison: Bool {
        switch self {
        case .add, .subtract, .multiply, .divide, .remainder: false
        default: true
        }
    }

    /// Applies the operator to two values (see ``Expression`` for the rules).
    func apply(_ lhs: RecordValue, _ rhs: RecordValue) throws(OperationFailure) -> RecordValue {
        switch self {
        case .add: try Arithmetic.add(lhs, rhs)
        case .subtract: try Arithmetic.subtract(lhs, rhs)
        case .multiply: try Arithmetic.multiply(lhs, rhs)
        case .divide: try Arithmetic.divide(lhs, rhs)
        case .remainder: try Arithmetic.remainder(lhs, rhs)
        default: .bool(try compare(lhs, rhs))
        }
    }

    /// A comparison's outcome; any comparison with a null operand is false.
    private func compare(_ lhs: RecordValue, _ rhs: RecordValue) throws(OperationFailure) -> Bool {
        if lhs.isNull || rhs.isNull { return false }
        switch self {
        case .equal: return try ValueOrder.equal(lhs, rhs)
        case .notEqual: return try !ValueOrder.equal(lhs, rhs)
        case .less: return try ValueOrder.compare(lhs, rhs) < 0
        case .lessOrEqual: return try ValueOrder.compare(lhs, rhs) <= 0
        case .greater: return try ValueOrder.compare(lhs, rhs) > 0
        default: return try ValueOrder.compare(lhs, rhs) >= 0
        }
    }

    /// How a failure of this operator reads: `cannot multiply A by B`.
    func failureText(_ lhs: String, _ rhs: String) -> String {
        switch self {
        case .add: "cannot add \(lhs) and \(rhs)"
        case .subtract: "cannot subtract \(rhs) from \(lhs)"
        case .multiply: "cannot multiply \(lhs) by \(rhs)"
        case .divide: "cannot divide \(lhs) by \(rhs)"
        case .remainder: "cannot take the remainder of \(lhs) divided by \(rhs)"
        default: "cannot compare \(lhs) with \(rhs) using '\(rawValue)'"
        }
    }
}
