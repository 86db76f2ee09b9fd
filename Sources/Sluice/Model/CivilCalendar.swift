/// Day arithmetic on the proleptic Gregorian calendar, counted from 1970-01-01, without time
/// zones or `Calendar` instances: what every format that stores dates as day counts (Parquet,
/// PostgreSQL, MySQL, timestamps in text) needs, in one place.
///
/// The algorithms count in 400-year eras from 0000-03-01, so leap days fall at the end of each
/// year (H. Hinnant, "chrono-compatible low-level date algorithms").
public enum CivilCalendar {
    /// The days from 1970-01-01 to the given date (negative before it).
    public static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The year, month and day `days` after 1970-01-01.
    public static func date(days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

extension CalendarDate {
    /// The days from 1970-01-01 to this date (negative before it).
    public var daysSince1970: Int { CivilCalendar.days(year: year, month: month, day: day) }

    /// The date `days` after 1970-01-01, or nil outside the years 1...9999 a `CalendarDate` holds.
    public init?(daysSince1970 days: Int) {
        // Years 1...9999 lie well inside this range; checking first keeps the arithmetic safe.
        guard (-800_000...3_000_000).contains(days) else { return nil }
        let (year, month, day) = CivilCalendar.date(days: days)
        self.init(year: year, month: month, day: day)
    }
}
