/// A small JSON writer and parser for ``ContextValue`` that keeps integers and doubles apart.
///
/// Foundation's JSON coders erase the difference between `1` and `1.0`; a checkpoint that stores
/// a reader's position must not. Doubles are always written with a fraction or exponent, and
/// numbers without one are read back as integers. Keys are written sorted, so equal contexts
/// produce equal text.
public enum JSONText {
    /// An error reading or writing context JSON.
    public struct Error: Swift.Error, CustomStringConvertible, Sendable {
        /// What went wrong, with the byte offset for parse errors.
        public var description: String
    }

    /// Writes a value as compact JSON. Throws for non-finite doubles, which JSON cannot carry.
    public static func encode(_ value: ContextValue) throws -> String {
        var out = ""
        try write(value, to: &out)
        return out
    }

    /// Parses JSON text into a value.
    public static func decode(_ text: String) throws -> ContextValue {
        var parser = Parser(bytes: Array(text.utf8))
        parser.skipWhitespace()
        let value = try parser.parseValue(depth: 0)
        parser.skipWhitespace()
        guard parser.index == parser.bytes.count else { throw parser.error("trailing characters") }
        return value
    }

    private static func write(_ value: ContextValue, to out: inout String) throws {
        switch value {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .double(let d):
            guard d.isFinite else { throw Error(description: "cannot store non-finite double \(d) as JSON") }
            var text = "\(d)"
            if !text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) { text += ".0" }
            out += text
        case .string(let s): writeString(s, to: &out)
        case .array(let items):
            out += "["
            for (n, item) in items.enumerated() {
                if n > 0 { out += "," }
                try write(item, to: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (n, key) in members.keys.sorted().enumerated() {
                if n > 0 { out += "," }
                writeString(key, to: &out)
                out += ":"
                try write(members[key]!, to: &out)
            }
            out += "}"
        }
    }

    /// `s` as a JSON string literal: quotes, backslashes and control characters escaped.
    public static func quoted(_ s: String) -> String {
        var out = ""
        writeString(s, to: &out)
        return out
    }

    private static func writeString(_ s: String, to out: inout String) {
        var bytes: [UInt8] = []
        appendQuoted(s, to: &bytes)
        out += String(decoding: bytes, as: UTF8.self)
    }

    private struct Parser {
        let bytes: [UInt8]
        var index = 0
        static let maxDepth = 512

        func error(_ message: String) -> Error {
            Error(description: "invalid context JSON at byte \(index): \(message)")
        }

        mutating func skipWhitespace() {
            while index < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[index]) { index += 1 }
        }

        mutating func expect(_ literal: String, _ value: ContextValue) throws -> ContextValue {
            let lit = Array(literal.utf8)
            guard index + lit.count <= bytes.count, Array(bytes[index..<index + lit.count]) == lit else {
                throw error("expected \(literal)")
            }
            index += lit.count
            return value
        }

        mutating func parseValue(depth: Int) throws -> ContextValue {
            guard depth < Self.maxDepth else { throw error("nesting too deep") }
            guard index < bytes.count else { throw error("unexpected end") }
            switch bytes[index] {
            case UInt8(ascii: "n"): return try expect("null", .null)
            case UInt8(ascii: "t"): return try expect("true", .bool(true))
            case UInt8(ascii: "f"): return try expect("false", .bool(false))
            case UInt8(ascii: "\""): return .string(try parseString())
            case UInt8(ascii: "["): return try parseArray(depth: depth)
            case UInt8(ascii: "{"): return try parseObject(depth: depth)
            default: return try parseNumber()
            }
        }

        mutating func parseArray(depth: Int) throws -> ContextValue {
            index += 1
            var items: [ContextValue] = []
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; return .array(items) }
            while true {
                skipWhitespace()
                items.append(try parseValue(depth: depth + 1))
                skipWhitespace()
                guard index < bytes.count else { throw error("unterminated array") }
                if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                if bytes[index] == UInt8(ascii: "]") { index += 1; return .array(items) }
                throw error("expected , or ]")
            }
        }

        mutating func parseObject(depth: Int) throws -> ContextValue {
            index += 1
            var members: [String: ContextValue] = [:]
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; return .object(members) }
            while true {
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw error("expected key") }
                let key = try parseString()
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw error("expected :") }
                index += 1
                skipWhitespace()
                members[key] = try parseValue(depth: depth + 1)
                skipWhitespace()
                guard index < bytes.count else { throw error("unterminated object") }
                if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                if bytes[index] == UInt8(ascii: "}") { index += 1; return .object(members) }
                throw error("expected , or }")
            }
        }

        mutating func parseNumber() throws -> ContextValue {
            let start = index
            var isDouble = false
            while index < bytes.count {
                let b = bytes[index]
                if b == UInt8(ascii: ".") || b == UInt8(ascii: "e") || b == UInt8(ascii: "E") {
                    isDouble = true
                } else if !(b == UInt8(ascii: "-") || b == UInt8(ascii: "+") || (b >= 0x30 && b <= 0x39)) {
                    break
                }
                index += 1
            }
            let text = String(decoding: bytes[start..<index], as: UTF8.self)
            if !isDouble, let i = Int(text) { return .int(i) }
            if let d = Double(text), d.isFinite, !text.isEmpty { return .double(d) }
            index = start
            throw error("invalid number '\(text)'")
        }

        mutating func parseString() throws -> String {
            index += 1
            var scalars = String.UnicodeScalarView()
            var raw: [UInt8] = []
            func flush() { scalars.append(contentsOf: String(decoding: raw, as: UTF8.self).unicodeScalars); raw.removeAll() }
            while index < bytes.count {
                let b = bytes[index]
                if b == UInt8(ascii: "\"") {
                    index += 1
                    flush()
                    return String(scalars)
                }
                if b == UInt8(ascii: "\\") {
                    flush()
                    index += 1
                    guard index < bytes.count else { break }
                    let e = bytes[index]
                    index += 1
                    switch e {
                    case UInt8(ascii: "\""): scalars.append("\"")
                    case UInt8(ascii: "\\"): scalars.append("\\")
                    case UInt8(ascii: "/"): scalars.append("/")
                    case UInt8(ascii: "b"): scalars.append("\u{08}")
                    case UInt8(ascii: "f"): scalars.append("\u{0C}")
                    case UInt8(ascii: "n"): scalars.append("\n")
                    case UInt8(ascii: "r"): scalars.append("\r")
                    case UInt8(ascii: "t"): scalars.append("\t")
                    case UInt8(ascii: "u"): scalars.append(try parseUnicodeEscape())
                    default: throw error("invalid escape")
                    }
                    continue
                }
                raw.append(b)
                index += 1
            }
            throw error("unterminated string")
        }

        mutating func parseHex4() throws -> UInt32 {
            guard index + 4 <= bytes.count, let v = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16)
            else { throw error("invalid \\u escape") }
            index += 4
            return v
        }

        mutating func parseUnicodeEscape() throws -> Unicode.Scalar {
            let high = try parseHex4()
            if (0xD800...0xDBFF).contains(high) {
                guard index + 2 <= bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
                else { throw error("unpaired surrogate") }
                index += 2
                let low = try parseHex4()
                guard (0xDC00...0xDFFF).contains(low) else { throw error("unpaired surrogate") }
                let value = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
                guard let scalar = Unicode.Scalar(value) else { throw error("invalid scalar") }
                return scalar
            }
            guard let scalar = Unicode.Scalar(high) else { throw error("invalid scalar") }
            return scalar
        }
    }
}
