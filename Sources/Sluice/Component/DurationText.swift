import Foundation

/// A duration as users write it in job files and on the command line: a number followed by a
/// unit, `ms`, `s`, `m`, `h` or `d` (`250ms`, `1.5s`, `5m`, `2h`); several parts may follow each
/// other (`1h30m`). A bare number means seconds.
///
/// Decodes from a string or a number, so component properties can simply declare a
/// `DurationText` field.
public struct DurationText: Sendable, Hashable, Decodable, CustomStringConvertible {
    /// The duration.
    public var duration: Duration
    /// The text it was parsed from.
    public var description: String

    /// Parses `text`; nil when it is not a duration (empty, negative, unknown unit).
    public init?(_ text: String) {
        guard let duration = Self.parse(text) else { return nil }
        self.duration = duration
        description = text
    }

    /// Wraps a duration.
    public init(_ duration: Duration) {
        self.duration = duration
        description = "\(duration)"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let seconds = try? container.decode(Double.self), seconds >= 0 {
            self.init(.milliseconds(Int64((seconds * 1000).rounded())))
            description = String(seconds) + "s"
            return
        }
        let text = try container.decode(String.self)
        guard let parsed = DurationText(text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "'\(text)' is not a duration (examples: 250ms, 30s, 5m, 1h30m)")
        }
        self = parsed
    }

    private static let unitMilliseconds: [String: Double] = ["ms": 1, "s": 1000, "m": 60_000, "h": 3_600_000, "d": 86_400_000]

    private static func parse(_ text: String) -> Duration? {
        let chars = Array(text.trimmingCharacters(in: .whitespaces).lowercased())
        guard !chars.isEmpty else { return nil }
        var total = 0.0
        var i = 0
        while i < chars.count {
            let start = i
            while i < chars.count, chars[i].isNumber || chars[i] == "." { i += 1 }
            guard i > start, let number = Double(String(chars[start..<i])) else { return nil }
            let unitStart = i
            while i < chars.count, chars[i].isLetter { i += 1 }
            let unit = String(chars[unitStart..<i])
            if unit.isEmpty {
                guard i == chars.count, start == 0 else { return nil }
                total += number * 1000
            } else {
                guard let factor = unitMilliseconds[unit] else { return nil }
                total += number * factor
            }
        }
        guard total.isFinite, total >= 0 else { return nil }
        return .milliseconds(Int64(total.rounded()))
    }
}
