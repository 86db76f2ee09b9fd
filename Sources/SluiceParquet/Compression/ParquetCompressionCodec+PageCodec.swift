extension ParquetCompressionCodec {
    /// The page codec implementing this codec in this build, compressing at `level` (nil: the codec's default).
    ///
    /// Throws ``ParquetError/Code-swift.struct/unsupported`` for codecs this library does not implement
    /// and for GZIP / ZSTD when the build lacks their package trait (the message says how to enable it),
    /// and ``ParquetError/Code-swift.struct/invalidValue`` for a level the codec does not accept.
    func makePageCodec(level: Int? = nil, libraries: CompressionLibraries = .built) throws -> any PageCodec {
        switch self {
        case .uncompressed, .snappy:
            if let level { throw ParquetError(.invalidValue, "compression \(self) has no levels (got \(level))") }
            return self == .snappy ? SnappyCodec() : UncompressedCodec()
        case .gzip:
            guard libraries.zlib else { throw Self.traitDisabled(.gzip) }
            #if Zlib
            return try GzipCodec(level: level)
            #else
            throw Self.traitDisabled(.gzip)
            #endif
        case .zstd:
            guard libraries.zstd else { throw Self.traitDisabled(.zstd) }
            #if Zstd
            return try ZstdCodec(level: level)
            #else
            throw Self.traitDisabled(.zstd)
            #endif
        default:
            throw ParquetError(.unsupported, "compression \(self) is not supported; supported: UNCOMPRESSED, SNAPPY, GZIP, ZSTD")
        }
    }

    /// The error for GZIP or ZSTD in a build without its package trait, saying how to enable it.
    static func traitDisabled(_ codec: ParquetCompressionCodec) -> ParquetError {
        if codec == .zstd {
            return ParquetError(.unsupported, "compression ZSTD is not supported by this build: enable the 'Zstd' package trait "
                + "(install libzstd-dev, then `swift build --traits Zlib,Zstd`; naming traits drops the default ones, so keep Zlib "
                + "or use `--traits default,Zstd`)")
        }
        return ParquetError(.unsupported, "compression GZIP is not supported by this build: enable the 'Zlib' package trait, "
            + "one of the default traits (install zlib1g-dev, then build without --traits or with `--traits default`, "
            + "or name it: `--traits Zlib`)")
    }
}
