import Foundation
import Sluice

/// Turns the UTF-8 bytes of one text field into a ``Sluice/RecordValue`` of a ``ColumnType``,
/// without building an intermediate `String` for numbers, booleans and dates.
///
/// Rules: a field equal to one of the null texts is null. For typed (non-string) columns,
/// surrounding spaces and tabs are ignored and an empty field is null. String fields keep their
/// text (an empty field stays `""`), and are trimmed only when `trim` is set. Text that is not
/// valid UTF-8, or does not convert, is a ``FieldError``.
struct FieldConversion: Sendable {
    /// Texts read as null in any column (`""`, `NULL`, `\N`...).
    let nullTexts: [[UInt8]]
    /// Whether string fields lose surrounding spaces and tabs.
    let trim: Bool

    /// The conversion with the given null texts.
    init(nullValues: [String], trim: Bool) {
        nullTexts = nullValues.map { Array($0.utf8) }
        self.trim = trim
    }

    /// Why a field did not convert.
    struct FieldError: Error {
        /// The message, naming the bad value.
        var message: String
    }

    /// The value of `field` as `type`; `ascii` says that the field holds no byte above 0x7F, which
    /// spares the UTF-8 validation of strings.
    @inline(__always)
    func value(_ field: UnsafeBufferPointer<UInt8>, as type: ColumnType, ascii: Bool = false) throws(FieldError) -> RecordValue {
        var slot = FieldValueSlot()
        try convert(field, as: type, ascii: ascii, into: &slot)
        return slot.value
    }

    /// Converts `field` to `type` and appends the value to `sink` (a column of a
    /// ``Sluice/RecordBatch``, or one value): the one place the conversion rules live.
    @inline(__always)
    func convert<Sink: FieldValueSink>(_ field: UnsafeBufferPointer<UInt8>, as type: ColumnType, ascii: Bool,
                                       into sink: inout Sink) throws(FieldError) {
        guard let text = prepared(field, as: type) else { return sink.appendNull() }
        if type == .string {
            if !ascii && !Self.isASCII(text) && String(validating: text, as: UTF8.self) == nil {
                throw FieldError(message: "the text is not valid UTF-8")
            }
            return sink.append(utf8: text)
        }
        switch type {
        case .string: return sink.append(utf8: text)
        case .int: if let v = Self.int(text) { return sink.append(v) }
        case .double:
            if let v = DecimalText.shortDouble(text) { return sink.append(v) }
            if Self.isNumber(text), let v = Double(try Self.string(text)) { return sink.append(v) }
        case .decimal:
            if let (significand, scale) = Self.shortDecimal(text) { return sink.append(decimal: significand, scale: scale) }
            if let v = Self.decimal(text) { return sink.append(value: .decimal(v)) }
        case .bool: if let v = Self.bool(text) { return sink.append(v) }
        case .date: if let v = Self.date(text) { return sink.append(v) }
        case .timestamp: if let v = TimestampParser.parse(text) { return sink.append(value: .timestamp(v)) }
        }
        throw FieldError(message: "'\(Self.preview(text))' is not a valid \(type.rawValue)")
    }

    /// The text of `field` to convert to `type`, nil when the field is null: a null text, or an
    /// empty typed field. Typed fields (and strings with `trim`) lose surrounding spaces and tabs.
    @inline(__always)
    func prepared(_ field: UnsafeBufferPointer<UInt8>, as type: ColumnType) -> UnsafeBufferPointer<UInt8>? {
        let text = type == .string && !trim ? field : Self.trimmed(field)
        if !nullTexts.isEmpty, nullTexts.contains(where: { $0.elementsEqual(text) }) { return nil }
        if type != .string && text.isEmpty { return nil }
        return text
    }

    /// The text of `bytes`, which must be valid UTF-8.
    static func string(_ bytes: UnsafeBufferPointer<UInt8>) throws(FieldError) -> String {
        if isASCII(bytes) { return String(decoding: bytes, as: UTF8.self) }
        guard let text = String(validating: bytes, as: UTF8.self) else { throw FieldError(message: "the text is not valid UTF-8") }
        return text
    }

