/// The YAML properties of the `validate` processor:
///
/// ```yaml
/// processor: { validate: { required: [id, email], types: { id: int, amount: decimal },
///   ranges: { amount: { min: 0, max: 10000 } }, patterns: { email: "^[^@]+@[^@]+$" },
///   rules: [ { if: "qty > 0", message: "qty must be positive" } ] } }
/// ```
public struct ValidateProperties: Decodable, Sendable, Equatable {
    /// Fields that must be present, not null and not the empty string.
    public var required: [String]
    /// Types fields must have (or convert to), in order.
    public var types: OrderedFieldMap<FieldType>
    /// Inclusive numeric bounds.
    public var ranges: OrderedFieldMap<ValueRange>
    /// Regular expressions the whole value must match.
    public var patterns: OrderedFieldMap<String>
    /// Conditions every item must meet.
    public var rules: [ValidationRuleProperties]

    /// Creates the properties.
    public init(
        required: [String] = [], types: OrderedFieldMap<FieldType> = [:], ranges: OrderedFieldMap<ValueRange> = [:],
        patterns: OrderedFieldMap<String> = [:], rules: [ValidationRuleProperties] = []
    ) {
        self.required = required
        self.types = types
        self.ranges = ranges
        self.patterns = patterns
        self.rules = rules
    }

    private enum CodingKeys: String, CodingKey {
        case required, types, ranges, patterns, rules
    }

    /// Reads the properties; every key is optional.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        required = try c.decodeIfPresent([String].self, forKey: .required) ?? []
        types = try c.decodeIfPresent(OrderedFieldMap<FieldType>.self, forKey: .types) ?? [:]
        ranges = try c.decodeIfPresent(OrderedFieldMap<ValueRange>.self, forKey: .ranges) ?? [:]
        patterns = try c.decodeIfPresent(OrderedFieldMap<String>.self, forKey: .patterns) ?? [:]
        rules = try c.decodeIfPresent([ValidationRuleProperties].self, forKey: .rules) ?? []
    }
}
