/// Statistics of one column chunk as stored in the footer.
public struct ParquetColumnStatistics: Hashable, Sendable {
    /// Number of null values, if recorded.
    public var nullCount: Int64?
    /// Number of distinct values, if recorded.
    public var distinctCount: Int64?
    /// Smallest non-null value, if recorded and decodable.
    public var min: ParquetValue?
    /// Largest non-null value, if recorded and decodable.
    public var max: ParquetValue?

    /// Creates statistics.
    public init(nullCount: Int64? = nil, distinctCount: Int64? = nil, min: ParquetValue? = nil, max: ParquetValue? = nil) {
        self.nullCount = nullCount
        self.distinctCount = distinctCount
        self.min = min
        self.max = max
    }

    /// Decodes footer statistics; malformed min/max bytes yield nil rather than an error, since statistics are advisory.
    /// The deprecated `min`/`max` fields are used only for types whose legacy (signed) order is correct.
    init(_ statistics: Statistics, type: ParquetColumnType) {
        self.nullCount = statistics.nullCount
        self.distinctCount = statistics.distinctCount
        let legacyUsable = ![.byteArray, .fixedLenByteArray, .int96].contains(type.physicalType)
        self.min = (statistics.minValue ?? (legacyUsable ? statistics.legacyMin : nil)).flatMap { Self.decode($0, type: type) }
        self.max = (statistics.maxValue ?? (legacyUsable ? statistics.legacyMax : nil)).flatMap { Self.decode($0, type: type) }
    }

    private static func decode(_ bytes: [UInt8], type: ParquetColumnType) -> ParquetValue? {
        switch type.physicalType {
        case .byteArray: return type.value(bytes: bytes)
        case .boolean:
            guard bytes.count == 1 else { return nil }
            return .bool(bytes[0] & 1 == 1)
        default:
            var reader = ByteReader(bytes)
            guard let width = type.fixedWidth, bytes.count == width,
                  let values = try? PlainDecoder.decode(count: 1, type: type, from: &reader) else { return nil }
            return values.first
        }
    }
}
