import Sluice
/// A JSON document with object keys kept in the order they were given, so the tool's JSON
/// output is stable and follows the contract's field order.
enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    static func == (a: JSONValue, b: JSONValue) -> Bool { a.rendered() == b.rendered() }

    /// A string, or null.
    static func string(_ value: String?) -> JSONValue { value.map { .string($0) } ?? .null }

    /// The document as text, indented by two spaces per level.
    func rendered() -> String {
        var out = ""
        write(to: &out, indent: "")
        return out
    }

    private func write(to out: inout String, indent: String) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .double(let d): out += d.isFinite ? "\(d)" : "null"
        case .string(let s): out += Self.quoted(s)
        case .array(let items): writeArray(items, to: &out, indent: indent)
        case .object(let members): writeObject(members, to: &out, indent: indent)
        }
    }

    private func writeArray(_ items: [JSONValue], to out: inout String, indent: String) {
        guard !items.isEmpty else { out += "[]"; return }
        let inner = indent + "  "
        out += "[\n"
        for (i, item) in items.enumerated() {
            out += inner
            item.write(to: &out, indent: inner)
            out += i + 1 < items.count ? ",\n" : "\n"
        }
        out += indent + "]"
    }

    private func writeObject(_ members: [(String, JSONValue)], to out: inout String, indent: String) {
        guard !members.isEmpty else { out += "{}"; return }
        let inner = indent + "  "
        out += "{\n"
        for (i, (key, value)) in members.enumerated() {
            out += inner + Self.quoted(key) + ": "
            value.write(to: &out, indent: inner)
            out += i + 1 < members.count ? ",\n" : "\n"
        }
        out += indent + "}"
    }

    /// A JSON string literal, escaping quotes, backslashes and control characters.
    static func quoted(_ s: String) -> String { JSONText.quoted(s) }
}
