import Sluice

/// Builds a PostgreSQL text-array literal (`{"a","b",NULL,12}`) straight into UTF-8 bytes: one
/// column of an `INSERT ... SELECT FROM UNNEST(...)` chunk. Numbers, booleans and dates go bare
/// (they contain no character the array syntax treats specially); every other value is quoted,
/// with `"` and `\` escaped.
struct PostgresArrayLiteral {
    private(set) var bytes: [UInt8] = [UInt8(ascii: "{")]

    init(capacity: Int) { bytes.reserveCapacity(capacity) }

    /// Appends one element; returns false (appending nothing more) for text holding NUL, which
    /// PostgreSQL text cannot store.
    mutating func append(_ value: RecordValue) -> Bool {
        if bytes.count > 1 { bytes.append(UInt8(ascii: ",")) }
        switch value {
        case .null: bytes.append(contentsOf: [78, 85, 76, 76])  // NULL
        case .int(let i): appendText(String(i))
        case .double(let d): appendText(d.isFinite ? d.description : d.isNaN ? "NaN" : d < 0 ? "-Infinity" : "Infinity")
        case .bool(let b): bytes.append(b ? UInt8(ascii: "t") : UInt8(ascii: "f"))
        case .date(let d): appendText(d.description)
        case .string(let s): return appendQuoted(s)
        case .bytes(let data):
            // bytea hex input: \x0102...; the backslash is escaped inside the quotes.
            bytes.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "\\"), UInt8(ascii: "x")])
            let hex = Array("0123456789abcdef".utf8)
            for b in data {
                bytes.append(hex[Int(b >> 4)])
                bytes.append(hex[Int(b & 0x0F)])
            }
            bytes.append(UInt8(ascii: "\""))
        default: return appendQuoted(value.description)
        }
        return true
    }

    /// The finished literal.
    mutating func text() -> String {
        bytes.append(UInt8(ascii: "}"))
        return String(decoding: bytes, as: UTF8.self)
    }

    private mutating func appendText(_ text: String) {
        var text = text
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }

    private mutating func appendQuoted(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { utf8 in
            bytes.append(UInt8(ascii: "\""))
            var plain = true
            for byte in utf8 where byte == 0 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                if byte == 0 { return false }
                plain = false
            }
            if plain {
                bytes.append(contentsOf: utf8)
            } else {
                for byte in utf8 {
                    if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { bytes.append(UInt8(ascii: "\\")) }
                    bytes.append(byte)
                }
            }
            bytes.append(UInt8(ascii: "\""))
            return true
        }
    }
}
