import Foundation
import Sluice

extension CalendarDate {
    /// The day's first instant in UTC, so that dates compare with timestamps.
    var midnightUTC: Date {
        Date(timeIntervalSince1970: TimeInterval(daysSince1970) * 86_400)
    }

    /// Days from 1970-01-01 in the proleptic Gregorian calendar (counting years from March, so
    /// that the leap day is the last day of its year).
    var daysSince1970: Int {
        let marchYear = month <= 2 ? year - 1 : year
        let era = marchYear / 400
        let yearOfEra = marchYear - era * 400
        let monthFromMarch = (month + 9) % 12
        let dayOfYear = (153 * monthFromMarch + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
