import Foundation

/// Reads the significand of a Foundation `Decimal` straight from its storage, because the public
/// way (`NSDecimalNumber(decimal:).uint64Value`) allocates an object per value, which made decimal
/// columns the slowest part of writing Parquet.
///
/// `Decimal` keeps the layout of `NSDecimal`: byte 0 the exponent, the high four bits of byte 1 the
/// number of 16-bit mantissa words in use, and from byte 4 eight little-endian 16-bit words, least
/// significant first. That layout is checked once against the public API (``isUnderstood``); on
/// a Foundation or platform where the check fails, ``magnitude64(_:)`` returns nil and callers take
/// the slow path.
enum DecimalStorage {
    /// Whether `Decimal` is laid out as expected, checked on sample values of every mantissa length.
    static let isUnderstood: Bool = {
        guard MemoryLayout<Decimal>.size == 20, 1.littleEndian == 1 else { return false }
        let samples: [UInt64] = [0, 1, 9, 12_345, 65_535, 65_536, 1 << 32 | 7, 1 << 48 | 3, 1 << 63 | 5, .max]
        for magnitude in samples {
            for (sign, exponent) in [(FloatingPointSign.plus, 0), (.minus, -2), (.plus, 5)] {
                let value = Decimal(sign: sign, exponent: exponent, significand: Decimal(magnitude))
                let significand = value.significand
                let expected = NSDecimalNumber(decimal: significand).uint64Value
                guard Decimal(expected) == significand, read(value) == expected else { return false }
            }
        }
        // A significand of more than 64 bits is not read as a 64-bit one.
        guard let wide = Decimal(string: "123456789012345678901234", locale: Locale(identifier: "en_US_POSIX")),
              read(wide) == nil else { return false }
        return true
    }()

    /// The significand's magnitude when it fits in 64 bits; nil when it does not, or when the
    /// layout is not understood.
    @inline(__always)
    static func magnitude64(_ value: Decimal) -> UInt64? {
        isUnderstood ? read(value) : nil
    }

    /// The magnitude from the storage bytes, nil when more than four words are in use.
    private static func read(_ value: Decimal) -> UInt64? {
        withUnsafeBytes(of: value) { raw in
            let words = Int(raw[1] >> 4)
            guard words <= 4 else { return nil }
            var magnitude: UInt64 = 0
            for word in 0..<words {
                magnitude |= UInt64(raw.loadUnaligned(fromByteOffset: 4 + 2 * word, as: UInt16.self)) << UInt64(16 * word)
            }
            return magnitude
        }
    }
}
