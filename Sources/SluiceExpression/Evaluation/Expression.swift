import Sluice

/// A compiled expression, as written in job files (`filter`, `set`, decision `if`, placeholders).
///
/// The source is parsed and compiled once, into a tree of closures with constant subtrees
/// folded; evaluating it per item does no parsing. The full reference with examples is in
/// `docs/expressions.md`; in short:
///
/// - **Names** are item fields, else scope roots (``ExpressionScope``); a name found in neither
///   is null. Backticks quote other names: `` `order-id` ``. `root['key']` and `root.key` reach
///   into scope maps; a missing key is null.
/// - **Numbers**: int with int stays int (overflow is an error); a decimal operand makes the
///   result an exact decimal (`0.1 + 0.2 == 0.3`); a double operand makes it a double. Literals
///   with a fraction (`1.5`) are decimals, with an exponent (`1e3`) doubles. `/` never
///   truncates: `7 / 2` is the decimal `3.5` (use `int(x / y)` to truncate); `%` keeps the
///   dividend's sign. Dividing by zero is an error.
/// - **Strings**: `+` on two strings concatenates. A string meeting a number (or a date,
///   timestamp or bool in a comparison) is converted when it reads as one, else it is an error.
/// - **Null**: arithmetic with null gives null; `x == null` / `x != null` test for null; every
///   other comparison with a null operand is false; `and`, `or`, `not` and filters read null as
///   false.
/// - **Dates** compare with dates, timestamps (a date is its midnight UTC) and ISO strings.
///
/// Errors on an item are ``BatchError``s of category `validation` whose message starts with
/// `expression "SOURCE":` and names the values and fields at fault.
public struct Expression: Sendable, Hashable, CustomStringConvertible {
    /// The source text.
    public let source: String
    /// The item fields and scope roots the expression names, in order of first use.
    public let referencedNames: [String]
    private let root: CompiledNode

    /// Parses and compiles `source`.
    public init(_ source: String) throws(ExpressionSyntaxError) {
        let tree = try Parser.parse(source)
        var compiler = Compiler(source: source)
        root = try compiler.compile(tree)
        referencedNames = compiler.referencedNames
        self.source = source
    }

    /// The value, when it does not depend on any item or scope (e.g. `2 * 3`).
    public var constantValue: RecordValue? { root.constant }

    /// The value of the expression for `item`.
    public func evaluate(_ item: Record, in scope: ExpressionScope = .empty) throws(BatchError) -> RecordValue {
        do throws(EvaluationFailure) {
            return try root.evaluate(EvaluationContext(item: item, scope: scope))
        } catch {
            throw batchError(error.message)
        }
    }

    /// The value of the expression without an item, e.g. inside `#{jobParameters['input']}`.
    public func evaluate(in scope: ExpressionScope) throws(BatchError) -> RecordValue {
        try evaluate(Record(), in: scope)
    }

    /// Whether the expression holds for `item`: null is false; a result that is not a bool is a
    /// validation error.
    public func isTrue(_ item: Record, in scope: ExpressionScope = .empty) throws(BatchError) -> Bool {
        switch try evaluate(item, in: scope) {
        case .bool(let b): return b
        case .null: return false
        case let other: throw batchError("expected a bool result, got \(other.typedText)")
        }
    }

    /// Whether the expression holds without an item (e.g. a decision's `if`).
    public func isTrue(in scope: ExpressionScope) throws(BatchError) -> Bool {
        try isTrue(Record(), in: scope)
    }

    private func batchError(_ message: String) -> BatchError {
        BatchError(.validation, "expression \"\(source)\": \(message)")
    }

    public var description: String { source }

    public static func == (a: Expression, b: Expression) -> Bool { a.source == b.source }
    public func hash(into hasher: inout Hasher) { hasher.combine(source) }
}
