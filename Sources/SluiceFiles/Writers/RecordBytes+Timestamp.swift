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
        let (year, month, day) = CivilCalendar.date(days: days)
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
}

extension Int {
    /// The quotient rounded towards negative infinity (so times before 1970 split correctly).
    fileprivate func floorDivided(by divisor: Int) -> Int {
        let q = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? q - 1 : q
    }
}
