import Foundation
import Sluice

extension RecordBytes {
    /// Appends `instant` as ISO 8601 UTC, `2026-11-30T08:15:00Z`, with milliseconds
    /// (`08:15:00.250Z`) when they are not zero — the same text as ``Sluice/Timestamps/format(_:)``,
    /// computed without a formatter (the calendar arithmetic is the Gregorian days-to-civil
    /// conversion). Years before 1583 (where Foundation switches to the Julian calendar) and
    /// after 9999 go through the core's formatter, so the text is always the same as the core's.
    static func appendTimestamp(_ instant: Date, to buffer: inout [UInt8]) {
        let millis = (instant.timeIntervalSince1970 * 1000).rounded()
        guard millis.magnitude < 1e15 else { return appendText(Timestamps.format(instant), to: &buffer) }
        let total = Int(millis)
        let seconds = total.floorDivided(by: 1000)
        let fraction = total - seconds * 1000
        let days = seconds.floorDivided(by: 86_400)
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = civilDate(daysSinceEpoch: days)
        guard (1583...9999).contains(year) else { return appendText(Timestamps.format(instant), to: &buffer) }
        appendPadded(year, width: 4, to: &buffer)
        buffer.append(UInt8(ascii: "-"))
        appendPadded(month, width: 2, to: &buffer)
        buffer.append(UInt8(ascii: "-"))
        appendPadded(day, width: 2, to: &buffer)
        buffer.append(UInt8(ascii: "T"))
        appendPadded(secondOfDay / 3600, width: 2, to: &buffer)
        buffer.append(UInt8(ascii: ":"))
        appendPadded(secondOfDay / 60 % 60, width: 2, to: &buffer)
        buffer.append(UInt8(ascii: ":"))
        appendPadded(secondOfDay % 60, width: 2, to: &buffer)
        if fraction != 0 {
            buffer.append(UInt8(ascii: "."))
            appendPadded(fraction, width: 3, to: &buffer)
        }
        buffer.append(UInt8(ascii: "Z"))
    }

    /// The Gregorian year, month and day of a day count since 1970-01-01.
    static func civilDate(daysSinceEpoch days: Int) -> (year: Int, month: Int, day: Int) {
        // Count from 0000-03-01 in 400-year eras, so leap days fall at the end of each year.
        let shifted = days + 719_468
        let era = shifted.floorDivided(by: 146_097)
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }
}

extension Int {
    /// The quotient rounded towards negative infinity (so times before 1970 split correctly).
    fileprivate func floorDivided(by divisor: Int) -> Int {
        let q = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? q - 1 : q
    }
}
