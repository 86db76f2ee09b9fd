/// A Parquet value or level encoding, as recorded in page headers and column metadata.
///
/// Modelled as an open set of raw values so files from newer writers still decode; unknown
/// encodings are only rejected when a page that uses them is actually read.
public struct ParquetEncoding: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The Thrift enum value.
    public let rawValue: Int32
    /// Creates an encoding from its Thrift enum value.
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// Values stored back to back in their natural binary form.
    public static let plain = ParquetEncoding(rawValue: 0)
    /// Legacy name for dictionary indices (Parquet 1.0 writers).
    public static let plainDictionary = ParquetEncoding(rawValue: 2)
    /// RLE / bit-packed hybrid, used for levels and booleans.
    public static let rle = ParquetEncoding(rawValue: 3)
    /// Deprecated bit-packed levels.
    public static let bitPacked = ParquetEncoding(rawValue: 4)
    /// Delta encoding of integers.
    public static let deltaBinaryPacked = ParquetEncoding(rawValue: 5)
    /// Byte arrays as delta-encoded lengths followed by the data.
    public static let deltaLengthByteArray = ParquetEncoding(rawValue: 6)
    /// Byte arrays with incremental (prefix) encoding.
    public static let deltaByteArray = ParquetEncoding(rawValue: 7)
    /// Dictionary indices encoded with the RLE / bit-packed hybrid.
    public static let rleDictionary = ParquetEncoding(rawValue: 8)
    /// Byte-stream split of floating point values.
    public static let byteStreamSplit = ParquetEncoding(rawValue: 9)

    /// The specification name of the encoding.
    public var description: String {
        switch rawValue {
        case 0: "PLAIN"
        case 2: "PLAIN_DICTIONARY"
        case 3: "RLE"
        case 4: "BIT_PACKED"
        case 5: "DELTA_BINARY_PACKED"
        case 6: "DELTA_LENGTH_BYTE_ARRAY"
        case 7: "DELTA_BYTE_ARRAY"
        case 8: "RLE_DICTIONARY"
        case 9: "BYTE_STREAM_SPLIT"
        default: "ENCODING(\(rawValue))"
        }
    }
}
