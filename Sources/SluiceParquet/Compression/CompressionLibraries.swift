/// Which optional compression libraries this build of `SluiceParquet` links, one per package trait.
///
/// ``ParquetCompressionCodec/makePageCodec(level:libraries:)`` takes it as a parameter so tests can also
/// check the "not supported, enable the trait" error of a build that has the library.
struct CompressionLibraries: Sendable {
    /// zlib, for GZIP (trait `Zlib`, a default trait).
    var zlib: Bool
    /// libzstd, for ZSTD (trait `Zstd`, off by default).
    var zstd: Bool

    /// The libraries this build was compiled with.
    static var built: CompressionLibraries {
        #if Zlib
        let zlib = true
        #else
        let zlib = false
        #endif
        #if Zstd
        let zstd = true
        #else
        let zstd = false
        #endif
        return CompressionLibraries(zlib: zlib, zstd: zstd)
    }
}
