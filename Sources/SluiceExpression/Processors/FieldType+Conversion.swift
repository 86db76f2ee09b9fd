import Foundation
import Sluice

extension FieldType {
    /// The value as this type, or nil when it is not of the type and does not convert cleanly.
    ///
    /// Strings convert when they spell a value of the type (`"12"` → int, `"2026-11-30"` → date,
    /// `"true"` → bool, ignoring case); the empty string becomes null for every type but
    /// `string`. Ints widen to double and decimal; whole doubles and decimals narrow to int;
    /// doubles become decimals through their shortest text. Null stays null.
    public func converting(_ value: RecordValue) -> RecordValue? {
        if value.isNull { return value }
        if case .string(let text) = value, self != .string {
            return text.isEmpty ? .null : parse(text)
        }
        switch (self, value) {
        case (.string, .string), (.int, .int), (.double, .double), (.decimal, .decimal), (.bool, .bool),
            (.date, .date), (.timestamp, .timestamp):
            return value
        case (.int, .double(let d)): return Int(exactly: d).map { .int($0) }
        case (.int, .decimal(let d)): return Numeric.truncated(d) == d ? Numeric.int(exactly: d).map { .int($0) } : nil
        case (.double, .int), (.double, .decimal): return .double(Numeric.double(value))
        case (.decimal, .int), (.decimal, .double): return .decimal(Numeric.decimal(value))
        default: return nil
        }
    }

    private func parse(_ text: String) -> RecordValue? {
        switch self {
        case .string: return .string(text)
        case .int, .double, .decimal: return NumericText.parse(text).flatMap { converting($0) }
        case .bool:
            switch text.lowercased() {
            case "true": return .bool(true)
            case "false": return .bool(false)
            default: return nil
            }
        case .date: return CalendarDate(text).map { .date($0) }
        case .timestamp: return Timestamps.parse(text).map { .timestamp($0) }
        }
    }
}
