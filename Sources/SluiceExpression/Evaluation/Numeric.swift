import Foundation
import Sluice

/// Two operands brought to a common numeric type: int with int stays int, a double makes both
/// doubles, otherwise (a decimal involved) both become exact decimals.
enum NumericPair {
    case ints(Int, Int)
    case decimals(Decimal, Decimal)
    case doubles(Double, Double)

    /// The common type of two values, converting numeric strings; nil operands are not numbers.
    init(_ lhs: RecordValue, _ rhs: RecordValue) throws(OperationFailure) {
        let l = try NumericPair.number(lhs, side: .left)
        let r = try NumericPair.number(rhs, side: .right)
        switch (l, r) {
        case (.int(let a), .int(let b)): self = .ints(a, b)
        case (.double, _), (_, .double): self = .doubles(Numeric.double(l), Numeric.double(r))
        default: self = .decimals(Numeric.decimal(l), Numeric.decimal(r))
        }
    }

    /// The value as an int, double or decimal; strings are parsed.
    private static func number(_ value: RecordValue, side: OperandSide) throws(OperationFailure) -> RecordValue {
        switch value {
        case .int, .double, .decimal: return value
        case .string(let text):
            guard let number = NumericText.parse(text) else { throw .notNumeric(side) }
            return number
        default: throw .incompatible
        }
    }
}

/// Conversions between the numeric cases of ``RecordValue``.
enum Numeric {
    /// An int, double or decimal as a double (decimals through their exact text).
    static func double(_ value: RecordValue) -> Double {
        switch value {
        case .int(let i): Double(i)
        case .double(let d): d
        case .decimal(let d): Double(d.description) ?? .nan
        default: .nan
        }
    }

    /// An int or decimal as a decimal (doubles through their shortest text, so 0.1 stays 0.1).
    static func decimal(_ value: RecordValue) -> Decimal {
        switch value {
        case .int(let i): Decimal(i)
        case .decimal(let d): d
        case .double(let d): Decimal(string: "\(d)") ?? .nan
        default: .nan
        }
    }

    /// A decimal rounded to `scale` fraction digits with `mode`.
    static func rounded(_ value: Decimal, scale: Int, _ mode: NSDecimalNumber.RoundingMode) -> Decimal {
        var input = value
        var result = Decimal()
        NSDecimalRound(&result, &input, scale, mode)
        return result
    }

    /// A decimal with its fraction dropped (towards zero).
    static func truncated(_ value: Decimal) -> Decimal {
        rounded(value, scale: 0, value < 0 ? .up : .down)
    }

    /// A whole decimal as an int, or nil when out of range.
    static func int(exactly value: Decimal) -> Int? {
        Int(truncated(value).description)
    }

    /// A double truncated to an int, or nil when not finite or out of range.
    static func int(truncating value: Double) -> Int? {
        Int(exactly: value.rounded(.towardZero))
    }
}
