/// The UNCOMPRESSED codec: page bodies are stored as they are.
struct UncompressedCodec: PageCodec {
    func compress(_ input: [UInt8]) throws -> [UInt8] { input }

    /// Returns the body unchanged; its length is the page's compressed size, which for this codec is the data.
    func decompress(_ input: [UInt8], uncompressedSize: Int, offset: Int) throws -> [UInt8] { input }
}
