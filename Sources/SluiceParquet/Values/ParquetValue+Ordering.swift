extension ParquetValue {
    /// The Parquet sort order used for statistics: signed for numbers, unsigned byte-wise for strings
    /// and binaries, by value for decimals. Returns nil for values that do not take part (null, NaN, mixed cases).
    static func statisticsLess(_ lhs: ParquetValue, _ rhs: ParquetValue) -> Bool? {
        switch (lhs, rhs) {
        case (.bool(let a), .bool(let b)): return !a && b
        case (.int32(let a), .int32(let b)), (.date(let a), .date(let b)): return a < b
        case (.int64(let a), .int64(let b)): return a < b
        case (.timestamp(let a, _), .timestamp(let b, _)): return a < b
        case (.float(let a), .float(let b)): return a < b
        case (.double(let a), .double(let b)): return a < b
        case (.bytes(let a), .bytes(let b)): return a.lexicographicallyPrecedes(b)
        case (.string(let a), .string(let b)): return a.utf8.lexicographicallyPrecedes(b.utf8)
        case (.decimal(let a), .decimal(let b)): return ParquetDecimal.unscaledLess(a, b)
        default: return nil
        }
    }

    /// Whether the value is a floating point NaN, which statistics must skip.
    var isNaN: Bool {
        switch self {
        case .float(let value): value.isNaN
        case .double(let value): value.isNaN
        default: false
        }
    }
}
