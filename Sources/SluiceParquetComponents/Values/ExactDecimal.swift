import Foundation
import SluiceParquet

/// Exact conversions between Foundation's `Decimal` (what ``Sluice/RecordValue/decimal(_:)``
/// holds) and ``SluiceParquet/ParquetDecimal`` (an unscaled two's complement integer and a scale).
///
/// Both directions go through the plain decimal digits, never through `Double`, so no digit is
/// lost; a value that needs rounding to fit a column's scale is refused instead.
enum ExactDecimal {
    /// `Decimal` holds at most 38 significant digits.
    static let maximumDigits = 38

    /// The value rescaled to exactly `scale` fraction digits, or nil when that would drop a
    /// non-zero digit or the result needs more than `precision` digits.
    static func parquet(_ value: Decimal, scale: Int, precision: Int) -> ParquetDecimal? {
        guard !value.isNaN else { return nil }
        if let fast = parquet64(value, scale: scale, precision: precision) { return fast }
        guard let (negative, digits, valueScale) = split(value.description) else { return nil }
        var unscaled = digits
        if valueScale < scale {
            unscaled += String(repeating: "0", count: scale - valueScale)
        } else if valueScale > scale {
            let dropped = unscaled.suffix(valueScale - scale)
            guard dropped.allSatisfy({ $0 == "0" }) else { return nil }
            unscaled.removeLast(dropped.count)
        }
        let significant = unscaled.drop { $0 == "0" }
        guard significant.count <= precision else { return nil }
        return ParquetDecimal(unscaledBigEndian: twosComplement(String(significant), negative: negative), scale: scale)
    }

    /// The common case without text: a significand below 2^64 rescaled in 64-bit arithmetic.
    /// Nil when any step would overflow or drop a digit (the digit path then decides).
    private static func parquet64(_ value: Decimal, scale: Int, precision: Int) -> ParquetDecimal? {
        guard precision <= 18 else { return nil }
        let magnitude: UInt64
        if let stored = DecimalStorage.magnitude64(value) {
            magnitude = stored
        } else {
            let significand = value.significand
            magnitude = NSDecimalNumber(decimal: significand).uint64Value
            guard Decimal(magnitude) == significand else { return nil }
        }
        var unscaled = magnitude
        let shift = value.exponent + scale
        if shift > 0 {
            for _ in 0..<shift {
                let (product, overflow) = unscaled.multipliedReportingOverflow(by: 10)
                guard !overflow else { return nil }
                unscaled = product
            }
        } else if shift < 0 {
            for _ in 0..<(-shift) {
                guard unscaled % 10 == 0 else { return nil }
                unscaled /= 10
            }
        }
        guard unscaled < powersOfTen[precision] else { return nil }
        let signed = Int64(unscaled)
        return ParquetDecimal(unscaled: value.sign == .minus ? -signed : signed, scale: scale)
    }

    /// 10^0 ... 10^18.
    private static let powersOfTen: [UInt64] = (0...18).map { n in (0..<n).reduce(UInt64(1)) { value, _ in value * 10 } }

    /// The scale (fraction digits) `value` needs to be written exactly, for schema inference.
    static func scale(of value: Decimal) -> Int {
        guard let (_, _, scale) = split(value.description) else { return 0 }
        return max(0, scale)
    }

    /// The exact `Decimal` of a Parquet decimal, or nil when it has more than 38 digits.
    static func decimal(_ value: ParquetDecimal) -> Decimal? {
        let text = value.description
        guard text.filter(\.isNumber).drop(while: { $0 == "0" }).count <= maximumDigits else { return nil }
        return Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))
    }

    /// Splits plain or exponent notation into sign, digits without the point, and scale.
    private static func split(_ text: String) -> (Bool, String, Int)? {
        var body = Substring(text)
        let negative = body.first == "-"
        if negative { body = body.dropFirst() }
        var exponent = 0
        if let e = body.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            guard let parsed = Int(body[body.index(after: e)...]) else { return nil }
            exponent = parsed
            body = body[..<e]
        }
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = parts.first else { return nil }
        let fraction = parts.count == 2 ? parts[1] : ""
        let digits = String(whole) + String(fraction)
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return (negative, digits, fraction.count - exponent)
    }

    /// Big-endian two's complement bytes of the decimal digit string, negated when `negative`.
    private static func twosComplement(_ digits: String, negative: Bool) -> [UInt8] {
        var magnitude: [UInt8] = [0]
        for digit in digits.utf8 {
            var carry = Int(digit - UInt8(ascii: "0"))
            for index in magnitude.indices.reversed() {
                let product = Int(magnitude[index]) * 10 + carry
                magnitude[index] = UInt8(product & 0xFF)
                carry = product >> 8
            }
            while carry > 0 {
                magnitude.insert(UInt8(carry & 0xFF), at: 0)
                carry >>= 8
            }
        }
        magnitude.insert(0, at: 0)  // room for the sign bit
        guard negative else { return magnitude }
        var bytes = magnitude.map { ~$0 }
        for index in bytes.indices.reversed() {
            let (sum, overflow) = bytes[index].addingReportingOverflow(1)
            bytes[index] = sum
            if !overflow { break }
        }
        return bytes
    }
}
