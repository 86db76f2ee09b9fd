/// The functions an expression can call, resolved when the expression is compiled.
enum BuiltinFunction: String, Sendable, CaseIterable {
    case upper, lower, trim, length, substr, coalesce, int, double, string, round, abs

    /// How many arguments the function takes.
    var arity: ClosedRange<Int> {
        switch self {
        case .substr: 2...3
        case .round: 1...2
        case .coalesce: 2...Int.max
        default: 1...1
        }
    }

    /// The arity in words, for errors: `1 argument`, `2 or 3 arguments`, `at least 2 arguments`.
    var arityText: String {
        if arity.upperBound == Int.max { return "at least \(arity.lowerBound) arguments" }
        if arity.count == 1 { return arity.lowerBound == 1 ? "1 argument" : "\(arity.lowerBound) arguments" }
        return "\(arity.lowerBound) or \(arity.upperBound) arguments"
    }
}
