/// One entry of `validate.rules` in a job file: `{ if: "qty > 0", message: "qty must be positive" }`.
public struct ValidationRuleProperties: Decodable, Sendable, Equatable {
    /// The expression that must hold (the YAML key `if`).
    public var condition: String
    /// The message shown when it does not.
    public var message: String?

    /// Creates a rule's properties.
    public init(if condition: String, message: String? = nil) {
        self.condition = condition
        self.message = message
    }

    private enum CodingKeys: String, CodingKey {
        case condition = "if"
        case message
    }
}
