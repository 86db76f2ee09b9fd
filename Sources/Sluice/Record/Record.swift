/// A dynamic item: ordered, named, typed fields. The item type that built-in readers, processors
/// and writers exchange (CSV, JSON, SQL, Parquet), so that a job defined in YAML needs no Swift types.
///
/// Field order is kept (it is the column order of a CSV or a table); lookup by name is a linear
/// scan, which for the handful of fields of a batch record beats hashing.
public struct Record: Sendable, Hashable, CustomStringConvertible {
    /// The field names, in order.
    public private(set) var names: [String]
    /// The values, in the order of ``names``.
    public private(set) var values: [RecordValue]

    /// An empty record.
    public init() {
        names = []
        values = []
    }

    /// A record from ordered `(name, value)` pairs; a repeated name keeps its last value.
    public init(_ fields: [(String, RecordValue)]) {
        self.init()
        for (name, value) in fields { self[name] = value }
    }

    /// A record from parallel arrays of names and values (which must have the same length).
    public init(names: [String], values: [RecordValue]) {
        precondition(names.count == values.count, "a record needs one value per name")
        self.names = names
        self.values = values
    }

    /// The number of fields.
    public var count: Int { names.count }

    /// The value of a field, or nil when the record has no such field. Assigning nil removes it;
    /// assigning to a new name appends the field.
    public subscript(name: String) -> RecordValue? {
        get { names.firstIndex(of: name).map { values[$0] } }
        set {
            if let i = names.firstIndex(of: name) {
                if let newValue { values[i] = newValue } else {
                    names.remove(at: i)
                    values.remove(at: i)
                }
            } else if let newValue {
                names.append(name)
                values.append(newValue)
            }
        }
    }

    /// The fields as `(name, value)` pairs, in order.
    public var fields: [(name: String, value: RecordValue)] { Array(zip(names, values)) }

    /// Renames a field in place, keeping its position; no effect when `old` is absent.
    public mutating func rename(_ old: String, to new: String) {
        guard let i = names.firstIndex(of: old) else { return }
        if let j = names.firstIndex(of: new), j != i {
            names.remove(at: j)
            values.remove(at: j)
        }
        if let i = names.firstIndex(of: old) { names[i] = new }
    }

    public var description: String {
        "{" + zip(names, values).map { "\($0): \($1.isNull ? "null" : $1.description)" }.joined(separator: ", ") + "}"
    }

    public static func == (a: Record, b: Record) -> Bool { a.names == b.names && a.values == b.values }
    public func hash(into hasher: inout Hasher) {
        hasher.combine(names)
        hasher.combine(values)
    }
}
