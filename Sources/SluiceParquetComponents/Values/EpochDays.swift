import Sluice

/// Converts between ``Sluice/CalendarDate`` and the day count since 1970-01-01 that Parquet's
/// DATE type stores, with the proleptic Gregorian calendar (H. Hinnant's civil-day algorithms),
/// so no time zone or `Calendar` instance is involved.
enum EpochDays {
    /// The days from 1970-01-01 to `date` (negative before it).
    static func days(from date: CalendarDate) -> Int {
        let y = date.month <= 2 ? date.year - 1 : date.year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (date.month + (date.month > 2 ? -3 : 9)) + 2) / 5 + date.day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The date `days` after 1970-01-01, or nil outside the years 1...9999 that
    /// ``Sluice/CalendarDate`` holds.
    static func date(fromDays days: Int) -> CalendarDate? {
        // Years 1...9999 lie well inside this range; checking first keeps the arithmetic safe.
        guard (-800_000...3_000_000).contains(days) else { return nil }
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return CalendarDate(year: year, month: month, day: day)
    }
}
