import Foundation
import Sluice

/// Appends the text of record values to a byte buffer, without building a `String` per value:
/// the shared, allocation-free encoding of the CSV and JSON formats.
///
/// Integers in decimal; doubles in Swift's shortest round-trip form (`0.1`, `1e-05`, `1.0`);
/// decimals as their exact decimal text; dates as `yyyy-MM-dd`; timestamps as ISO 8601 UTC
/// (``appendTimestamp(_:to:)``); bytes as standard base64 with padding.
enum RecordBytes {
    /// Appends the UTF-8 bytes of `text`.
    @inline(__always)
    static func appendText(_ text: String, to buffer: inout [UInt8]) {
        if text.utf8.withContiguousStorageIfAvailable({ buffer.append(contentsOf: $0) }) != nil { return }
        buffer.append(contentsOf: text.utf8)
    }

    /// Appends `value` in decimal.
    static func appendInt(_ value: Int, to buffer: inout [UInt8]) {
        if value < 0 { buffer.append(UInt8(ascii: "-")) }
        var rest = value.magnitude
        if rest < 10 { return buffer.append(UInt8(truncatingIfNeeded: rest) &+ UInt8(ascii: "0")) }
        // Digits are produced backwards into a small stack buffer, then appended in one go.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var i = 20
            while rest > 0 {
                i -= 1
                digits[i] = UInt8(truncatingIfNeeded: rest % 10) &+ UInt8(ascii: "0")
                rest /= 10
            }
            buffer.append(contentsOf: UnsafeBufferPointer(rebasing: digits[i..<20]))
        }
    }

    /// Appends a zero-padded decimal of at least `width` digits (for dates and times).
    static func appendPadded(_ value: Int, width: Int, to buffer: inout [UInt8]) {
        var digits = 1
        var limit = 10
        while value >= limit, digits < 19 {
            digits += 1
            limit *= 10
        }
        for _ in digits..<max(digits, width) { buffer.append(UInt8(ascii: "0")) }
        appendInt(value, to: &buffer)
    }

    /// Appends the shortest text that reads back as exactly `value` (`nan`, `inf`, `-inf` for
    /// non-finite values, which only CSV accepts).
    static func appendDouble(_ value: Double, to buffer: inout [UInt8]) {
        guard let (digits, scale) = DecimalText.shortDigits(value) else { return appendText(value.description, to: &buffer) }
        if value.sign == .minus { buffer.append(UInt8(ascii: "-")) }
        let unit = UInt64(DecimalText.exactPowersOfTen[scale])
        appendInt(Int(digits / unit), to: &buffer)
        buffer.append(UInt8(ascii: "."))
        if scale == 0 { return buffer.append(UInt8(ascii: "0")) }
        appendPadded(Int(digits % unit), width: scale, to: &buffer)
    }

    /// Appends the exact decimal text of `value` (no exponent, no grouping, `.` as separator).
    static func appendDecimal(_ value: Decimal, to buffer: inout [UInt8]) {
        appendText(value.description, to: &buffer)
    }

    /// Appends `yyyy-MM-dd`.
    static func appendDate(_ date: CalendarDate, to buffer: inout [UInt8]) {
        appendPadded(date.year, width: 4, to: &buffer)
        buffer.append(UInt8(ascii: "-"))
        appendPadded(date.month, width: 2, to: &buffer)
        buffer.append(UInt8(ascii: "-"))
        appendPadded(date.day, width: 2, to: &buffer)
    }

    private static let base64Alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// Appends `bytes` in standard base64 (RFC 4648, with `=` padding).
    static func appendBase64(_ bytes: [UInt8], to buffer: inout [UInt8]) {
        let alphabet = base64Alphabet
        var i = 0
        while i + 3 <= bytes.count {
            let group = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2])
            buffer.append(alphabet[Int(group >> 18) & 63])
            buffer.append(alphabet[Int(group >> 12) & 63])
            buffer.append(alphabet[Int(group >> 6) & 63])
            buffer.append(alphabet[Int(group) & 63])
            i += 3
        }
        let rest = bytes.count - i
        guard rest > 0 else { return }
        let group = UInt32(bytes[i]) << 16 | (rest == 2 ? UInt32(bytes[i + 1]) << 8 : 0)
        buffer.append(alphabet[Int(group >> 18) & 63])
        buffer.append(alphabet[Int(group >> 12) & 63])
        buffer.append(rest == 2 ? alphabet[Int(group >> 6) & 63] : UInt8(ascii: "="))
        buffer.append(UInt8(ascii: "="))
    }
}
