/// The YAML properties of the `transform` processor:
///
/// ```yaml
/// processor: { transform: { filter: "amount > 0", set: { total: "amount * qty" }, remove: [tmp], rename: { qty: quantity } } }
/// ```
public struct TransformProperties: Decodable, Sendable, Equatable {
    /// Keeps the items for which this expression is true.
    public var filter: String?
    /// Fields to set, in order, each to the value of an expression.
    public var set: OrderedFieldMap<String>
    /// Fields to drop.
    public var remove: [String]
    /// Fields to rename, old name to new name, in order.
    public var rename: OrderedFieldMap<String>

    /// Creates the properties.
    public init(
        filter: String? = nil, set: OrderedFieldMap<String> = [:], remove: [String] = [],
        rename: OrderedFieldMap<String> = [:]
    ) {
        self.filter = filter
        self.set = set
        self.remove = remove
        self.rename = rename
    }

    private enum CodingKeys: String, CodingKey {
        case filter, set, remove, rename
    }

    /// Reads the properties; every key is optional.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        filter = try c.decodeIfPresent(String.self, forKey: .filter)
        set = try c.decodeIfPresent(OrderedFieldMap<String>.self, forKey: .set) ?? [:]
        remove = try c.decodeIfPresent([String].self, forKey: .remove) ?? []
        rename = try c.decodeIfPresent(OrderedFieldMap<String>.self, forKey: .rename) ?? [:]
    }
}
