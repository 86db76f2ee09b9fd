import Foundation
import Sluice

/// A parsed JSON value that keeps the order of object members, so records read from an API keep
/// their field order (Foundation's and the core's JSON trees do not).
public indirect enum JSONDocument: Sendable, Equatable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number without fraction or exponent that fits 64 bits.
    case int(Int)
    /// Any other number.
    case double(Double)
    /// A string.
    case string(String)
    /// An array.
    case array([JSONDocument])
    /// An object, members in document order.
    case object([(String, JSONDocument)])

    public static func == (a: JSONDocument, b: JSONDocument) -> Bool {
        switch (a, b) {
        case (.null, .null): true
        case (.bool(let x), .bool(let y)): x == y
        case (.int(let x), .int(let y)): x == y
        case (.double(let x), .double(let y)): x == y
        case (.string(let x), .string(let y)): x == y
        case (.array(let x), .array(let y)): x == y
        case (.object(let x), .object(let y)): x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: false
        }
    }

    /// The member `name` of an object, nil otherwise.
    public subscript(name: String) -> JSONDocument? {
        guard case .object(let members) = self else { return nil }
        return members.last(where: { $0.0 == name })?.1
    }

    /// The value at a dotted path (`data.items`; an empty path is the value itself).
    public func value(at path: String) -> JSONDocument? {
        var current: JSONDocument? = self
        for part in path.split(separator: ".") where !part.isEmpty {
            current = current?[String(part)]
        }
        return current
    }

    /// What kind of value this is, for messages.
    public var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .int, .double: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }

    /// The value as a record field: nested objects and arrays become their JSON text, as the
    /// `json` file reader does.
    public var recordValue: RecordValue {
        switch self {
        case .null: .null
        case .bool(let b): .bool(b)
        case .int(let i): .int(i)
        case .double(let d): .double(d)
        case .string(let s): .string(s)
        case .array, .object: .string(text)
        }
    }

    /// An object as a record (fields in member order); nil for any other value.
    public var record: Record? {
        guard case .object(let members) = self else { return nil }
        return Record(members.map { ($0.0, $0.1.recordValue) })
    }

    /// Compact JSON text.
    public var text: String {
        var out = ""
        write(to: &out)
        return out
    }

    func write(to out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .double(let d): out += d.isFinite ? "\(d)" : "null"
        case .string(let s): out += JSONText.quoted(s)
        case .array(let items):
            out += "["
            for (n, item) in items.enumerated() {
                if n > 0 { out += "," }
                item.write(to: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (n, member) in members.enumerated() {
                if n > 0 { out += "," }
                out += JSONText.quoted(member.0) + ":"
                member.1.write(to: &out)
            }
            out += "}"
        }
    }
}

extension JSONDocument {
    /// A record as a JSON object: dates and timestamps as ISO 8601 strings, decimals as numbers,
    /// bytes as base64.
    public init(_ record: Record) {
        self = .object(record.fields.map { ($0.name, JSONDocument($0.value)) })
    }

    /// A field value as JSON.
    public init(_ value: RecordValue) {
        switch value {
        case .null: self = .null
        case .bool(let b): self = .bool(b)
        case .int(let i): self = .int(i)
        case .double(let d): self = .double(d)
        case .decimal(let d): self = Double("\(d)").map { .double($0) } ?? .string("\(d)")
        case .string(let s): self = .string(s)
        case .date(let d): self = .string("\(d)")
        case .timestamp(let t): self = .string(t.formatted(.iso8601))
        case .bytes(let b): self = .string(Data(b).base64EncodedString())
        }
    }
}
