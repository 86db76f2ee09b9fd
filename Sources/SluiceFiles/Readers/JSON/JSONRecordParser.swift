import Sluice

/// A streaming JSON parser over UTF-8 bytes that turns one JSON object into a
/// ``Sluice/Record``, without building an intermediate tree.
///
/// Mapping: strings → `.string`, `true`/`false` → `.bool`, `null` → `.null`, an integer that fits
/// in 64 bits → `.int`, any other number (a fraction, an exponent, a huge integer) → `.double`,
/// and a nested object or array → `.string` holding its JSON text exactly as written. Member
/// order is kept; a repeated name keeps its last value. Member names shared with the previous
/// object are reused, so records of one shape share their names array.
struct JSONRecordParser: Sendable {
    /// Why the bytes did not hold an object.
    enum Failure: Error {
        /// The bytes end inside the value.
        case incomplete
        /// The JSON is invalid at byte index `at`.
        case malformed(String, at: Int)
    }

    private static let maximumDepth = 512
    private var names: [String] = []
    private var scratch: [UInt8] = []

    /// Parses the object at `start` (after white space). `complete` says that the bytes end is
    /// the end of the input, so that a number or literal may end there.
    mutating func object(_ p: UnsafeBufferPointer<UInt8>, at start: Int, complete: Bool) throws(Failure) -> (Record, end: Int) {
        var i = try Self.skipSpace(p, start)
        guard p[i] == UInt8(ascii: "{") else { throw .malformed("expected a JSON object, found \(Self.describe(p[i]))", at: i) }
        i = try Self.skipSpace(p, i + 1)
        var values: [RecordValue] = []
        values.reserveCapacity(names.count)
        var changed: [String]?
        if p[i] != UInt8(ascii: "}") {
            while true {
                guard p[i] == UInt8(ascii: "\"") else { throw .malformed("expected a member name, found \(Self.describe(p[i]))", at: i) }
                let key = try Self.stringEnd(p, i)
                let k = values.count
                if changed == nil, !key.escaped, k < names.count, names[k].utf8.elementsEqual(UnsafeBufferPointer(rebasing: p[(i + 1)..<(key.end - 1)])) {
                    // The name of the previous object at this position: reuse it.
                } else {
                    if changed == nil { changed = Array(names[0..<k]) }
                    changed?.append(try string(p, from: i, to: key.end, escaped: key.escaped))
                }
                i = try Self.skipSpace(p, key.end)
                guard p[i] == UInt8(ascii: ":") else { throw .malformed("expected ':' after a member name, found \(Self.describe(p[i]))", at: i) }
                i = try Self.skipSpace(p, i + 1)
                let (value, end) = try value(p, at: i, complete: complete)
                values.append(value)
                i = try Self.skipSpace(p, end)
                if p[i] == UInt8(ascii: ",") {
                    i = try Self.skipSpace(p, i + 1)
                    continue
                }
                guard p[i] == UInt8(ascii: "}") else { throw .malformed("expected ',' or '}' in an object, found \(Self.describe(p[i]))", at: i) }
                break
            }
        }
        if changed == nil && values.count != names.count { changed = Array(names[0..<values.count]) }
        if let changed {
            guard Set(changed).count == changed.count else {
                names = []
                return (Record(Array(zip(changed, values))), i + 1)
            }
            names = changed
        }
        return (Record(names: names, values: values), i + 1)
    }

    /// A member value.
    private mutating func value(_ p: UnsafeBufferPointer<UInt8>, at i: Int, complete: Bool) throws(Failure) -> (RecordValue, Int) {
        switch p[i] {
        case UInt8(ascii: "\""):
            let found = try Self.stringEnd(p, i)
            return (.string(try string(p, from: i, to: found.end, escaped: found.escaped)), found.end)
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            let end = try Self.skipValue(p, at: i, complete: complete, depth: 0)
            return (.string(try Self.text(p, i, end)), end)
        case UInt8(ascii: "t"): return (.bool(true), try Self.literal("true", p, i))
        case UInt8(ascii: "f"): return (.bool(false), try Self.literal("false", p, i))
        case UInt8(ascii: "n"): return (.null, try Self.literal("null", p, i))
        default:
            let (end, integral) = try Self.numberEnd(p, i, complete: complete)
            let digits = UnsafeBufferPointer(rebasing: p[i..<end])
            if integral, let v = FieldConversion.int(digits) { return (.int(v), end) }
            guard let v = Double(String(decoding: digits, as: UTF8.self)) else { throw .malformed("the number is out of range", at: i) }
            return (.double(v), end)
        }
    }

