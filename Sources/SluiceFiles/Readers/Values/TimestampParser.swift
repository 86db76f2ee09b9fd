import Foundation
import Sluice

/// Parses ISO 8601 timestamps straight from UTF-8 bytes, without a formatter:
/// `yyyy-MM-dd`, optionally followed by `T` (or a space) and `HH:mm`, `:ss`, a fraction of up
/// to nine digits, and `Z` or an offset `±HH`, `±HHmm`, `±HH:mm`. Without an offset the time is
/// UTC.
enum TimestampParser {
    /// The instant, or nil when the text is not such a timestamp.
    static func parse(_ text: UnsafeBufferPointer<UInt8>) -> Date? {
        var cursor = Cursor(text: text)
        guard let date = cursor.date() else { return nil }
        var seconds = Double(date.daysSince1970) * 86_400
        guard !cursor.atEnd else { return Date(timeIntervalSince1970: seconds) }
        guard cursor.take("T") || cursor.take("t") || cursor.take(" "),
            let hour = cursor.digits(2), hour < 24, cursor.take(":"), let minute = cursor.digits(2), minute < 60
        else { return nil }
        seconds += Double(hour * 3600 + minute * 60)
        if cursor.take(":") {
            guard let second = cursor.digits(2), second < 61 else { return nil }
            seconds += Double(second)
            if cursor.take(".") || cursor.take(",") {
                guard let fraction = cursor.fraction() else { return nil }
                seconds += fraction
            }
        }
        guard let offset = cursor.offset(), cursor.atEnd else { return nil }
        return Date(timeIntervalSince1970: seconds - Double(offset))
    }

    /// A reading position in the text.
    private struct Cursor {
        let text: UnsafeBufferPointer<UInt8>
        var index = 0

        var atEnd: Bool { index == text.count }

        mutating func take(_ scalar: Unicode.Scalar) -> Bool {
            guard index < text.count, text[index] == UInt8(ascii: scalar) else { return false }
            index += 1
            return true
        }

        /// Exactly `count` decimal digits.
        mutating func digits(_ count: Int) -> Int? {
            guard index + count <= text.count else { return nil }
            var value = 0
            for i in index..<(index + count) {
                let digit = Int(text[i]) - 48
                guard (0...9).contains(digit) else { return nil }
                value = value * 10 + digit
            }
            index += count
            return value
        }

        mutating func date() -> CalendarDate? {
            guard let year = digits(4), take("-"), let month = digits(2), take("-"), let day = digits(2) else { return nil }
            return CalendarDate(year: year, month: month, day: day)
        }

        /// One to nine digits after the decimal point, as seconds.
        mutating func fraction() -> Double? {
            var value = 0
            var scale = 1
            let start = index
            while index < text.count, text[index] >= 48, text[index] <= 57, index - start < 9 {
                value = value * 10 + Int(text[index] - 48)
                scale *= 10
                index += 1
            }
            return index > start ? Double(value) / Double(scale) : nil
        }

        /// The offset from UTC in seconds: 0 for `Z` or none.
        mutating func offset() -> Int? {
            if atEnd || take("Z") || take("z") { return 0 }
            let sign: Int
            if take("+") { sign = 1 } else if take("-") { sign = -1 } else { return nil }
            guard let hours = digits(2), hours < 24 else { return nil }
            _ = take(":")
            let minutes = atEnd ? 0 : digits(2)
            guard let minutes, minutes < 60 else { return nil }
            return sign * (hours * 3600 + minutes * 60)
        }
    }
}
