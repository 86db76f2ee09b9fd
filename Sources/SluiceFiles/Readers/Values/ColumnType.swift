import Sluice

/// The type a text field is converted to: `string` (the default), `int`, `double`, `decimal`,
/// `bool`, `date` or `timestamp`. See ``FieldConversion`` for the accepted spellings.
public enum ColumnType: String, Sendable, Hashable, CaseIterable, Decodable {
    /// Text, unchanged.
    case string
    /// A 64-bit integer: optional sign and digits.
    case int
    /// A double: decimal digits with optional fraction and exponent.
    case double
    /// An exact decimal (kept out of `Double`, so amounts lose no digit).
    case decimal
    /// `true`/`false`, `t`/`f`, `yes`/`no`, `y`/`n`, `1`/`0`, in any case.
    case bool
    /// A day, `yyyy-MM-dd`.
    case date
    /// An instant: ISO 8601 (`2024-03-01T12:30:00Z`, with `T` or a space, optional seconds,
    /// fraction and offset; no offset means UTC) or a bare date (midnight UTC).
    case timestamp

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let type = ColumnType(rawValue: text.lowercased()) else {
            let known = ColumnType.allCases.map(\.rawValue).joined(separator: ", ")
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "unknown column type '\(text)' (one of: \(known))")
        }
        self = type
    }
}

extension ColumnType {
    /// How a ``Sluice/RecordBatch`` column of this type stores its values.
    var columnKind: RecordColumn.Kind {
        switch self {
        case .string: .string
        case .int: .int
        case .double: .double
        case .decimal: .decimal
        case .bool: .bool
        case .date: .date
        case .timestamp: .timestamp
        }
    }
}