    // MARK: Strings

    /// The index after the closing quote of the string at `i`, and whether it holds escapes.
    static func stringEnd(_ p: UnsafeBufferPointer<UInt8>, _ i: Int) throws(Failure) -> (end: Int, escaped: Bool) {
        var j = i + 1
        var escaped = false
        while j < p.count {
            let c = p[j]
            if c == UInt8(ascii: "\"") { return (j + 1, escaped) }
            if c == UInt8(ascii: "\\") {
                escaped = true
                j += 2
                continue
            }
            if c < 0x20 { throw .malformed("a control character (\(describe(c))) inside a string must be escaped", at: j) }
            j += 1
        }
        throw .incomplete
    }

    /// The text of the string between the quotes at `start` and `end - 1`.
    private mutating func string(_ p: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, escaped: Bool) throws(Failure) -> String {
        guard escaped else { return try Self.text(p, start + 1, end - 1) }
        scratch.removeAll(keepingCapacity: true)
        var j = start + 1
        while j < end - 1 {
            let c = p[j]
            guard c == UInt8(ascii: "\\") else {
                scratch.append(c)
                j += 1
                continue
            }
            j = try unescape(p, at: j)
        }
        return try scratch.withUnsafeBufferPointer { (bytes) throws(Failure) -> String in try Self.text(bytes, 0, bytes.count, at: start) }
    }

