/// Footer information about one column chunk: its codec, encodings, sizes and statistics.
public struct ParquetColumnChunkInfo: Hashable, Sendable {
    /// The column the chunk belongs to.
    public var column: ParquetColumn
    /// Page compression of the chunk.
    public var compression: ParquetCompressionCodec
    /// Encodings used by the chunk's pages.
    public var encodings: [ParquetEncoding]
    /// Number of values including nulls.
    public var valueCount: Int64
    /// Bytes on disk, page headers included.
    public var compressedSize: Int64
    /// Bytes after decompression, page headers included.
    public var uncompressedSize: Int64
    /// Whether the chunk starts with a dictionary page.
    public var hasDictionaryPage: Bool
    /// Chunk statistics, if the writer recorded them.
    public var statistics: ParquetColumnStatistics?
}
