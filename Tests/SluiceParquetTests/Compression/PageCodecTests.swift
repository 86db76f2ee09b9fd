import Testing
@testable import SluiceParquet

/// The page codecs on their own: round trips, corrupt input, wrong declared sizes and levels.
/// GZIP and ZSTD depend on package traits; in a build without one, its tests check the "enable the trait" error.
@Suite struct PageCodecTests {
    static let allCodecs: [ParquetCompressionCodec] = [.uncompressed, .snappy, .gzip, .zstd]
    static let libraryCodecs: [ParquetCompressionCodec] = [.gzip, .zstd]

    private static func inputs() -> (empty: [UInt8], one: [UInt8], repetitive: [UInt8], random: [UInt8]) {
        var generator = SeededGenerator(seed: 11)
        let random = (0..<200_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let repetitive = Array(String(repeating: "parquet page body, compressed and decompressed again. ", count: 20_000).utf8)
        return ([], [42], repetitive, random)
    }

    /// The codec of this build, or nil after checking the trait error when the build lacks it.
    private static func codecOrTraitError(_ codec: ParquetCompressionCodec, level: Int? = nil,
                                          sourceLocation: SourceLocation = #_sourceLocation) throws -> (any PageCodec)? {
        guard codec.isSupported else {
            expectTraitError(codec, sourceLocation: sourceLocation) { _ = try codec.makePageCodec(level: level) }
            return nil
        }
        return try codec.makePageCodec(level: level)
    }

    /// Expects the `unsupported` error that names the codec's package trait and the `--traits` option.
    static func expectTraitError(_ codec: ParquetCompressionCodec, sourceLocation: SourceLocation = #_sourceLocation,
                                 _ body: () throws -> Void) {
        let trait = codec == .zstd ? "Zstd" : "Zlib"
        #expect(sourceLocation: sourceLocation) { try body() } throws: { error in
            guard let error = error as? ParquetError else { return false }
            return error.code == .unsupported && error.message.contains("'\(trait)' package trait") && error.message.contains("--traits")
                && error.message.contains("\(codec)")
        }
    }

