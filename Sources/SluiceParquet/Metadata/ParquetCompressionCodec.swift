/// A Parquet page compression codec.
///
/// Open set of raw values so that metadata of files using codecs this library cannot decode
/// (LZ4, BROTLI, ...) can still be inspected.
public struct ParquetCompressionCodec: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The Thrift enum value.
    public let rawValue: Int32
    /// Creates a codec from its Thrift enum value.
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// No compression.
    public static let uncompressed = ParquetCompressionCodec(rawValue: 0)
    /// Raw Snappy blocks (no framing); implemented by this library.
    public static let snappy = ParquetCompressionCodec(rawValue: 1)
    /// The gzip container (RFC 1952); implemented through zlib when the `Zlib` package trait (a default one) is enabled.
    public static let gzip = ParquetCompressionCodec(rawValue: 2)
    /// LZO; not implemented.
    public static let lzo = ParquetCompressionCodec(rawValue: 3)
    /// Brotli; not implemented.
    public static let brotli = ParquetCompressionCodec(rawValue: 4)
    /// Hadoop-framed LZ4; not implemented.
    public static let lz4 = ParquetCompressionCodec(rawValue: 5)
    /// Zstandard frames; implemented through libzstd when the `Zstd` package trait (off by default) is enabled.
    public static let zstd = ParquetCompressionCodec(rawValue: 6)
    /// Raw LZ4 blocks; not implemented.
    public static let lz4Raw = ParquetCompressionCodec(rawValue: 7)

    /// Whether this build of the library can compress and decompress pages with the codec: always for
    /// UNCOMPRESSED and SNAPPY, for GZIP and ZSTD when the `Zlib` / `Zstd` package traits are enabled.
    public var isSupported: Bool { (try? makePageCodec()) != nil }

    /// The specification name of the codec.
    public var description: String {
        switch rawValue {
        case 0: "UNCOMPRESSED"
        case 1: "SNAPPY"
        case 2: "GZIP"
        case 3: "LZO"
        case 4: "BROTLI"
        case 5: "LZ4"
        case 6: "ZSTD"
        case 7: "LZ4_RAW"
        default: "CODEC(\(rawValue))"
        }
    }
}
