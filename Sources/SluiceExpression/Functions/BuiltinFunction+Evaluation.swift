import Foundation
import Sluice

extension BuiltinFunction {
    /// Applies the function to up to three evaluated arguments (`coalesce` is compiled apart,
    /// since it evaluates lazily). A null first argument gives null.
    func apply(_ a: RecordValue, _ b: RecordValue?, _ c: RecordValue?) throws(FunctionFailure) -> RecordValue {
        if a.isNull || b?.isNull == true || c?.isNull == true { return .null }
        switch self {
        case .upper: return .string(try text(a).uppercased())
        case .lower: return .string(try text(a).lowercased())
        case .trim: return .string(try text(a).trimmingCharacters(in: .whitespacesAndNewlines))
        case .length: return .int(try text(a).count)
        case .substr: return try substring(a, b ?? .int(0), c)
        case .int: return try BuiltinFunction.toInt(a)
        case .double: return try BuiltinFunction.toDouble(a)
        case .string: return .string(a.description)
        case .round: return try round(a, digits: b == nil ? 0 : try integer(b ?? .int(0), argument: 1))
        case .abs: return try absolute(a)
        case .coalesce: return a
        }
    }

    private func text(_ value: RecordValue) throws(FunctionFailure) -> String {
        guard case .string(let s) = value else { throw .wrongType(argument: 0, expected: "a string") }
        return s
    }

    private func integer(_ value: RecordValue, argument: Int) throws(FunctionFailure) -> Int {
        switch value {
        case .int(let i): return i
        case .string(let s):
            guard case .int(let i)? = NumericText.parse(s) else { throw .wrongType(argument: argument, expected: "an int") }
            return i
        default: throw .wrongType(argument: argument, expected: "an int")
        }
    }

    private func number(_ value: RecordValue) throws(FunctionFailure) -> RecordValue {
        switch value {
        case .int, .double, .decimal: return value
        case .string(let s):
            guard let n = NumericText.parse(s) else { throw .wrongType(argument: 0, expected: "a number") }
            return n
        default: throw .wrongType(argument: 0, expected: "a number")
        }
    }

    /// `substr(s, start[, length])`, 0-based, in characters; clamped at the end of the text.
    private func substring(_ a: RecordValue, _ b: RecordValue, _ c: RecordValue?) throws(FunctionFailure) -> RecordValue {
        let s = try text(a)
        let start = try integer(b, argument: 1)
        guard start >= 0 else { throw .outOfRange(argument: 1, rule: "must not be negative") }
        var length: Int?
        if let c {
            length = try integer(c, argument: 2)
            if let length, length < 0 { throw .outOfRange(argument: 2, rule: "must not be negative") }
        }
        let tail = s.dropFirst(start)
        return .string(String(length.map { tail.prefix($0) } ?? tail))
    }

    /// `round(x[, digits])`: half away from zero, keeping the numeric type.
    private func round(_ a: RecordValue, digits: Int) throws(FunctionFailure) -> RecordValue {
        guard (-18...18).contains(digits) else { throw .outOfRange(argument: 1, rule: "must be between -18 and 18") }
        switch try number(a) {
        case .int(let i) where digits >= 0: return .int(i)
        case .int(let i):
            let rounded = Numeric.rounded(Decimal(i), scale: digits, .plain)
            guard let result = Numeric.int(exactly: rounded) else { throw .overflow }
            return .int(result)
        case .decimal(let d): return .decimal(Numeric.rounded(d, scale: digits, .plain))
        case .double(let d):
            let scale = pow(10, Double(digits))
            let result = digits == 0 ? d.rounded() : (d * scale).rounded() / scale
            guard result.isFinite else { throw .overflow }
            return .double(result)
        default: throw .wrongType(argument: 0, expected: "a number")
        }
    }

    private func absolute(_ a: RecordValue) throws(FunctionFailure) -> RecordValue {
        switch try number(a) {
        case .int(let i):
            guard i != .min else { throw .overflow }
            return .int(Swift.abs(i))
        case .decimal(let d): return .decimal(Swift.abs(d))
        case .double(let d): return .double(Swift.abs(d))
        default: throw .wrongType(argument: 0, expected: "a number")
        }
    }

    /// `int(x)`: numbers and numeric strings, truncated towards zero.
    static func toInt(_ value: RecordValue) throws(FunctionFailure) -> RecordValue {
        let converted: Int?
        switch value {
        case .int(let i): converted = i
        case .double(let d): converted = Numeric.int(truncating: d)
        case .decimal(let d): converted = Numeric.int(exactly: d)
        case .string(let s):
            guard let n = NumericText.parse(s) else { throw .notConvertible(argument: 0, target: "int") }
            return try toInt(n)
        default: converted = nil
        }
        guard let converted else { throw .notConvertible(argument: 0, target: "int") }
        return .int(converted)
    }

    /// `double(x)`: numbers and numeric strings.
    static func toDouble(_ value: RecordValue) throws(FunctionFailure) -> RecordValue {
        switch value {
        case .int, .double, .decimal: return .double(Numeric.double(value))
        case .string(let s):
            guard let n = NumericText.parse(s) else { throw .notConvertible(argument: 0, target: "double") }
            return .double(Numeric.double(n))
        default: throw .notConvertible(argument: 0, target: "double")
        }
    }
}
