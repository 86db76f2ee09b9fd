/// An exact decimal number: an arbitrary-width unscaled integer and a scale (value = unscaled × 10^-scale).
///
/// Unscaled values that fit in 64 bits (every decimal of precision ≤ 18) are kept as an integer, so
/// the common case costs no allocation; wider ones as minimal big-endian two's complement bytes, the
/// way Parquet stores decimals in byte arrays, so precisions beyond 18 digits (FIXED_LEN_BYTE_ARRAY
/// decimals) round-trip without loss.
public struct ParquetDecimal: Hashable, Sendable, CustomStringConvertible {
    /// The unscaled value: an integer when it fits in 64 bits, otherwise minimal two's complement
    /// bytes (always more than 8), so that equal values have equal representations.
    private enum Unscaled: Hashable, Sendable {
        case int64(Int64)
        case wide([UInt8])
    }

    private let unscaled: Unscaled
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
        let minimal = bytes[start...]
        if minimal.count <= 8 {
            let negative = (minimal.first ?? 0) & 0x80 != 0
            var value: Int64 = negative ? -1 : 0
            for byte in minimal { value = value << 8 | Int64(byte) }
            unscaled = .int64(value)
        } else {
            unscaled = .wide(Array(minimal))
        }
        self.scale = scale
    }

    /// Creates a decimal from a 64-bit unscaled value.
    public init(unscaled: Int64, scale: Int) {
        self.unscaled = .int64(unscaled)
        self.scale = scale
    }

    /// The unscaled value as minimal big-endian two's complement bytes (at least one byte).
    public var unscaledBigEndian: [UInt8] {
        switch unscaled {
        case .wide(let bytes): return bytes
        case .int64(let value):
            var bytes: [UInt8] = []
            bytes.reserveCapacity(8)
            for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: value >> Int64(shift))) }
            var start = 0
            while start < 7 && ((bytes[start] == 0 && bytes[start + 1] & 0x80 == 0) || (bytes[start] == 0xFF && bytes[start + 1] & 0x80 != 0)) {
                start += 1
            }
            return Array(bytes[start...])
        }
    }

    /// Whether the value is below zero.
    public var isNegative: Bool {
        switch unscaled {
        case .int64(let value): value < 0
        case .wide(let bytes): bytes[0] & 0x80 != 0
        }
    }

    /// The unscaled value when it fits in 64 bits.
    public var unscaledInt64: Int64? {
        if case .int64(let value) = unscaled { return value }
        return nil
    }

    /// The unscaled value sign-extended to exactly `count` bytes, or nil when it needs more.
    func bigEndianBytes(count: Int) -> [UInt8]? {
        let bytes = unscaledBigEndian
        guard bytes.count <= count else { return nil }
        let fill: UInt8 = isNegative ? 0xFF : 0
        return [UInt8](repeating: fill, count: count - bytes.count) + bytes
    }

    /// Number of decimal digits of the unscaled magnitude.
    var digitCount: Int {
        guard case .int64(let value) = unscaled else { return magnitudeDigits().count }
        var magnitude = value.magnitude
        var count = 1
        while magnitude >= 10 {
            magnitude /= 10
            count += 1
        }
        return count
    }

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
        if case .int64(let value) = unscaled { return String(value.magnitude) }
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
        if case .int64(let a) = lhs.unscaled, case .int64(let b) = rhs.unscaled { return a < b }
        if lhs.isNegative != rhs.isNegative { return lhs.isNegative }
        let left = lhs.unscaledBigEndian, right = rhs.unscaledBigEndian
        // Same sign: a longer minimal encoding has the larger magnitude.
        if left.count != right.count { return lhs.isNegative ? left.count > right.count : left.count < right.count }
        return left.lexicographicallyPrecedes(right)
    }
}
