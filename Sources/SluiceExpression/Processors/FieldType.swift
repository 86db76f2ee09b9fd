import Sluice

/// A type a `validate` processor can require of a field.
public enum FieldType: String, Sendable, Hashable, CaseIterable, Decodable {
    case string, int, double, decimal, bool, date, timestamp

    /// Reads a type name; an unknown one fails listing the valid names.
    public init(from decoder: any Decoder) throws {
        let name = try decoder.singleValueContainer().decode(String.self)
        guard let type = FieldType(rawValue: name) else {
            let hint = NameSuggestion.hint(for: name, in: FieldType.allCases.map(\.rawValue))
            let names = FieldType.allCases.map(\.rawValue).joined(separator: ", ")
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath,
                debugDescription: "unknown type '\(name)'\(hint); expected one of \(names)"))
        }
        self = type
    }
}
