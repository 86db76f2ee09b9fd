import Foundation
import Sluice

/// The arithmetic operators on record values. A null operand gives null.
enum Arithmetic {
    /// `+`: numbers add, two strings concatenate.
    static func add(_ lhs: RecordValue, _ rhs: RecordValue) throws(OperationFailure) -> RecordValue {
        if case .string(let a) = lhs, case .string(let b) = rhs { return .string(a + b) }
        if lhs.isNull || rhs.isNull { return .null }
        switch try NumericPair(lhs, rhs) {
        case .ints(let a, let b): return try checked(a.addingReportingOverflow(b))
        case .decimals(let a, let b): return try checked(a + b)
        case .doubles(let a, let b): return try checked(a + b)
        }
    }

    /// `-`.
    static func subtract(_ lhs: RecordValue, _ rhs: RecordValue) throws(OperationFailure) -> RecordValue {
        if lhs.isNull || rhs.isNull { return .null }
        switch try NumericPair(lhs, rhs) {
        case .ints(let a, let b): return try checked(a.subtractingReportingOverflow(b))
        case .decimals(let a, let b): return try checked(a - b)
        case .doubles(let a, let b): return try checked(a - b)
        }
    }

    /// `*`.
    static func multiply(_ lhs: RecordValue, _ rhs: RecordValue) throws(OperationFailure) -> RecordValue {
        if lhs.isNull || rhs.isNull { return .null }
        switch try NumericPair(lhs, rhs) {
        case .ints(let a, let b): return try checked(a.multipliedReportingOverflow(by: b))
        case .decimals(let a, let b): return try checked(a * b)
        case .doubles(let a, let b): return try checked(a * b)
        }
    }

    /// `/`: never truncates; two ints divide as exact decimals (`7 / 2` is `3.5`).
    static func divide(_ lhs: RecordValue, _ rhs: RecordValue) throws(OperationFailure) -> RecordValue {
        if lhs.isNull || rhs.isNull { return .null }
        switch try NumericPair(lhs, rhs) {
        case .ints(let a, let b):
            guard b != 0 else { throw .divisionByZero }
            return try checked(Decimal(a) / Decimal(b))
        case .decimals(let a, let b):
            guard !b.isZero else { throw .divisionByZero }
            return try checked(a / b)
        case .doubles(let a, let b):
            guard b != 0 else { throw .divisionByZero }
            return try checked(a / b)
        }
    }

    /// `%`: the remainder of the division truncated towards zero (it has the sign of the dividend).
    static func remainder(_ lhs: RecordValue, _ rhs: RecordValue) throws(OperationFailure) -> RecordValue {
        if lhs.isNull || rhs.isNull { return .null }
        switch try NumericPair(lhs, rhs) {
        case .ints(let a, let b):
            guard b != 0 else { throw .divisionByZero }
            return try checked(a.remainderReportingOverflow(dividingBy: b))
        case .decimals(let a, let b):
            guard !b.isZero else { throw .divisionByZero }
            return try checked(a - b * Numeric.truncated(a / b))
        case .doubles(let a, let b):
            guard b != 0 else { throw .divisionByZero }
            return try checked(a.truncatingRemainder(dividingBy: b))
        }
    }

    /// `-x`.
    static func negate(_ value: RecordValue) throws(OperationFailure) -> RecordValue {
        switch value {
        case .null: return .null
        case .int(let i): return try checked(Int(0).subtractingReportingOverflow(i))
        case .double(let d): return .double(-d)
        case .decimal(let d): return .decimal(-d)
        case .string(let text):
            guard let number = NumericText.parse(text) else { throw .notNumeric(.left) }
            return try negate(number)
        default: throw .incompatible
        }
    }

    private static func checked(_ result: (partialValue: Int, overflow: Bool)) throws(OperationFailure) -> RecordValue {
        guard !result.overflow else { throw .overflow }
        return .int(result.partialValue)
    }

    private static func checked(_ result: Decimal) throws(OperationFailure) -> RecordValue {
        guard !result.isNaN else { throw .overflow }
        return .decimal(result)
    }

    private static func checked(_ result: Double) throws(OperationFailure) -> RecordValue {
        guard result.isFinite else { throw .overflow }
        return .double(result)
    }
}
