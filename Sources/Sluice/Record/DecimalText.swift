/// Fast, exact conversions between short decimal texts and `Double`, shared by the readers and
/// writers that move numbers as text (CSV, NDJSON, PostgreSQL COPY).
///
/// Both directions rest on one fact: a decimal of at most 15 significant digits is an exact
/// integer over an exact power of ten, and one IEEE division of those rounds correctly, exactly
/// as parsing the text does. So the fast paths give the same `Double` as `Double(text)` and the
/// same text as `Double.description`; whatever they do not cover returns `nil` and takes the
/// general path.
public enum DecimalText {
    /// 10⁰ … 10²², each exact in a `Double`.
    public static let exactPowersOfTen: [Double] = (0...22).reduce(into: []) { powers, n in powers.append(n == 0 ? 1 : powers[n - 1] * 10) }

    /// The value of `-?[0-9]+(\.[0-9]+)?` with at most 15 digits, without `strtod`; nil for
    /// anything else (a sign `+`, an exponent, more digits, spaces).
    @inlinable
    public static func shortDouble(_ utf8: UnsafeBufferPointer<UInt8>) -> Double? {
        var index = 0
        let negative = utf8.first == UInt8(ascii: "-")
        if negative { index = 1 }
        var mantissa: UInt64 = 0
        var digits = 0
        var fractionDigits = 0
        var seenPoint = false
        while index < utf8.count {
            let byte = utf8[index]
            index += 1
            if byte == UInt8(ascii: "."), !seenPoint, digits > 0 {
                seenPoint = true
                continue
            }
            let digit = byte &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            mantissa = mantissa * 10 + UInt64(digit)
            digits += 1
            if seenPoint { fractionDigits += 1 }
            guard digits <= 15 else { return nil }
        }
        guard digits > 0, !seenPoint || fractionDigits > 0 else { return nil }
        let magnitude = Double(mantissa) / exactPowersOfTen[fractionDigits]
        return negative ? -magnitude : magnitude
    }

    /// The value of `-?[0-9]+` within `Int`'s range; nil for anything else.
    public static func integer(_ utf8: UnsafeBufferPointer<UInt8>) -> Int? {
        let negative = utf8.first == UInt8(ascii: "-")
        let digits = UnsafeBufferPointer(rebasing: utf8[(negative ? 1 : 0)...])
        guard !digits.isEmpty, digits.count <= 19 else { return nil }
        var magnitude: UInt64 = 0
        for byte in digits {
            let digit = byte &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            magnitude = magnitude * 10 + UInt64(digit)
        }
        if negative { return magnitude <= UInt64(Int.max) + 1 ? Int(truncatingIfNeeded: 0 &- magnitude) : nil }
        return magnitude <= UInt64(Int.max) ? Int(magnitude) : nil
    }

    /// `|value|` as `digits / 10^scale` with the fewest decimals, for the values whose
    /// `description` is exactly that in plain notation (at most 15 significant digits, between
    /// 10⁻⁴ and 10¹⁵); nil for the others. A decimal of at most 15 significant digits names one
    /// double only, and the check `digits / 10^scale == |value|` proves the text reads back as
    /// `value`; the first scale that passes has the fewest digits, so it is the text
    /// `description` prints.
    public static func shortDigits(_ value: Double) -> (digits: UInt64, scale: Int)? {
        let magnitude = value.magnitude
        guard magnitude >= 1e-4 || magnitude == 0, magnitude < 1e15 else { return nil }
        for scale in 0...15 {
            let power = exactPowersOfTen[scale]
            let scaled = (magnitude * power).rounded()
            guard scaled < 1e15 else { return nil }
            if scaled / power == magnitude {
                let digits = UInt64(scaled)
                // A trailing zero means a shorter scale was missed by rounding: leave it to `description`.
                return scale > 0 && digits % 10 == 0 ? nil : (digits, scale)
            }
        }
        return nil
    }
}