    private func expectMalformed(at offset: Int, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void) {
        #expect(sourceLocation: sourceLocation) { try body() } throws: { error in
            (error as? ParquetError)?.code == .malformed && (error as? ParquetError)?.offset == offset
        }
    }

    @Test(arguments: PageCodecTests.allCodecs)
    func roundTripsEmptyOneByteRepetitiveAndRandomData(codec: ParquetCompressionCodec) throws {
        guard let pageCodec = try Self.codecOrTraitError(codec) else { return }
        let inputs = Self.inputs()
        for input in [inputs.empty, inputs.one, inputs.repetitive, inputs.random] {
            let compressed = try pageCodec.compress(input)
            #expect(try pageCodec.decompress(compressed, uncompressedSize: input.count, offset: 0) == input, "\(codec) of \(input.count) bytes")
        }
        if codec != .uncompressed {
            #expect(try pageCodec.compress(inputs.repetitive).count < inputs.repetitive.count / 20)
        }
    }

    @Test(arguments: PageCodecTests.libraryCodecs)
    func corruptInputThrowsMalformedWithTheOffset(codec: ParquetCompressionCodec) throws {
        guard let pageCodec = try Self.codecOrTraitError(codec) else { return }
        let input = Self.inputs().repetitive
        let compressed = try pageCodec.compress(input)
        var badHeader = compressed
        badHeader[0] ^= 0xFF
        var flipped = compressed
        flipped[compressed.count / 2] ^= 0x55
        var generator = SeededGenerator(seed: 5)
        let garbage = (0..<500).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let corrupt: [[UInt8]] = [Array(compressed.prefix(compressed.count / 2)), Array(compressed.dropLast()), badHeader, flipped, garbage, [0]]
        for bytes in corrupt {
            expectMalformed(at: 4_321) { _ = try pageCodec.decompress(bytes, uncompressedSize: input.count, offset: 4_321) }
        }
        // Trailing bytes that are not another member / frame.
        expectMalformed(at: 7) { _ = try pageCodec.decompress(compressed + [1, 2, 3], uncompressedSize: input.count, offset: 7) }
    }

    @Test(arguments: PageCodecTests.libraryCodecs)
    func aWrongDeclaredSizeThrowsMalformed(codec: ParquetCompressionCodec) throws {
        guard let pageCodec = try Self.codecOrTraitError(codec) else { return }
        let input = Self.inputs().repetitive
        let compressed = try pageCodec.compress(input)
        for size in [0, 1, input.count - 1, input.count + 1, input.count * 2] {
            expectMalformed(at: 99) { _ = try pageCodec.decompress(compressed, uncompressedSize: size, offset: 99) }
        }
        expectMalformed(at: 99) { _ = try pageCodec.decompress([], uncompressedSize: 10, offset: 99) }
        let empty = try pageCodec.compress([])
        expectMalformed(at: 99) { _ = try pageCodec.decompress(empty, uncompressedSize: 1, offset: 99) }
    }

    @Test func gzipReadsConcatenatedMembersAndRawZlibStreams() throws {
        guard let gzip = try Self.codecOrTraitError(.gzip) else { return }
        let first = Array("first member, ".utf8)
        let second = Array(String(repeating: "second member ", count: 100).utf8)
        let members = try gzip.compress(first) + gzip.compress(second)
        #expect(members[0] == 0x1F && members[1] == 0x8B, "gzip container (RFC 1952)")
        #expect(try gzip.decompress(members, uncompressedSize: first.count + second.count, offset: 0) == first + second)
        expectMalformed(at: 3) { _ = try gzip.decompress(members, uncompressedSize: first.count + second.count - 1, offset: 3) }
        // A zlib stream (RFC 1950) with one stored deflate block, built by hand.
        let data = Array("raw zlib stream".utf8)
        let stored: [UInt8] = [0x78, 0x01, 0x01, UInt8(data.count), 0x00, ~UInt8(data.count), 0xFF] + data + Self.adler32(data)
        #expect(try gzip.decompress(stored, uncompressedSize: data.count, offset: 0) == data)
        var badChecksum = stored
        badChecksum[badChecksum.count - 1] ^= 1
        expectMalformed(at: 8) { _ = try gzip.decompress(badChecksum, uncompressedSize: data.count, offset: 8) }
    }

    private static func adler32(_ bytes: [UInt8]) -> [UInt8] {
        var a: UInt32 = 1
        var b: UInt32 = 0
        for byte in bytes {
            a = (a + UInt32(byte)) % 65_521
            b = (b + a) % 65_521
        }
        let sum = b << 16 | a
        return [UInt8(sum >> 24), UInt8((sum >> 16) & 0xFF), UInt8((sum >> 8) & 0xFF), UInt8(sum & 0xFF)]
    }

    @Test func levelsAreValidated() throws {
        let valid: [(ParquetCompressionCodec, Int)] = [(.gzip, 0), (.gzip, 1), (.gzip, 9), (.zstd, 1), (.zstd, 19), (.zstd, 22), (.zstd, -5)]
        let input = Self.inputs().repetitive
        for (codec, level) in valid {
            guard let pageCodec = try Self.codecOrTraitError(codec, level: level) else { continue }
            #expect(try pageCodec.decompress(pageCodec.compress(input), uncompressedSize: input.count, offset: 0) == input, "\(codec) level \(level)")
        }
        let invalid: [(ParquetCompressionCodec, Int)] = [(.gzip, -1), (.gzip, 10), (.zstd, 23), (.zstd, 1_000_000), (.snappy, 1), (.uncompressed, 0)]
        for (codec, level) in invalid {
            if codec.isSupported {
                #expect { _ = try codec.makePageCodec(level: level) } throws: { error in
                    (error as? ParquetError)?.code == .invalidValue && (error as? ParquetError)?.message.contains("\(level)") == true
                }
            } else {
                Self.expectTraitError(codec) { _ = try codec.makePageCodec(level: level) }
            }
        }
        #expect { _ = try ParquetCompressionCodec.lz4.makePageCodec() } throws: { ($0 as? ParquetError)?.code == .unsupported }
        #expect(!ParquetCompressionCodec.lz4.isSupported && !ParquetCompressionCodec.brotli.isSupported)
    }

    @Test(arguments: PageCodecTests.libraryCodecs)
    func aBuildWithoutTheTraitThrowsTheEnableTraitError(codec: ParquetCompressionCodec) {
        // Whatever this build has, the error path of a build without the library.
        let none = CompressionLibraries(zlib: false, zstd: false)
        Self.expectTraitError(codec) { _ = try codec.makePageCodec(libraries: none) }
        Self.expectTraitError(codec) { _ = try codec.makePageCodec(level: 3, libraries: none) }
    }

    @Test func isSupportedReflectsTheBuild() {
        let built = CompressionLibraries.built
        #expect(ParquetCompressionCodec.gzip.isSupported == built.zlib)
        #expect(ParquetCompressionCodec.zstd.isSupported == built.zstd)
        #expect(ParquetCompressionCodec.uncompressed.isSupported && ParquetCompressionCodec.snappy.isSupported)
        print("page codecs of this build: zlib=\(built.zlib) zstd=\(built.zstd)")
    }
}
