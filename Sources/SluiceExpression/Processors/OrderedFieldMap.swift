/// A mapping from field names to values that keeps the order the user wrote, as in the YAML
/// `set: { total: "...", tax: "..." }` where later entries may use earlier ones.
///
/// Decodes from a keyed container in the order of its `allKeys` (document order with the
/// project's YAML decoder). A repeated name keeps its first position and its last value.
public struct OrderedFieldMap<Value: Sendable>: Sendable, ExpressibleByDictionaryLiteral {
    /// One named value.
    public struct Entry: Sendable {
        /// The field name.
        public var name: String
        /// The value for that field.
        public var value: Value
    }

    /// The entries, in order.
    public private(set) var entries: [Entry] = []

    /// A map from ordered `(name, value)` pairs.
    public init(_ pairs: [(String, Value)] = []) {
        for (name, value) in pairs { self[name] = value }
    }

    /// A map in the literal's order.
    public init(dictionaryLiteral elements: (String, Value)...) {
        self.init(elements)
    }

    /// Whether there are no entries.
    public var isEmpty: Bool { entries.isEmpty }

    /// The value for `name`; assigning replaces it in place or appends a new entry.
    public subscript(name: String) -> Value? {
        get { entries.first { $0.name == name }?.value }
        set {
            if let index = entries.firstIndex(where: { $0.name == name }) {
                if let newValue { entries[index].value = newValue } else { entries.remove(at: index) }
            } else if let newValue {
                entries.append(Entry(name: name, value: newValue))
            }
        }
    }
}

extension OrderedFieldMap.Entry: Equatable where Value: Equatable {}
extension OrderedFieldMap: Equatable where Value: Equatable {}

extension OrderedFieldMap: Decodable where Value: Decodable {
    /// Reads a mapping in the order of the container's keys.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: DynamicKey.self)
        for key in container.allKeys {
            self[key.stringValue] = try container.decode(Value.self, forKey: key)
        }
    }
}
