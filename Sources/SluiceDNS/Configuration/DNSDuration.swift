/// A duration written as in Sluice job files: `500ms`, `2s`, `5m`, `1h` (a bare number is seconds).
public struct DNSDuration: Codable, Hashable, Sendable, CustomStringConvertible {
    /// The length in milliseconds.
    public var milliseconds: Int64

    /// A duration of `milliseconds`.
    public init(milliseconds: Int64) { self.milliseconds = milliseconds }

    /// A duration of `seconds`.
    public static func seconds(_ seconds: Int64) -> DNSDuration { DNSDuration(milliseconds: seconds * 1000) }

    /// Parses `text`; nil when it is not a duration.
    public init?(text: String) {
        let units: [(String, Int64)] = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000)]
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let value = Int64(trimmed), value >= 0 {
            milliseconds = value * 1000
            return
        }
        for (suffix, factor) in units where trimmed.hasSuffix(suffix) {
            if let value = Int64(trimmed.dropLast(suffix.count)), value >= 0 {
                milliseconds = value * factor
                return
            }
        }
        return nil
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Int64.self), number >= 0 {
            milliseconds = number * 1000
            return
        }
        let text = try container.decode(String.self)
        guard let parsed = DNSDuration(text: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not a duration (e.g. 500ms, 2s, 5m)")
        }
        self = parsed
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// Whole seconds, rounded down (for TTLs).
    public var seconds: UInt32 { UInt32(clamping: milliseconds / 1000) }

    public var description: String { milliseconds % 1000 == 0 ? "\(milliseconds / 1000)s" : "\(milliseconds)ms" }
}

import Foundation
