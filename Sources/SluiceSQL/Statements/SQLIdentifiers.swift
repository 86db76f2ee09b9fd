import SQLKit
import Sluice

/// Validation and display of identifiers (table, column, schema names) that come from users:
/// job definitions, CSV headers, YAML.
///
/// Names are never pasted into SQL: they are quoted by the dialect (``SQLName``). Validation only
/// rejects what no database accepts or what would be silently changed: empty names, names longer
/// than ``maxBytes`` (PostgreSQL truncates them without error), and names with NUL or other control
/// characters. Everything else — quotes, spaces, `;`, `--`, any Unicode — is a legal quoted name.
public enum SQLIdentifiers {
    /// The longest identifier accepted, in UTF-8 bytes: PostgreSQL's limit (MySQL allows 64
    /// characters, SQLite has none), so a name works on every database Sluice speaks.
    public static let maxBytes = 63

    /// Throws a ``Sluice/BatchError`` of category `validation` when `name` cannot be a
    /// `kind` name (`"table"`, `"column"`, ...); the message shows the name with invisible
    /// characters escaped.
    public static func validate(_ name: String, kind: String = "identifier") throws {
        if name.isEmpty { throw BatchError(.validation, "\(kind) name is empty") }
        let bytes = name.utf8.count
        if bytes > maxBytes {
            throw BatchError(.validation, "\(kind) name \(visible(name)) is \(bytes) bytes long; the limit is \(maxBytes) bytes")
        }
        if let bad = name.unicodeScalars.first(where: { $0.properties.generalCategory == .control }) {
            let what = bad.value == 0 ? "a NUL character" : "the control character \(escaped(bad))"
            throw BatchError(.validation, "\(kind) name \(visible(name)) contains \(what)")
        }
    }

    /// `text` in double quotes with control characters, quotes and backslashes escaped Swift-style
    /// (`"a\u{0}b"`), cut after 80 characters: for error messages, so that what is wrong is visible.
    public static func visible(_ text: String) -> String {
        var out = "\""
        var shown = 0
        for scalar in text.unicodeScalars {
            if shown == 80 {
                out += "…"
                break
            }
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            default: out += scalar.properties.generalCategory == .control ? escaped(scalar) : String(scalar)
            }
            shown += 1
        }
        return out + "\""
    }

    private static func escaped(_ scalar: Unicode.Scalar) -> String {
        switch scalar {
        case "\n": "\\n"
        case "\r": "\\r"
        case "\t": "\\t"
        default: "\\u{" + String(scalar.value, radix: 16) + "}"
        }
    }
}

/// A validated identifier (a column, table or schema name), rendered quoted and escaped in the
/// database's dialect: usable anywhere SQLKit takes an expression, e.g. `"\(name)"` in a raw query.
public struct SQLName: SQLExpression, Hashable, CustomStringConvertible {
    /// The name itself, unquoted.
    public let string: String

    /// Validates `string` (see ``SQLIdentifiers/validate(_:kind:)``); `kind` names it in errors.
    public init(_ string: String, kind: String = "identifier") throws {
        try SQLIdentifiers.validate(string, kind: kind)
        self.string = string
    }

    /// The name in double quotes with invisible characters escaped, for messages (not SQL).
    public var description: String { SQLIdentifiers.visible(string) }

    /// Writes the name through SQLKit's ``SQLIdentifier``, which doubles embedded quote characters.
    /// A dialect whose quote is not plain text would make `SQLIdentifier` skip escaping; then the
    /// quote is rendered here and doubled inside the name all the same.
    public func serialize(to serializer: inout SQLSerializer) {
        if serializer.dialect.identifierQuote is SQLRaw {
            SQLIdentifier(string).serialize(to: &serializer)
            return
        }
        var quoteSerializer = SQLSerializer(database: serializer.database)
        serializer.dialect.identifierQuote.serialize(to: &quoteSerializer)
        let quote = quoteSerializer.sql
        let body = quote.isEmpty ? string : string.replacingOccurrences(of: quote, with: quote + quote)
        serializer.write(quote + body + quote)
    }

    /// Names are equal when their text is (exact, case-sensitive: they are always quoted).
    public static func == (a: SQLName, b: SQLName) -> Bool { a.string == b.string }
    /// Hashes the name's text.
    public func hash(into hasher: inout Hasher) { hasher.combine(string) }
}

/// A validated table name, optionally qualified by a schema (PostgreSQL) or database (MySQL,
/// SQLite): renders as `"schema"."table"` or `"table"`.
public struct SQLTableName: SQLExpression, Hashable, CustomStringConvertible {
    /// The schema, or nil for the connection's default.
    public let schema: SQLName?
    /// The table.
    public let table: SQLName

    /// A table name from user text. With `qualified: false` the whole text is the table name, dots
    /// and quotes included. With `qualified: true` the text is split on its first dot outside
    /// double quotes or backticks into schema and table; a part written entirely in quotes
    /// (`"my.schema"."odd ""name"""`) is unquoted, so a schema or table may itself contain a dot.
    public init(_ text: String, qualified: Bool = false) throws {
        guard qualified else {
            schema = nil
            table = try SQLName(text, kind: "table")
            return
        }
        let (first, rest) = Self.splitFirstUnquotedDot(text)
        if let rest {
            schema = try SQLName(Self.unquoted(first), kind: "schema")
            table = try SQLName(Self.unquoted(rest), kind: "table")
        } else {
            schema = nil
            table = try SQLName(Self.unquoted(first), kind: "table")
        }
    }

    /// A table name from its parts, each validated and taken verbatim.
    public init(schema: String?, table: String) throws {
        self.schema = try schema.map { try SQLName($0, kind: "schema") }
        self.table = try SQLName(table, kind: "table")
    }

    /// `"schema"."table"` with invisible characters escaped, for messages (not SQL).
    public var description: String { schema.map { "\($0).\(table)" } ?? table.description }

    /// Writes the quoted schema (if any), a dot, and the quoted table.
    public func serialize(to serializer: inout SQLSerializer) {
        if let schema {
            schema.serialize(to: &serializer)
            serializer.write(".")
        }
        table.serialize(to: &serializer)
    }

    /// Splits at the first `.` that is not inside a `"..."` or `` `...` `` part.
    static func splitFirstUnquotedDot(_ text: String) -> (String, String?) {
        var quote: Character?
        var index = text.startIndex
        while index < text.endIndex {
            let c = text[index]
            if let q = quote {
                if c == q { quote = nil }  // a doubled quote closes and reopens: same effect
            } else if c == "\"" || c == "`" {
                quote = c
            } else if c == "." {
                return (String(text[..<index]), String(text[text.index(after: index)...]))
            }
            index = text.index(after: index)
        }
        return (text, nil)
    }

    /// The content of a part written wholly as `"..."` or `` `...` `` (doubled quotes undone);
    /// any other text unchanged.
    static func unquoted(_ part: String) -> String {
        guard let q = part.first, q == "\"" || q == "`", part.count >= 2, part.last == q else { return part }
        let body = part.dropFirst().dropLast()
        // Every quote inside must be doubled, or the part is not one quoted identifier.
        var i = body.startIndex
        while i < body.endIndex {
            if body[i] == q {
                let next = body.index(after: i)
                guard next < body.endIndex, body[next] == q else { return part }
                i = body.index(after: next)
            } else {
                i = body.index(after: i)
            }
        }
        return body.replacingOccurrences(of: String(q) + String(q), with: String(q))
    }
}
