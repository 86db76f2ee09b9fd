/// A typed value stored in an ``ExecutionContext``.
///
/// The cases are exactly what JSON can carry, with integers and doubles kept apart, so a context
/// written to a database as JSON reads back unchanged: an `Int` stays an `Int`.
public enum ContextValue: Sendable, Hashable {
    /// No value.
    case null
    /// A boolean.
    case bool(Bool)
    /// A 64-bit integer.
    case int(Int)
    /// A finite double.
    case double(Double)
    /// A string.
    case string(String)
    /// An ordered list.
    case array([ContextValue])
    /// A string-keyed object.
    case object([String: ContextValue])

    /// The integer, if this is an `.int`.
    public var intValue: Int? { if case .int(let v) = self { v } else { nil } }
    /// The double, if this is a `.double` or an `.int`.
    public var doubleValue: Double? {
        switch self {
        case .double(let v): v
        case .int(let v): Double(v)
        default: nil
        }
    }
    /// The string, if this is a `.string`.
    public var stringValue: String? { if case .string(let v) = self { v } else { nil } }
    /// The boolean, if this is a `.bool`.
    public var boolValue: Bool? { if case .bool(let v) = self { v } else { nil } }
    /// The elements, if this is an `.array`.
    public var arrayValue: [ContextValue]? { if case .array(let v) = self { v } else { nil } }
    /// The members, if this is an `.object`.
    public var objectValue: [String: ContextValue]? { if case .object(let v) = self { v } else { nil } }
}

extension ContextValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    public init(nilLiteral: ()) { self = .null }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: ContextValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, ContextValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}

extension ContextValue: CustomStringConvertible {
    public var description: String { (try? JSONText.encode(self)) ?? "<non-finite>" }
}

/// Codable support for embedding contexts in other Codable types. Plain JSON cannot tell `1` from
/// `1.0`, so a double with an integral value decodes as `.int` here; repositories store contexts
/// with ``ExecutionContext/json()`` and ``ExecutionContext/init(json:)``, which keep them apart.
extension ContextValue: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let b = try? container.decode(Bool.self) {
            self = .bool(b)
        } else if let i = try? container.decode(Int.self) {
            self = .int(i)
        } else if let d = try? container.decode(Double.self) {
            self = .double(d)
        } else if let s = try? container.decode(String.self) {
            self = .string(s)
        } else if let a = try? container.decode([ContextValue].self) {
            self = .array(a)
        } else {
            self = .object(try container.decode([String: ContextValue].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let v): try container.encode(v)
        case .int(let v): try container.encode(v)
        case .double(let v): try container.encode(v)
        case .string(let v): try container.encode(v)
        case .array(let v): try container.encode(v)
        case .object(let v): try container.encode(v)
        }
    }
}
