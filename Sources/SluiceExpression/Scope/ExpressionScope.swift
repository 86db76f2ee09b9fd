import Sluice

/// The named roots an expression can reach besides the item's fields, e.g. `jobParameters`,
/// `jobExecutionContext`, `stepExecutionContext`, `partition` and `steps`.
///
/// A bare name is looked up in the item first, then here. A value type holding one dictionary:
/// cheap to build per step or decision.
public struct ExpressionScope: Sendable, Hashable {
    /// The roots by name.
    public var roots: [String: ScopeValue]

    /// A scope with the given roots.
    public init(_ roots: [String: ScopeValue] = [:]) {
        self.roots = roots
    }

    /// No roots: only item fields are visible.
    public static let empty = ExpressionScope()

    /// The root named `name`, or nil.
    public subscript(root name: String) -> ScopeValue? {
        get { roots[name] }
        set { roots[name] = newValue }
    }

    /// This scope with one more (or a replaced) root.
    public func with(_ name: String, _ value: ScopeValue) -> ExpressionScope {
        var copy = self
        copy.roots[name] = value
        return copy
    }
}
