/// The precision, scale and storage of a DECIMAL column.
public struct ParquetDecimalType: Hashable, Sendable {
    /// How the unscaled integer is stored.
    public enum Storage: Hashable, Sendable {
        /// INT32, for precision up to 9.
        case int32
        /// INT64, for precision up to 18.
        case int64
        /// FIXED_LEN_BYTE_ARRAY of the given byte width.
        case fixedLength(Int)
        /// Variable-length BYTE_ARRAY (read only).
        case byteArray
    }

    /// Total number of significant digits.
    public var precision: Int
    /// Digits after the decimal point.
    public var scale: Int
    /// Physical storage of the unscaled value.
    public var storage: Storage

    /// Creates a decimal type; by default the smallest storage that fits the precision is chosen
    /// (INT32 up to 9 digits, INT64 up to 18, otherwise the smallest fixed-length byte array).
    public init(precision: Int, scale: Int, storage: Storage? = nil) {
        self.precision = precision
        self.scale = scale
        self.storage = storage ?? Self.defaultStorage(precision: precision)
    }

    /// The smallest storage able to hold every value of `precision` digits.
    public static func defaultStorage(precision: Int) -> Storage {
        if precision <= 9 { return .int32 }
        if precision <= 18 { return .int64 }
        return .fixedLength(minimumByteWidth(precision: precision))
    }

    /// The fewest bytes whose two's complement range covers `precision` decimal digits.
    static func minimumByteWidth(precision: Int) -> Int {
        var bytes = 1
        // log10(2^(8n-1)) >= precision
        while Double(8 * bytes - 1) * 0.301_029_995_663_981_2 < Double(precision) { bytes += 1 }
        return bytes
    }

    /// Largest precision the storage can represent.
    var maximumPrecision: Int {
        switch storage {
        case .int32: 9
        case .int64: 18
        case .fixedLength(let width): Int((Double(8 * width - 1) * 0.301_029_995_663_981_2).rounded(.down))
        case .byteArray: Int.max
        }
    }
}
