import Sluice

/// The parsed form of an expression, before compilation.
struct SyntaxNode: Sendable {
    /// What the node is.
    indirect enum Kind: Sendable {
        /// A literal value.
        case literal(RecordValue)
        /// A bare or quoted name: an item field, else a scope root.
        case name(String)
        /// A name followed by subscripts or members: `steps['load'].readCount`.
        case path(root: String, segments: [PathSegment])
        /// `-x`.
        case negate(SyntaxNode)
        /// `not x`.
        case not(SyntaxNode)
        /// `a + b`, `a < b`, ...
        case binary(BinaryOperator, SyntaxNode, SyntaxNode)
        /// `a and b`, `a or b`.
        case logical(LogicalOperator, SyntaxNode, SyntaxNode)
        /// `x in [a, b]` (or `x not in [...]` when negated).
        case membership(SyntaxNode, [SyntaxNode], negated: Bool)
        /// A built-in function call.
        case call(BuiltinFunction, [SyntaxNode])
    }

    /// One step of a path.
    enum PathSegment: Sendable {
        /// `.name` or `['name']`.
        case key(String)
        /// `[expression]`, evaluated per item.
        case computed(SyntaxNode)
    }

    /// What the node is.
    var kind: Kind
    /// The character offset where the node's text starts.
    var offset: Int
    /// The character offset just past the node's text.
    var end: Int
}

/// `and` / `or`.
enum LogicalOperator: String, Sendable {
    case and, or
}
