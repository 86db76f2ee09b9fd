#if Zstd
import CZstd

/// The ZSTD codec, through the system libzstd (package trait `Zstd`, off by default).
///
/// Writes one zstd frame per page (with its content size and a checksum, so corruption is detected).
/// Reads any sequence of frames: the page header's size bounds the output buffer, which is the only
/// output allocation, and the frames must fill it exactly.
struct ZstdCodec: PageCodec {
    /// The accepted compression levels: libzstd's negative (fast) levels up to its maximum, 0 meaning the default.
    static var levels: ClosedRange<Int> { Int(ZSTD_minCLevel())...Int(ZSTD_maxCLevel()) }

    private let level: Int32

    /// A codec compressing at `level` (in ``levels``; nil: libzstd's default, 3).
    init(level: Int?) throws {
        if let level, !Self.levels.contains(level) {
            throw ParquetError(.invalidValue, "zstd compression level \(level) is outside \(Self.levels.lowerBound)...\(Self.levels.upperBound)")
        }
        self.level = Int32(level ?? Int(ZSTD_CLEVEL_DEFAULT))
    }

    func compress(_ input: [UInt8]) throws -> [UInt8] {
        guard let context = ZSTD_createCCtx() else { throw ParquetError(.io, "zstd: cannot create a compression context") }
        defer { ZSTD_freeCCtx(context) }
        try Self.check(ZSTD_CCtx_setParameter(context, ZSTD_c_compressionLevel, level), "set the level")
        try Self.check(ZSTD_CCtx_setParameter(context, ZSTD_c_checksumFlag, 1), "enable checksums")
        let bound = ZSTD_compressBound(input.count)
        return try [UInt8](unsafeUninitializedCapacity: bound) { output, count in
            try input.withUnsafeBytes { source in
                let written = ZSTD_compress2(context, output.baseAddress, output.count, source.baseAddress, source.count)
                try Self.check(written, "compress")
                count = written
            }
        }
    }

    func decompress(_ input: [UInt8], uncompressedSize: Int, offset: Int) throws -> [UInt8] {
        if input.isEmpty && uncompressedSize == 0 { return [] }
        var scratch: UInt8 = 0
        return try [UInt8](unsafeUninitializedCapacity: uncompressedSize) { output, count in
            let written = input.withUnsafeBytes { source in
                withUnsafeMutablePointer(to: &scratch) { spare in
                    // An empty output buffer may have no address; zstd wants one even for capacity 0.
                    ZSTD_decompress(output.baseAddress ?? spare, output.count, source.baseAddress, source.count)
                }
            }
            if ZSTD_isError(written) != 0 {
                let reason = String(cString: ZSTD_getErrorName(written))
                throw ParquetError.malformed("zstd page is corrupt or larger than the \(uncompressedSize) bytes its header declares: \(reason)", at: offset)
            }
            guard written == uncompressedSize else {
                throw ParquetError.malformed("zstd page decompressed to \(written) bytes, header says \(uncompressedSize)", at: offset)
            }
            count = written
        }
    }

    private static func check(_ result: Int, _ action: String) throws {
        guard ZSTD_isError(result) == 0 else {
            throw ParquetError(.io, "zstd: cannot \(action): \(String(cString: ZSTD_getErrorName(result)))")
        }
    }
}
#endif
