import Sluice
import Testing

/// Day counts from 1970-01-01 and back, across leap years, centuries and the edges of
/// ``CalendarDate``'s range.
@Suite struct CivilCalendarTests {
    @Test func knownDays() throws {
        #expect(CalendarDate(year: 1970, month: 1, day: 1)!.daysSince1970 == 0)
        #expect(CalendarDate(year: 2000, month: 1, day: 1)!.daysSince1970 == 10_957)
        #expect(CalendarDate(year: 1969, month: 12, day: 31)!.daysSince1970 == -1)
        #expect(CalendarDate(year: 2024, month: 2, day: 29)!.daysSince1970 == 19_782)
        #expect(CalendarDate(year: 1, month: 1, day: 1)!.daysSince1970 == -719_162)
        #expect(CalendarDate(year: 9999, month: 12, day: 31)!.daysSince1970 == 2_932_896)
        #expect(CivilCalendar.date(days: -719_163) == (0, 12, 31))
    }

    @Test func everyDayRoundTripsInOrder() throws {
        var previous: CalendarDate?
        for days in stride(from: -719_162, through: 2_932_896, by: 97) {
            let date = try #require(CalendarDate(daysSince1970: days))
            #expect(date.daysSince1970 == days)
            if let previous { #expect(previous < date) }
            previous = date
        }
        for days in 11_000...11_800 {   // 2000 (a leap century) day by day
            #expect(CalendarDate(daysSince1970: days)?.daysSince1970 == days)
        }
    }

    @Test func daysOutsideTheRangeAreNil() {
        #expect(CalendarDate(daysSince1970: -719_163) == nil)
        #expect(CalendarDate(daysSince1970: 2_932_897) == nil)
        #expect(CalendarDate(daysSince1970: Int.max) == nil)
        #expect(CalendarDate(daysSince1970: Int.min) == nil)
    }

    @Test func parsingIsStrict() {
        #expect(CalendarDate("2026-11-30") == CalendarDate(year: 2026, month: 11, day: 30))
        for bad in ["2026-11-3", "2026/11/30", "2026-13-01", "2026-02-29", "+026-11-30", "2026-11-30 ", "２０２６-11-30", ""] {
            #expect(CalendarDate(bad) == nil, "\(bad)")
        }
    }
}
