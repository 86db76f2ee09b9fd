import Foundation

/// One typed job parameter value and whether it identifies the job instance.
public struct JobParameter: Sendable, Hashable {
    /// The typed value.
    public var value: Value
    /// Whether the value is part of the job instance's identity.
    public var identifying: Bool
    /// Whether the value is a secret: stored and shown masked, never part of the identity.
    public var secret: Bool = false

    /// Creates a parameter; parameters identify the instance unless told otherwise.
    public init(_ value: Value, identifying: Bool = true) {
        self.value = value
        self.identifying = identifying
    }

    /// The value types a job parameter can have.
    public enum Value: Sendable, Hashable, CustomStringConvertible {
        /// Text.
        case string(String)
        /// A 64-bit integer.
        case int(Int)
        /// A double.
        case double(Double)
        /// A boolean.
        case bool(Bool)
        /// A day without time zone.
        case date(CalendarDate)
        /// An instant, written as ISO 8601 UTC with milliseconds.
        case timestamp(Date)

        /// The value's type.
        public var type: JobParameterType {
            switch self {
            case .string: .string
            case .int: .int
            case .double: .double
            case .bool: .bool
            case .date: .date
            case .timestamp: .timestamp
            }
        }

        /// The canonical text of the value, which ``JobParameterType/parse(_:)`` reads back.
        public var description: String {
            switch self {
            case .string(let s): s
            case .int(let i): String(i)
            case .double(let d): "\(d)"
            case .bool(let b): b ? "true" : "false"
            case .date(let d): d.description
            case .timestamp(let t): Timestamps.format(t)
            }
        }
    }
}

/// The declared type of a job parameter.
public enum JobParameterType: String, Sendable, Hashable, Codable, CaseIterable {
    /// Text.
    case string
    /// A 64-bit integer.
    case int
    /// A double.
    case double
    /// `true` or `false`.
    case bool
    /// `yyyy-MM-dd`.
    case date
    /// ISO 8601 with a time zone, e.g. `2026-11-30T10:00:00Z`.
    case timestamp

    /// Parses text (from a command line or a repository) as a value of this type.
    public func parse(_ text: String) -> JobParameter.Value? {
        switch self {
        case .string: return .string(text)
        case .int: return Int(text).map { .int($0) }
        case .double: return Double(text).flatMap { $0.isFinite ? .double($0) : nil }
        case .bool:
            switch text.lowercased() {
            case "true", "yes", "1": return .bool(true)
            case "false", "no", "0": return .bool(false)
            default: return nil
            }
        case .date: return CalendarDate(text).map { .date($0) }
        case .timestamp: return Timestamps.parse(text).map { .timestamp($0) }
        }
    }
}

/// ISO 8601 formatting shared by parameters, JSON output and repositories.
public enum Timestamps {
    /// Formats an instant as ISO 8601 UTC, with milliseconds when they are not zero.
    public static func format(_ date: Date) -> String {
        let millis = (date.timeIntervalSince1970 * 1000).rounded()
        let whole = Date(timeIntervalSince1970: (millis / 1000).rounded(.down))
        let base = whole.formatted(.iso8601)
        let fraction = Int(millis.truncatingRemainder(dividingBy: 1000) + (millis < 0 ? 1000 : 0)) % 1000
        guard fraction != 0 else { return base }
        let f = String(fraction)
        return base.dropLast() + "." + String(repeating: "0", count: 3 - f.count) + f + "Z"
    }

    /// Parses ISO 8601 with or without fractional seconds.
    public static func parse(_ text: String) -> Date? {
        if let d = try? Date(text, strategy: .iso8601) { return d }
        return try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}
