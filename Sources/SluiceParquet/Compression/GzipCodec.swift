#if Zlib
import CZlib

/// The GZIP codec, through the system zlib (package trait `Zlib`, on by default).
///
/// Writes the gzip container (RFC 1952), as parquet-mr and pyarrow do. Reads gzip, including several
/// concatenated gzip members, and raw zlib streams (RFC 1950): `inflateInit2` with window bits 15 + 32
/// detects the header. Output never grows past the page header's size.
struct GzipCodec: PageCodec {
    /// The accepted compression levels (0 stores, 9 compresses most).
    static let levels: ClosedRange<Int> = 0...9
    /// zlib's default level, 6.
    static let defaultLevel = Int(Z_DEFAULT_COMPRESSION)

    private let level: Int32

    /// A codec compressing at `level` (in ``levels``; nil: zlib's default).
    init(level: Int?) throws {
        if let level, !Self.levels.contains(level) {
            throw ParquetError(.invalidValue, "gzip compression level \(level) is outside \(Self.levels.lowerBound)...\(Self.levels.upperBound)")
        }
        self.level = Int32(level ?? Self.defaultLevel)
    }

    func compress(_ input: [UInt8]) throws -> [UInt8] {
        var stream = z_stream()
        // Window bits 15 + 16: a gzip header and trailer instead of zlib's.
        let status = deflateInit2_(&stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else { throw ParquetError(.io, "zlib deflateInit2 failed (\(status))") }
        defer { deflateEnd(&stream) }
        let bound = Int(deflateBound(&stream, uLong(input.count)))
        return try [UInt8](unsafeUninitializedCapacity: bound) { output, count in
            try input.withUnsafeBufferPointer { source in
                stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
                stream.avail_in = uInt(source.count)
                stream.next_out = output.baseAddress  // the bound is never 0: the container has a header
                stream.avail_out = uInt(output.count)
                let result = deflate(&stream, Z_FINISH)
                guard result == Z_STREAM_END else { throw ParquetError(.io, "zlib deflate failed (\(result))") }
                count = Int(stream.total_out)
            }
        }
    }

    func decompress(_ input: [UInt8], uncompressedSize: Int, offset: Int) throws -> [UInt8] {
        if input.isEmpty && uncompressedSize == 0 { return [] }
        var stream = z_stream()
        let status = inflateInit2_(&stream, 15 + 32, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else { throw ParquetError(.io, "zlib inflateInit2 failed (\(status))") }
        defer { inflateEnd(&stream) }
        return try [UInt8](unsafeUninitializedCapacity: uncompressedSize) { output, count in
            try input.withUnsafeBufferPointer { source in
                stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
                stream.avail_in = uInt(source.count)
                count = try Self.inflateMembers(&stream, into: output, offset: offset)
            }
        }
    }

    /// Inflates every member of the input into `output`; returns the bytes written.
    private static func inflateMembers(_ stream: inout z_stream, into output: UnsafeMutableBufferPointer<UInt8>, offset: Int) throws -> Int {
        var written = 0
        while true {
            var scratch: UInt8 = 0
            let result = withUnsafeMutablePointer(to: &scratch) { spare in
                // A full output buffer inflates into one spare byte: any byte there means the data is too long.
                let room = output.count - written
                stream.next_out = room > 0 ? output.baseAddress! + written : spare
                stream.avail_out = room > 0 ? uInt(room) : 1
                let before = stream.avail_out
                let result = inflate(&stream, Z_NO_FLUSH)
                let produced = Int(before - stream.avail_out)
                written += room > 0 ? produced : 0
                return (result, room == 0 && produced > 0)
            }
            guard !result.1 else {
                throw ParquetError.malformed("gzip page decompresses to more than the \(output.count) bytes its header declares", at: offset)
            }
            switch result.0 {
            case Z_STREAM_END:
                guard stream.avail_in > 0 else { return try checked(written, expected: output.count, offset: offset) }
                // Another gzip member follows.
                guard inflateReset(&stream) == Z_OK else { throw ParquetError.malformed("gzip page: cannot read the next member", at: offset) }
            case Z_OK:
                continue
            case Z_BUF_ERROR:
                throw ParquetError.malformed("gzip page is truncated after \(written) of \(output.count) bytes", at: offset)
            default:
                let reason = stream.msg.map { String(cString: $0) } ?? "error \(result.0)"
                throw ParquetError.malformed("gzip page is corrupt: \(reason)", at: offset)
            }
        }
    }

    private static func checked(_ written: Int, expected: Int, offset: Int) throws -> Int {
        guard written == expected else {
            throw ParquetError.malformed("gzip page decompressed to \(written) bytes, header says \(expected)", at: offset)
        }
        return written
    }
}
#endif
