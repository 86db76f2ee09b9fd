import Testing
@testable import SluiceParquet

/// Corrupt and truncated input must surface as `ParquetError`, never as a crash or another error type.
@Suite struct ParquetRobustnessTests {
    private static let limits: ParquetReader.Limits = {
        var limits = ParquetReader.Limits()
        limits.maxRowsPerRowGroup = 100_000
        limits.maxPageBytes = 1 << 20
        return limits
    }()

    private static func sample(compression: ParquetCompressionCodec, dictionary: Bool) throws -> [UInt8] {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        var options = ParquetWriter.Options()
        options.compression = compression
        options.dictionaryEnabled = dictionary
        options.rowGroupByteSize = 3_000
        return try SampleFiles.writeAllTypes(to: dir.file("fuzz.parquet"), rows: 60, options: options)
    }

    /// Reads everything the file offers; returns the error if one was thrown, failing the test on non-Parquet errors
    /// and on malformed/truncated errors without a byte offset.
    @discardableResult
    private static func readEverything(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) -> ParquetError? {
        do {
            let reader = try ParquetReader(bytes: bytes, limits: limits)
            for index in 0..<reader.rowGroupCount {
                _ = try reader.rowGroupInfo(at: index)
                _ = try reader.readRowGroup(at: index)
            }
            return nil
        } catch let error as ParquetError {
            if error.code == .malformed || error.code == .truncated {
                #expect(error.offset != nil, "\(error)", sourceLocation: sourceLocation)
            }
            return error
        } catch {
            Issue.record("non-Parquet error \(error)", sourceLocation: sourceLocation)
            return nil
        }
    }

    @Test func everyTruncatedPrefixThrows() throws {
        let bytes = try Self.sample(compression: .snappy, dictionary: true)
        for length in 0..<bytes.count {
            #expect(Self.readEverything(Array(bytes.prefix(length))) != nil, "prefix of \(length) bytes was accepted")
        }
        #expect(Self.readEverything(bytes) == nil)
    }

    @Test func removingDataKeepingTheFooterThrows() throws {
        let bytes = try Self.sample(compression: .uncompressed, dictionary: false)
        for cut in stride(from: 4, to: bytes.count / 2, by: 7) {
            let damaged = Array(bytes[..<cut]) + Array(bytes[(cut + 5)...])
            #expect(Self.readEverything(damaged) != nil, "removing 5 bytes at \(cut) was accepted")
        }
    }

    @Test(arguments: [(ParquetCompressionCodec.snappy, true), (.uncompressed, false), (.uncompressed, true), (.gzip, true), (.zstd, false)])
    func randomFooterAndPageCorruptionThrowsParquetErrors(compression: ParquetCompressionCodec, dictionary: Bool) throws {
        guard compression.isSupported else {
            PageCodecTests.expectTraitError(compression) { _ = try Self.sample(compression: compression, dictionary: dictionary) }
            return
        }
        let bytes = try Self.sample(compression: compression, dictionary: dictionary)
        let footerLength = Int(bytes[bytes.count - 8]) | Int(bytes[bytes.count - 7]) << 8
        let footer = (bytes.count - 8 - footerLength)..<(bytes.count - 8)
        var generator = SeededGenerator(seed: 0x5EED + UInt64(compression.rawValue) + (dictionary ? 100 : 0))
        var failures = 0
        let iterations = 1_500
        for iteration in 0..<iterations {
            var damaged = bytes
            switch iteration % 4 {
            case 0, 1:  // flip bytes in the footer
                for _ in 0..<Int.random(in: 1...4, using: &generator) {
                    damaged[Int.random(in: footer, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
                }
            case 2:  // flip bytes in page headers and data
                for _ in 0..<Int.random(in: 1...8, using: &generator) {
                    damaged[Int.random(in: 4..<footer.lowerBound, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
                }
            default:  // replace the footer by random bytes of a random length
                let length = Int.random(in: 0...footerLength, using: &generator)
                let random = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
                damaged = Array(bytes[..<footer.lowerBound]) + random
                damaged.appendLittleEndian(UInt32(length))
                damaged += Array("PAR1".utf8)
            }
            if Self.readEverything(damaged) != nil { failures += 1 }
        }
        // Most corruptions are detected; the rest decode to some (wrong) values without crashing.
        #expect(failures > iterations / 2)
    }

    @Test func randomBytesIntoDecodersThrowParquetErrors() {
        var generator = SeededGenerator(seed: 42)
        for _ in 0..<3_000 {
            let bytes = (0..<Int.random(in: 0...64, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            var thrift = ThriftCompactReader(ByteReader(bytes))
            #expect(throws: ParquetError.self) { _ = try FileMetaData(from: &thrift) }
            var pageReader = ThriftCompactReader(ByteReader(bytes))
            do { _ = try PageHeader(from: &pageReader) } catch { #expect(error is ParquetError) }
            do { _ = try SnappyDecompressor.decompress(bytes, maxLength: 1 << 16) } catch { #expect(error is ParquetError) }
            for codec in PageCodecTests.libraryCodecs where codec.isSupported {
                do { _ = try codec.makePageCodec().decompress(bytes, uncompressedSize: 100, offset: 0) } catch { #expect(error is ParquetError) }
            }
            var reader = ByteReader(bytes)
            do { _ = try DeltaByteArrayDecoder.decode(count: 3, from: &reader) } catch { #expect(error is ParquetError) }
            if let width = bytes.first.map({ Int($0 % 33) }), var decoder = try? RLEBitPackedHybridDecoder(ByteReader(Array(bytes.dropFirst())), bitWidth: width) {
                do { _ = try decoder.decode(count: 100) } catch { #expect(error is ParquetError) }
            }
        }
    }
}