    /// Whether no byte is above 0x7F, checked eight bytes at a time.
    static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let raw = UnsafeRawPointer(base)
        var i = 0
        var bits: UInt64 = 0
        while i + 8 <= bytes.count {
            bits |= raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            i += 8
        }
        while i < bytes.count {
            bits |= UInt64(bytes[i])
            i += 1
        }
        return bits & 0x8080_8080_8080_8080 == 0
    }

    private static let posix = Locale(identifier: "en_US_POSIX")

    /// The bytes without surrounding spaces and tabs.
    @inline(__always)
    static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var start = 0
        var end = bytes.count
        while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
        while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
        return UnsafeBufferPointer(rebasing: bytes[start..<end])
    }

    /// `[+-]digits`, when it fits in an `Int`; `bytes` is not empty.
    @inline(__always)
    static func int(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var i = 0
        let negative = bytes[0] == UInt8(ascii: "-")
        if negative || bytes[0] == UInt8(ascii: "+") { i = 1 }
        guard i < bytes.count else { return nil }
        if bytes.count - i <= 18 {
            // At most 18 digits cannot overflow: no checks per digit.
            var value = 0
            while i < bytes.count {
                let digit = Int(bytes[i]) &- 48
                guard digit >= 0 && digit <= 9 else { return nil }
                value = value &* 10 &+ digit
                i += 1
            }
            return negative ? -value : value
        }
        var value = 0
        while i < bytes.count {
            let digit = Int(bytes[i]) &- 48
            guard digit >= 0 && digit <= 9 else { return nil }
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            let (next, o2) = negative ? times10.subtractingReportingOverflow(digit) : times10.addingReportingOverflow(digit)
            guard !o1 && !o2 else { return nil }
            value = next
            i += 1
        }
        return value
    }

    /// A plain decimal `[+-]digits[.digits]` of at most 18 digits as its unscaled value and
    /// scale (fraction digits); nil for anything else (the general parse then decides). Zero
    /// has no sign.
    @inline(__always)
    static func shortDecimal(_ bytes: UnsafeBufferPointer<UInt8>) -> (Int64, UInt8)? {
        var i = 0
        let negative = bytes[0] == UInt8(ascii: "-")
        if negative || bytes[0] == UInt8(ascii: "+") { i = 1 }
        var significand: Int64 = 0
        var digits = 0
        var point = -1
        while i < bytes.count {
            let byte = bytes[i]
            if byte == UInt8(ascii: ".") {
                guard point < 0 else { return nil }
                point = digits
            } else {
                let digit = byte &- 48
                guard digit < 10 else { return nil }
                significand = significand &* 10 &+ Int64(digit)
                digits += 1
            }
            i += 1
        }
        guard digits > 0, digits <= 18 else { return nil }
        return (negative ? -significand : significand, UInt8(point < 0 ? 0 : digits - point))
    }

    /// A decimal number: built from its digits when they fit in 64 bits (exact and fast), else
    /// parsed by Foundation.
    static func decimal(_ bytes: UnsafeBufferPointer<UInt8>) -> Decimal? {
        guard isNumber(bytes) else { return nil }
        var i = 0
        let negative = bytes[0] == UInt8(ascii: "-")
        if negative || bytes[0] == UInt8(ascii: "+") { i = 1 }
        var significand: UInt64 = 0
        var digits = 0
        var scale = 0
        var inFraction = false
        while i < bytes.count, bytes[i] | 0x20 != UInt8(ascii: "e") {
            if bytes[i] == UInt8(ascii: ".") {
                inFraction = true
            } else {
                significand = significand &* 10 &+ UInt64(bytes[i] &- 48)
                digits += 1
                if inFraction { scale += 1 }
            }
            i += 1
        }
        guard digits <= 19, i == bytes.count else {
            return Decimal(string: String(decoding: bytes, as: UTF8.self), locale: posix)
        }
        return Decimal(sign: negative ? .minus : .plus, exponent: -scale, significand: Decimal(significand))
    }

    /// Whether the bytes are a plain decimal number: `[+-]digits[.digits][e[+-]digits]`, with
    /// digits on at least one side of the point.
    static func isNumber(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        func digits() -> Int {
            let start = i
            while i < bytes.count, bytes[i] >= 48, bytes[i] <= 57 { i += 1 }
            return i - start
        }
        if bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") { i += 1 }
        var mantissa = digits()
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            i += 1
            mantissa += digits()
        }
        guard mantissa > 0 else { return false }
        if i < bytes.count, bytes[i] | 0x20 == UInt8(ascii: "e") {
            i += 1
            if i < bytes.count, bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") { i += 1 }
            guard digits() > 0 else { return false }
        }
        return i == bytes.count
    }

    /// A boolean word, in any case: `true`/`t`/`yes`/`y`/`1` or `false`/`f`/`no`/`n`/`0`. The
    /// field is packed into an integer (lowercase, first byte lowest) and compared with the words
    /// packed the same way, with no allocation and no lookup table.
    @inline(__always)
    static func bool(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
        guard !bytes.isEmpty, bytes.count <= 5 else { return nil }
        var word: UInt64 = 0
        for byte in bytes.reversed() {
            guard byte != 0 else { return nil }
            word = word << 8 | UInt64(byte >= 65 && byte <= 90 ? byte | 0x20 : byte)
        }
        switch word {
        case 0x6575_7274, 0x74, 0x73_6579, 0x79, 0x31: return true  // true t yes y 1
        case 0x65_736c_6166, 0x66, 0x6f6e, 0x6e, 0x30: return false  // false f no n 0
        default: return nil
        }
    }

    /// `yyyy-MM-dd`.
    @inline(__always)
    static func date(_ bytes: UnsafeBufferPointer<UInt8>) -> CalendarDate? {
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for i in range {
                let digit = Int(bytes[i]) &- 48
                guard digit >= 0 && digit <= 9 else { return nil }
                value = value * 10 + digit
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) else { return nil }
        return CalendarDate(year: year, month: month, day: day)
    }

    /// The first 40 characters of a bad value, for messages.
    static func preview(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        let text = String(decoding: bytes, as: UTF8.self)
        return text.count > 40 ? String(text.prefix(40)) + "…" : text
    }
}
