import Foundation
import Sluice

/// Equality and ordering of two non-null record values.
///
/// Numbers compare by value across int, decimal and double; a string compared with a number,
/// date, timestamp or bool is converted first (it fails when it does not convert); dates compare
/// with timestamps as midnight UTC; bools and bytes support only equality.
enum ValueOrder {
    /// Whether two non-null values are equal.
    static func equal(_ lhs: RecordValue, _ rhs: RecordValue) throws(OperationFailure) -> Bool {
        switch (lhs, rhs) {
        case (.bool(let a), .bool(let b)): return a == b
        case (.bytes(let a), .bytes(let b)): return a == b
        case (.bool(let a), .string(let text)): return try a == boolean(text, side: .right)
        case (.string(let text), .bool(let b)): return try boolean(text, side: .left) == b
        case (.bool, _), (_, .bool), (.bytes, _), (_, .bytes): throw .incompatible
        default: return try compare(lhs, rhs) == 0
        }
    }

    /// -1, 0 or 1 as `lhs` is less than, equal to or greater than `rhs`.
    static func compare(_ lhs: RecordValue, _ rhs: RecordValue) throws(OperationFailure) -> Int {
        switch (lhs, rhs) {
        case (.string(let a), .string(let b)): return a == b ? 0 : (a < b ? -1 : 1)
        case (.date(let a), .date(let b)): return a == b ? 0 : (a < b ? -1 : 1)
        case (.date, .timestamp), (.timestamp, .date), (.timestamp, .timestamp),
            (.date, .string), (.string, .date), (.timestamp, .string), (.string, .timestamp):
            return order(try instant(lhs, side: .left), try instant(rhs, side: .right))
        case (.bool, _), (_, .bool), (.bytes, _), (_, .bytes):
            throw lhs.typeName == rhs.typeName ? .notOrderable : .incompatible
        default:
            switch try NumericPair(lhs, rhs) {
            case .ints(let a, let b): return order(a, b)
            case .decimals(let a, let b): return order(a, b)
            case .doubles(let a, let b): return order(a, b)
            }
        }
    }

    private static func order<T: Comparable>(_ a: T, _ b: T) -> Int {
        a == b ? 0 : (a < b ? -1 : 1)
    }

    /// A date, timestamp or ISO text as an instant (dates at midnight UTC).
    private static func instant(_ value: RecordValue, side: OperandSide) throws(OperationFailure) -> Date {
        switch value {
        case .timestamp(let t): return t
        case .date(let d): return d.midnightUTC
        case .string(let text):
            if let d = CalendarDate(text) { return d.midnightUTC }
            if let t = Timestamps.parse(text) { return t }
            throw .notTemporal(side)
        default: throw .incompatible
        }
    }

    /// `true` / `false` text, ignoring case.
    private static func boolean(_ text: String, side: OperandSide) throws(OperationFailure) -> Bool {
        switch text.lowercased() {
        case "true": return true
        case "false": return false
        default: throw .notBoolean(side)
        }
    }
}
