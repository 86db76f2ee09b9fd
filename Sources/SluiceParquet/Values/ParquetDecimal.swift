/// An exact decimal number: an arbitrary-width unscaled integer and a scale (value = unscaled × 10^-scale).
///
/// Stored as minimal big-endian two's complement bytes, the way Parquet stores decimals in byte arrays,
/// so precisions beyond 18 digits (FIXED_LEN_BYTE_ARRAY decimals) round-trip without loss.
public struct ParquetDecimal: Hashable, Sendable, CustomStringConvertible {
    /// The unscaled value as minimal big-endian two's complement bytes (at least one byte).
    public let unscaledBigEndian: [UInt8]
    /// Number of digits after the decimal point.
    public let scale: Int

    /// Creates a decimal from big-endian two's complement bytes of the unscaled value.
    public init(unscaledBigEndian bytes: [UInt8], scale: Int) {
        var start = 0
        while start + 1 < bytes.count {
            let byte = bytes[start]
            let nextIsNegative = bytes[start + 1] & 0x80 != 0
            guard (byte == 0 && !nextIsNegative) || (byte == 0xFF && nextIsNegative) else { break }
            start += 1
        }
        self.unscaledBigEndian = bytes.isEmpty ? [0] : Array(bytes[start...])
        self.scale = scale
    }

    /// Creates a decimal from a 64-bit unscaled value.
    public init(unscaled: Int64, scale: Int) {
        var bytes: [UInt8] = []
        for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: unscaled >> Int64(shift))) }
        self.init(unscaledBigEndian: bytes, scale: scale)
    }

    /// Whether the value is below zero.
    public var isNegative: Bool { unscaledBigEndian[0] & 0x80 != 0 }

    /// The unscaled value when it fits in 64 bits.
    public var unscaledInt64: Int64? {
        guard let bytes = bigEndianBytes(count: 8) else { return nil }
        return bytes.reduce(Int64(0)) { $0 << 8 | Int64($1) }
    }

    /// The unscaled value sign-extended to exactly `count` bytes, or nil when it needs more.
    func bigEndianBytes(count: Int) -> [UInt8]? {
        guard unscaledBigEndian.count <= count else { return nil }
        let fill: UInt8 = isNegative ? 0xFF : 0
        return [UInt8](repeating: fill, count: count - unscaledBigEndian.count) + unscaledBigEndian
    }

    /// Number of decimal digits of the unscaled magnitude.
    var digitCount: Int { magnitudeDigits().count }

    /// The number in plain notation, e.g. `-12.340` for unscaled -12340 with scale 3.
    public var description: String {
        var digits = magnitudeDigits()
        if scale > 0 {
            if digits.count <= scale { digits = String(repeating: "0", count: scale - digits.count + 1) + digits }
            digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -scale))
        } else if scale < 0 && digits != "0" {
            digits += String(repeating: "0", count: -scale)
        }
        return (isNegative ? "-" : "") + digits
    }

    private func magnitudeDigits() -> String {
        var magnitude = unscaledBigEndian
        if isNegative {
            // Two's complement negation: invert and add one.
            magnitude = magnitude.map { ~$0 }
            var carry = true
            for index in magnitude.indices.reversed() where carry {
                let (sum, overflow) = magnitude[index].addingReportingOverflow(1)
                magnitude[index] = sum
                carry = overflow
            }
            if carry || magnitude[0] & 0x80 != 0 { magnitude.insert(carry ? 1 : 0, at: 0) }
        }
        var digits: [Character] = []
        while magnitude.contains(where: { $0 != 0 }) {
            var remainder = 0
            for index in magnitude.indices {
                let current = remainder << 8 | Int(magnitude[index])
                magnitude[index] = UInt8(current / 10)
                remainder = current % 10
            }
            digits.append(Character(String(remainder)))
        }
        return digits.isEmpty ? "0" : String(digits.reversed())
    }

    /// Orders two decimals of the same scale by their unscaled value.
    static func unscaledLess(_ lhs: ParquetDecimal, _ rhs: ParquetDecimal) -> Bool {
        let width = max(lhs.unscaledBigEndian.count, rhs.unscaledBigEndian.count)
        guard let left = lhs.bigEndianBytes(count: width), let right = rhs.bigEndianBytes(count: width) else { return false }
        if lhs.isNegative != rhs.isNegative { return lhs.isNegative }
        return left.lexicographicallyPrecedes(right)
    }
}
