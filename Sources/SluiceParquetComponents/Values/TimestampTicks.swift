import Foundation
import SluiceParquet

/// Converts an instant (`Date`, what ``Sluice/RecordValue/timestamp(_:)`` holds) to and from the
/// ticks since the Unix epoch that Parquet TIMESTAMP columns store.
enum TimestampTicks {
    /// Ticks per second of `unit`.
    static func perSecond(_ unit: ParquetTimeUnit) -> Double {
        switch unit {
        case .milliseconds: 1e3
        case .microseconds: 1e6
        case .nanoseconds: 1e9
        }
    }

    /// The instant in ticks of `unit` (rounded to the nearest tick), or nil when it does not fit
    /// in 64 bits.
    static func ticks(_ instant: Date, unit: ParquetTimeUnit) -> Int64? {
        let ticks = (instant.timeIntervalSince1970 * perSecond(unit)).rounded()
        guard ticks.isFinite, ticks >= -9.2e18, ticks <= 9.2e18 else { return nil }
        return Int64(ticks)
    }

    /// The instant `ticks` of `unit` after the Unix epoch.
    static func instant(_ ticks: Int64, unit: ParquetTimeUnit) -> Date {
        Date(timeIntervalSince1970: Double(ticks) / perSecond(unit))
    }
}