    /// Appends the character of the escape at `j` to `scratch`; returns the index after it.
    private mutating func unescape(_ p: UnsafeBufferPointer<UInt8>, at j: Int) throws(Failure) -> Int {
        switch p[j + 1] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scratch.append(p[j + 1])
        case UInt8(ascii: "b"): scratch.append(0x08)
        case UInt8(ascii: "f"): scratch.append(0x0C)
        case UInt8(ascii: "n"): scratch.append(0x0A)
        case UInt8(ascii: "r"): scratch.append(0x0D)
        case UInt8(ascii: "t"): scratch.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try Self.hex4(p, j + 2)
            var next = j + 6
            if (0xD800..<0xDC00).contains(scalar), next + 1 < p.count, p[next] == UInt8(ascii: "\\"), p[next + 1] == UInt8(ascii: "u") {
                let low = try Self.hex4(p, next + 2)
                if (0xDC00..<0xE000).contains(low) {
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    next += 6
                }
            }
            scratch.append(contentsOf: String(Unicode.Scalar(scalar) ?? "\u{FFFD}").utf8)
            return next
        default:
            throw .malformed("invalid escape \\\(Self.escapeText(p[j + 1])) in a string", at: j)
        }
        return j + 2
    }

    private static func hex4(_ p: UnsafeBufferPointer<UInt8>, _ i: Int) throws(Failure) -> UInt32 {
        guard i + 4 <= p.count else { throw .malformed("a \\u escape needs four hex digits", at: i) }
        var value: UInt32 = 0
        for c in p[i..<(i + 4)] {
            guard let digit = hexDigit(c) else { throw .malformed("a \\u escape needs four hex digits", at: i) }
            value = value << 4 | digit
        }
        return value
    }

    private static func hexDigit(_ c: UInt8) -> UInt32? {
        switch c {
        case 48...57: UInt32(c - 48)
        case 65...70: UInt32(c - 55)
        case 97...102: UInt32(c - 87)
        default: nil
        }
    }

    /// `p[start..<end]` as text, which must be valid UTF-8.
    private static func text(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, at offset: Int? = nil) throws(Failure) -> String {
        do throws(FieldConversion.FieldError) {
            return try FieldConversion.string(UnsafeBufferPointer(rebasing: p[start..<end]))
        } catch {
            throw .malformed(error.message, at: offset ?? start)
        }
    }

    // MARK: Other tokens

    /// The index of the first byte at or after `i` that is not JSON white space.
    static func skipSpace(_ p: UnsafeBufferPointer<UInt8>, _ i: Int) throws(Failure) -> Int {
        var i = i
        while i < p.count {
            switch p[i] {
            case 0x20, 0x0A, 0x0D, 0x09: i += 1
            default: return i
            }
        }
        throw .incomplete
    }

    private static func literal(_ word: StaticString, _ p: UnsafeBufferPointer<UInt8>, _ i: Int) throws(Failure) -> Int {
        let count = word.utf8CodeUnitCount
        let available = min(count, p.count - i)
        let expected = UnsafeBufferPointer(start: word.utf8Start, count: count)
        guard p[i..<(i + available)].elementsEqual(expected[0..<available]) else {
            throw .malformed("unexpected \(describe(p[i])); expected a value", at: i)
        }
        guard available == count else { throw .incomplete }
        return i + count
    }

    /// The end of the number at `i`, and whether it is an integer (no fraction or exponent).
    static func numberEnd(_ p: UnsafeBufferPointer<UInt8>, _ i: Int, complete: Bool) throws(Failure) -> (Int, Bool) {
        var j = i
        func digits() -> Int {
            let start = j
            while j < p.count, p[j] >= 48, p[j] <= 57 { j += 1 }
            return j - start
        }
        if p[j] == UInt8(ascii: "-") { j += 1 }
        let intStart = j
        let intDigits = digits()
        guard intDigits > 0 || j == p.count else { throw .malformed("unexpected \(describe(p[i])); expected a value", at: i) }
        if intDigits > 1 && p[intStart] == 48 { throw .malformed("a number must not start with 0", at: i) }
        var integral = true
        if j < p.count, p[j] == UInt8(ascii: ".") {
            j += 1
            integral = false
            guard digits() > 0 || j == p.count else { throw .malformed("a number needs digits after '.'", at: i) }
        }
        if j < p.count, p[j] | 0x20 == UInt8(ascii: "e") {
            j += 1
            integral = false
            if j < p.count, p[j] == UInt8(ascii: "+") || p[j] == UInt8(ascii: "-") { j += 1 }
            guard digits() > 0 || j == p.count else { throw .malformed("a number needs digits in its exponent", at: i) }
        }
        if j == p.count && !complete { throw .incomplete }
        if j == i + (p[i] == UInt8(ascii: "-") ? 1 : 0) { throw complete ? .malformed("the number is cut off", at: i) : .incomplete }
        return (j, integral)
    }

    /// The end of the (validated) value at `i`.
    static func skipValue(_ p: UnsafeBufferPointer<UInt8>, at i: Int, complete: Bool, depth: Int) throws(Failure) -> Int {
        guard depth < maximumDepth else { throw .malformed("the JSON is nested more than \(maximumDepth) levels deep", at: i) }
        switch p[i] {
        case UInt8(ascii: "\""): return try stringEnd(p, i).end
        case UInt8(ascii: "t"): return try literal("true", p, i)
        case UInt8(ascii: "f"): return try literal("false", p, i)
        case UInt8(ascii: "n"): return try literal("null", p, i)
        case UInt8(ascii: "{"), UInt8(ascii: "["): return try skipContainer(p, at: i, complete: complete, depth: depth)
        default: return try numberEnd(p, i, complete: complete).0
        }
    }

    private static func skipContainer(_ p: UnsafeBufferPointer<UInt8>, at i: Int, complete: Bool, depth: Int) throws(Failure) -> Int {
        let isObject = p[i] == UInt8(ascii: "{")
        let close = isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")
        var j = try skipSpace(p, i + 1)
        if p[j] == close { return j + 1 }
        while true {
            if isObject {
                guard p[j] == UInt8(ascii: "\"") else { throw .malformed("expected a member name, found \(describe(p[j]))", at: j) }
                j = try skipSpace(p, try stringEnd(p, j).end)
                guard p[j] == UInt8(ascii: ":") else { throw .malformed("expected ':' after a member name, found \(describe(p[j]))", at: j) }
                j = try skipSpace(p, j + 1)
            }
            j = try skipSpace(p, try skipValue(p, at: j, complete: complete, depth: depth + 1))
            if p[j] == close { return j + 1 }
            guard p[j] == UInt8(ascii: ",") else {
                throw .malformed("expected ',' or \(describe(close)) in \(isObject ? "an object" : "an array"), found \(describe(p[j]))", at: j)
            }
            j = try skipSpace(p, j + 1)
        }
    }

    /// The character after a backslash, for messages.
    private static func escapeText(_ byte: UInt8) -> String {
        byte >= 0x20 && byte < 0x7F ? String(Character(Unicode.Scalar(byte))) : "(byte 0x\(String(byte, radix: 16)))"
    }

    /// A byte for messages: `'x'`, or its code.
    static func describe(_ byte: UInt8) -> String {
        byte >= 0x20 && byte < 0x7F ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x\(String(byte, radix: 16))"
    }
}
