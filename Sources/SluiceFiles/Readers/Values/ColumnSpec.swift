/// A column of a text file: its name and the type its values are converted to.
///
/// In a job file a column is either a plain name (`id`), read as a string, or an object
/// (`{name: amount, type: decimal}`).
public struct ColumnSpec: Sendable, Hashable, Decodable, ExpressibleByStringLiteral {
    /// The field name in the record.
    public var name: String
    /// The type values are converted to.
    public var type: ColumnType

    /// A column named `name` of type `type`.
    public init(_ name: String, type: ColumnType = .string) {
        self.name = name
        self.type = type
    }

    /// A string column.
    public init(stringLiteral value: String) { self.init(value) }

    private enum CodingKeys: String, CodingKey { case name, type }

    public init(from decoder: any Decoder) throws {
        if let name = try? decoder.singleValueContainer().decode(String.self) {
            self.init(name)
            return
        }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(try container.decode(String.self, forKey: .name), type: try container.decodeIfPresent(ColumnType.self, forKey: .type) ?? .string)
    }
}
