/// A condition every item must meet, with the message shown when it does not.
public struct ValidationRule: Sendable, Hashable {
    /// Must be true for the item (null counts as false).
    public var condition: Expression
    /// What the failure means, e.g. "qty must be positive".
    public var message: String?

    /// A rule.
    public init(_ condition: Expression, message: String? = nil) {
        self.condition = condition
        self.message = message
    }
}
