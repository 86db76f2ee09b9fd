import ArgumentParser
import Foundation
import Sluice

/// `purge --before`: a date (`2026-01-31`, midnight UTC), a timestamp (`2026-01-31T12:00:00Z`),
/// or an age (`30d`, `12h`) counted back from now.
enum CutoffArgument: ExpressibleByArgument, Sendable {
    case instant(Date)
    case age(Duration)

    init?(argument: String) {
        if let day = CalendarDate(argument), let midnight = Self.midnightUTC(day) {
            self = .instant(midnight)
        } else if let timestamp = Timestamps.parse(argument) {
            self = .instant(timestamp)
        } else if let age = DurationText(argument) {
            self = .age(age.duration)
        } else {
            return nil
        }
    }

    /// The cutoff instant, for ages counted back from `now`.
    func date(now: Date = Date()) -> Date {
        switch self {
        case .instant(let date): date
        case .age(let age): now.addingTimeInterval(-age.seconds)
        }
    }

    private static func midnightUTC(_ day: CalendarDate) -> Date? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day))
    }
}
