/// The SNAPPY codec: raw Snappy blocks, by the Swift ``SnappyCompressor`` and ``SnappyDecompressor``.
struct SnappyCodec: PageCodec {
    func compress(_ input: [UInt8]) throws -> [UInt8] { SnappyCompressor.compress(input) }

    func decompress(_ input: [UInt8], uncompressedSize: Int, offset: Int) throws -> [UInt8] {
        let output = try SnappyDecompressor.decompress(input, baseOffset: offset, maxLength: uncompressedSize)
        guard output.count == uncompressedSize else {
            throw ParquetError.malformed("snappy page decompressed to \(output.count) bytes, header says \(uncompressedSize)", at: offset)
        }
        return output
    }
}
