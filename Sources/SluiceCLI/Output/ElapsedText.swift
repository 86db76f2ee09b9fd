import Foundation

/// Short human durations for tables and summaries: `850ms`, `4.2s`, `3m05s`, `2h03m`.
enum ElapsedText {
    /// The time between two instants; empty when the start is unknown.
    static func between(_ start: Date?, _ end: Date?, now: Date = Date()) -> String {
        guard let start else { return "" }
        return format(max(0, (end ?? now).timeIntervalSince(start)))
    }

    /// A number of seconds as short text.
    static func format(_ seconds: TimeInterval) -> String {
        if seconds < 1 { return "\(Int((seconds * 1000).rounded()))ms" }
        if seconds < 60 { return String(format: "%.1fs", seconds) }
        let whole = Int(seconds.rounded(.down))
        if whole < 3600 { return "\(whole / 60)m" + twoDigits(whole % 60) + "s" }
        return "\(whole / 3600)h" + twoDigits(whole / 60 % 60) + "m"
    }

    private static func twoDigits(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
}
