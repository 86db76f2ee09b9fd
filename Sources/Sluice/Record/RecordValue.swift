import Foundation

/// A typed field value of a ``Record``: what built-in readers produce and writers consume.
public enum RecordValue: Sendable, Hashable, CustomStringConvertible {
    /// No value (SQL NULL, an empty CSV field declared nullable, JSON null).
    case null
    /// A boolean.
    case bool(Bool)
    /// A 64-bit integer.
    case int(Int)
    /// A double.
    case double(Double)
    /// An exact decimal (SQL NUMERIC/DECIMAL), kept out of `Double` so no digit is lost.
    case decimal(Decimal)
    /// Text.
    case string(String)
    /// A day without time zone.
    case date(CalendarDate)
    /// An instant (UTC).
    case timestamp(Date)
    /// Raw bytes.
    case bytes([UInt8])

    /// The exact decimal `significand` × 10^-`scale`.
    public static func decimal(significand: Int64, scale: UInt8) -> RecordValue {
        .decimal(Decimal(sign: significand < 0 ? .minus : .plus, exponent: -Int(scale), significand: Decimal(significand.magnitude)))
    }

    /// Whether the value is `.null`.
    public var isNull: Bool { if case .null = self { true } else { false } }

    /// The type name used in errors and schemas: `null`, `bool`, `int`, `double`, `decimal`,
    /// `string`, `date`, `timestamp`, `bytes`.
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "bool"
        case .int: "int"
        case .double: "double"
        case .decimal: "decimal"
        case .string: "string"
        case .date: "date"
        case .timestamp: "timestamp"
        case .bytes: "bytes"
        }
    }

    /// The value as text, as a CSV writer prints it (null is empty).
    public var description: String {
        switch self {
        case .null: ""
        case .bool(let b): b ? "true" : "false"
        case .int(let i): String(i)
        case .double(let d): "\(d)"
        case .decimal(let d): "\(d)"
        case .string(let s): s
        case .date(let d): d.description
        case .timestamp(let t): Timestamps.format(t)
        case .bytes(let b): Data(b).base64EncodedString()
        }
    }
}

extension RecordValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral
{
    public init(nilLiteral: ()) { self = .null }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(stringLiteral value: String) { self = .string(value) }
}

/// Encodes as the plain value (a number, a string, null...), so a record value binds directly as
/// a database parameter: dates as ISO `yyyy-MM-dd` text, timestamps as `Date`, bytes as `Data`.
extension RecordValue: Encodable {
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case .bool(let v): try c.encode(v)
        case .int(let v): try c.encode(v)
        case .double(let v): try c.encode(v)
        case .decimal(let v): try c.encode(v)
        case .string(let v): try c.encode(v)
        case .date(let v): try c.encode(v.description)
        case .timestamp(let v): try c.encode(v)
        case .bytes(let v): try c.encode(Data(v))
        }
    }
}
