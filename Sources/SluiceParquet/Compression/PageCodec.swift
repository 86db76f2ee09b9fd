/// Compresses and decompresses the bodies of Parquet pages for one compression codec.
///
/// One implementation per codec (``UncompressedCodec``, ``SnappyCodec``, ``GzipCodec``, ``ZstdCodec``);
/// ``ParquetCompressionCodec/makePageCodec(level:libraries:)`` picks the one for a column chunk, so the
/// reader and the writer never switch over codecs themselves. Implementations are synchronous and may
/// block (C libraries); callers that run on Swift's cooperative pool move the work off it.
protocol PageCodec: Sendable {
    /// Compresses one page body.
    func compress(_ input: [UInt8]) throws -> [UInt8]

    /// Decompresses one page body into exactly `uncompressedSize` bytes.
    ///
    /// `uncompressedSize` is the page header's size, already checked against the reader's limits; no
    /// implementation allocates more than that for the output. Malformed input, or input that does not
    /// decompress to exactly that size, throws ``ParquetError/Code-swift.struct/malformed`` at `offset`
    /// (the file offset of the compressed bytes).
    func decompress(_ input: [UInt8], uncompressedSize: Int, offset: Int) throws -> [UInt8]
}
