#if MySQL
import Foundation
import Sluice

/// A date and time of day as MySQL stores it (no time zone; Sluice reads and writes UTC), with
/// microseconds: the shape of the C API's `MYSQL_TIME`.
struct MySQLTimestamp: Sendable, Hashable {
    var year: Int
    var month: Int
    var day: Int
    var hour = 0
    var minute = 0
    var second = 0
    var microsecond = 0
    /// Negative (TIME values only).
    var negative = false

    /// The UTC calendar fields of `date`, rounded to microseconds.
    init(_ date: Date) {
        let micros = (date.timeIntervalSince1970 * 1_000_000).rounded()
        let total = Int64(micros)
        var seconds = total / 1_000_000
        var fraction = total % 1_000_000
        if fraction < 0 {
            fraction += 1_000_000
            seconds -= 1
        }
        var days = seconds / 86_400
        var secondOfDay = seconds % 86_400
        if secondOfDay < 0 {
            secondOfDay += 86_400
            days -= 1
        }
        (year, month, day) = CivilCalendar.date(days: Int(days))
        hour = Int(secondOfDay / 3600)
        minute = Int(secondOfDay % 3600 / 60)
        second = Int(secondOfDay % 60)
        microsecond = Int(fraction)
    }

    init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0, microsecond: Int = 0, negative: Bool = false) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
        self.microsecond = microsecond
        self.negative = negative
    }

    /// The instant, reading the fields as UTC.
    var date: Date {
        let days = Int64(CivilCalendar.days(year: year, month: month, day: day))
        let seconds = days * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        return Date(timeIntervalSince1970: Double(seconds) + Double(microsecond) / 1_000_000)
    }

    /// The calendar date, or nil for MySQL's zero date (`0000-00-00`).
    var calendarDate: CalendarDate? { CalendarDate(year: year, month: month, day: day) }

    /// `YYYY-MM-DD HH:MM:SS[.ffffff]`.
    var dateTimeText: String { "\(dateText) \(timeText)" }

    /// `YYYY-MM-DD`.
    var dateText: String { Self.pad(year, 4) + "-" + Self.pad(month, 2) + "-" + Self.pad(day, 2) }

    /// `[-]HH:MM:SS[.ffffff]` (hours may exceed 24 for TIME values).
    var timeText: String {
        var text = (negative ? "-" : "") + Self.pad(hour, 2) + ":" + Self.pad(minute, 2) + ":" + Self.pad(second, 2)
        if microsecond > 0 { text += "." + Self.pad(microsecond, 6) }
        return text
    }

    /// Parses the text protocol's `YYYY-MM-DD`, `YYYY-MM-DD HH:MM:SS[.f]` or `[-]HH:MM:SS[.f]`.
    init?(text: String) {
        var s = Substring(text)
        var negative = false
        if s.first == "-" {
            negative = true
            s = s.dropFirst()
        }
        let parts = s.split(separator: " ", maxSplits: 1)
        var date: [Substring] = []
        var time: Substring?
        if parts.count == 2 {
            date = parts[0].split(separator: "-", omittingEmptySubsequences: false)
            time = parts[1]
        } else if s.contains(":") {
            time = s
        } else {
            date = s.split(separator: "-", omittingEmptySubsequences: false)
        }
        self.init(year: 0, month: 0, day: 0, negative: negative)
        if !date.isEmpty {
            guard date.count == 3, let y = Int(date[0]), let m = Int(date[1]), let d = Int(date[2]) else { return nil }
            (year, month, day) = (y, m, d)
        }
        if let time {
            let hms = time.split(separator: ":", omittingEmptySubsequences: false)
            guard hms.count == 3, let h = Int(hms[0]), let mi = Int(hms[1]) else { return nil }
            let secondParts = hms[2].split(separator: ".", maxSplits: 1)
            guard let sec = Int(secondParts[0]) else { return nil }
            (hour, minute, second) = (h, mi, sec)
            if secondParts.count == 2 {
                let digits = String(secondParts[1].prefix(6))
                guard let f = Int(digits) else { return nil }
                microsecond = f * Int(pow(10, Double(6 - digits.count)))
            }
        }
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
#endif
