/// One `set` entry of a ``TransformProcessor``: a field and the expression that computes it.
public struct FieldAssignment: Sendable, Hashable {
    /// The field to set (appended when new, replaced in place when present).
    public var field: String
    /// The expression whose value the field gets.
    public var expression: Expression

    /// Sets `field` to the value of `expression`.
    public init(_ field: String, _ expression: Expression) {
        self.field = field
        self.expression = expression
    }
}
