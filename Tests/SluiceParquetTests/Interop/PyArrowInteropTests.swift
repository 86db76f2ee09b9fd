import Foundation
import Testing
@testable import SluiceParquet

/// Files written by Sluice are read by pyarrow and files written by pyarrow are read by Sluice.
@Suite(.serialized) struct PyArrowInteropTests {
    private struct SluiceFileReport: Decodable {
        var num_rows: Int
        var row_groups: Int
        var created_by: String
        var schema: [[String]]
        var kv: [String: String]
        var columns: [String: [String?]]
        var null_counts: [[Int]]
        var stats_ok: Bool
        var stats_problems: [String]
        var compressions: [String]
        var encodings: [String]
    }

    private static let readSluiceFile = CanonicalValue.pythonPrelude + """
    f = pq.ParquetFile(sys.argv[1])
    t = f.read()
    md = f.metadata
    out = {
        'num_rows': md.num_rows, 'row_groups': md.num_row_groups, 'created_by': md.created_by,
        'schema': [[c.name, c.physical_type, str(c.logical_type.type), str(c.converted_type)] for c in f.schema],
        'kv': {k.decode(): v.decode() for k, v in (md.metadata or {}).items()},
        'columns': {name: column_texts(t.column(name)) for name in t.column_names},
        'null_counts': [], 'stats_ok': True, 'stats_problems': [], 'compressions': [], 'encodings': [],
    }
    for g in range(md.num_row_groups):
        group = f.read_row_group(g)
        counts = []
        for c in range(md.num_columns):
            meta = md.row_group(g).column(c)
            s = meta.statistics
            data = group.column(c)
            counts.append(s.null_count)
            out['compressions'].append(meta.compression)
            out['encodings'].append(','.join(sorted(meta.encodings)))
            if s.null_count != data.null_count:
                out['stats_ok'] = False; out['stats_problems'].append(f'{g}/{c} nulls')
            if data.null_count == len(data):
                continue
            mm = pc.min_max(data).as_py()
            if not s.has_min_max or s.min != mm['min'] or s.max != mm['max']:
                out['stats_ok'] = False; out['stats_problems'].append(f'{g}/{c} {s.min}..{s.max} vs {mm}')
        out['null_counts'].append(counts)
    print(json.dumps(out))
    """

    /// Every codec with the dictionary on and off; GZIP / ZSTD in a build without their trait check the trait error.
    @Test(arguments: PageCodecTests.allCodecs, [true, false])
    func pyarrowReadsSluiceFiles(compression: ParquetCompressionCodec, dictionary: Bool) throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        var options = ParquetWriter.Options()
        options.compression = compression
        options.dictionaryEnabled = dictionary
        options.rowGroupByteSize = 30_000
        options.dataPageByteSize = 2_000
        options.keyValueMetadata = ["origin": "sluice", "rows": "2000"]
        let path = dir.file("sluice.parquet")
        guard compression.isSupported else {
            PageCodecTests.expectTraitError(compression) { _ = try SampleFiles.writeAllTypes(to: path, rows: 2_000, options: options) }
            return
        }
        guard PythonRunner.pyarrowAvailable() else { return }
        _ = try SampleFiles.writeAllTypes(to: path, rows: 2_000, options: options)
        let report = try PythonRunner.runJSON(SluiceFileReport.self, Self.readSluiceFile, arguments: [path])
        let reader = try ParquetReader(path: path)

        #expect(report.num_rows == 2_000)
        #expect(report.row_groups == reader.rowGroupCount && report.row_groups > 1)
        #expect(report.created_by == options.createdBy)
        #expect(report.kv == options.keyValueMetadata)
        #expect(report.stats_ok, "\(report.stats_problems)")
        #expect(Set(report.compressions) == [compression.description], "pyarrow reports the codec")
        #expect(report.encodings.contains { $0.contains("RLE_DICTIONARY") } == dictionary)
        #expect(report.schema.map { $0[0] } == SampleFiles.allTypesSchema.columns.map(\.name))
        let schema = Dictionary(uniqueKeysWithValues: report.schema.map { ($0[0], Array($0.dropFirst())) })
        #expect(schema["name"] == ["BYTE_ARRAY", "STRING", "UTF8"])
        #expect(schema["day"] == ["INT32", "DATE", "DATE"])
        #expect(schema["at_ms"] == ["INT64", "TIMESTAMP", "TIMESTAMP_MILLIS"])
        #expect(schema["at_us"] == ["INT64", "TIMESTAMP", "TIMESTAMP_MICROS"])
        #expect(schema["price"] == ["INT32", "DECIMAL", "DECIMAL"])
        #expect(schema["amount"] == ["INT64", "DECIMAL", "DECIMAL"])
        #expect(schema["big"] == ["FIXED_LEN_BYTE_ARRAY", "DECIMAL", "DECIMAL"])
        #expect(schema["blob"] == ["BYTE_ARRAY", "NONE", "NONE"])
        let rows = (0..<2_000).map(SampleFiles.allTypesRow)
        for (index, column) in SampleFiles.allTypesSchema.columns.enumerated() {
            let expected = rows.map { CanonicalValue.text($0[index]) }
            #expect(report.columns[column.name] == expected, "column \(column.name)")
        }
        var nullCounts: [[Int]] = []
        for group in 0..<reader.rowGroupCount {
            nullCounts.append(try reader.rowGroupInfo(at: group).columns.map { Int($0.statistics?.nullCount ?? -1) })
        }
        #expect(report.null_counts == nullCounts)
    }

    private struct PyArrowFiles: Decodable {
        var files: [String]
        var codecs: [String]
        var columns: [String: [String?]]
        var names: [String]
    }

    private static let writePyArrowFiles = CanonicalValue.pythonPrelude + """
    import datetime, decimal, os
    out_dir = sys.argv[1]
    n = 3000
    t = pa.table({
        'i8': pa.array([(i % 200) - 100 if i % 9 else None for i in range(n)], pa.int8()),
        'i32': pa.array([i * 7 - 5000 if i % 5 else None for i in range(n)], pa.int32()),
        'i64': pa.array([i * 1000003 - 2**40 for i in range(n)], pa.int64()),
        'f': pa.array([i / 8 for i in range(n)], pa.float32()),
        'd': pa.array([i / 7 if i % 3 else None for i in range(n)], pa.float64()),
        'b': pa.array([i % 3 == 0 if i % 4 else None for i in range(n)], pa.bool_()),
        's': pa.array([f'value-{i % 37}-ü' if i % 6 else None for i in range(n)], pa.string()),
        'long': pa.array([('x' * (i % 50)) + str(i) for i in range(n)], pa.string()),
        'bin': pa.array([bytes([i % 256]) * (i % 5) for i in range(n)], pa.binary()),
        'fixed': pa.array([bytes([i % 256, 1, 2]) for i in range(n)], pa.binary(3)),
        'day': pa.array([datetime.date(2020, 1, 1) + datetime.timedelta(days=i) if i % 8 else None for i in range(n)], pa.date32()),
        'ts_us': pa.array([1_600_000_000_000_000 + i * 1001 for i in range(n)], pa.timestamp('us', tz='UTC')),
        'ts_ms': pa.array([1_600_000_000_000 + i for i in range(n)], pa.timestamp('ms', tz='UTC')),
        'dec': pa.array([decimal.Decimal(i * 3 - 4000) / 100 if i % 10 else None for i in range(n)], pa.decimal128(9, 2)),
        'bigdec': pa.array([decimal.Decimal(i) * decimal.Decimal('12345678901234567.891') for i in range(n)], pa.decimal128(38, 3)),
    })
    compression = sys.argv[2]
    files = []
    for dictionary in [True, False]:
        for version in ['1.0', '2.0']:
            name = f'pa-{compression}-{"dict" if dictionary else "plain"}-v{version}.parquet'
            pq.write_table(t, os.path.join(out_dir, name), compression=compression, use_dictionary=dictionary,
                           data_page_version=version, row_group_size=1000, data_page_size=4096)
            files.append(name)
    delta = {'i8': 'DELTA_BINARY_PACKED', 'i32': 'DELTA_BINARY_PACKED', 'i64': 'DELTA_BINARY_PACKED', 's': 'DELTA_BYTE_ARRAY',
             'long': 'DELTA_LENGTH_BYTE_ARRAY', 'bin': 'DELTA_LENGTH_BYTE_ARRAY', 'fixed': 'DELTA_BYTE_ARRAY',
             'f': 'BYTE_STREAM_SPLIT', 'd': 'BYTE_STREAM_SPLIT', 'b': 'RLE'}
    for version in ['1.0', '2.0']:
        name = f'pa-delta-v{version}.parquet'
        pq.write_table(t, os.path.join(out_dir, name), compression=compression, use_dictionary=False, column_encoding=delta,
                       data_page_version=version, row_group_size=1000, data_page_size=4096)
        files.append(name)
    codecs = sorted({pq.ParquetFile(os.path.join(out_dir, f)).metadata.row_group(0).column(c).compression for f in files for c in range(len(t.column_names))})
    print(json.dumps({'files': files, 'codecs': codecs, 'names': t.column_names, 'columns': {c: column_texts(t.column(c)) for c in t.column_names}}))
    """

    /// pyarrow's files for every codec: dictionary on and off × data page v1 and v2, and the DELTA / BYTE_STREAM_SPLIT
    /// encodings; in a build without the codec's trait, reading their values throws the trait error.
    @Test(arguments: PageCodecTests.allCodecs)
    func sluiceReadsPyArrowFiles(compression: ParquetCompressionCodec) throws {
        guard PythonRunner.pyarrowAvailable() else { return }
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let name = compression == .uncompressed ? "none" : compression.description.lowercased()
        let expected = try PythonRunner.runJSON(PyArrowFiles.self, Self.writePyArrowFiles, arguments: [dir.path, name])
        #expect(expected.files.count == 6)
        #expect(expected.codecs == [compression.description], "pyarrow wrote \(expected.codecs)")
        for file in expected.files {
            let reader = try ParquetReader(path: dir.file(file))
            #expect(try reader.rowGroupInfo(at: 0).columns.allSatisfy { $0.compression == compression }, "\(file)")
            guard compression.isSupported else {
                PageCodecTests.expectTraitError(compression) { _ = try reader.readRowGroup(at: 0) }
                continue
            }
            #expect(reader.rowCount == 3_000 && reader.rowGroupCount == 3, "\(file)")
            #expect(reader.schema.columns.map(\.name) == expected.names)
            #expect(reader.schema.columns.first { $0.name == "bigdec" }?.type == .decimal(ParquetDecimalType(precision: 38, scale: 3, storage: .fixedLength(16))))
            #expect(reader.schema.columns.first { $0.name == "ts_ms" }?.type == .timestamp(.milliseconds))
            var columns = Array(repeating: [String?](), count: reader.schema.columns.count)
            var cursor = try reader.makeRowCursor()
            while let row = try cursor.next() {
                for (index, value) in row.enumerated() { columns[index].append(CanonicalValue.text(value)) }
            }
            for (index, name) in expected.names.enumerated() {
                #expect(columns[index] == expected.columns[name], "\(file) column \(name)")
            }
            let info = try reader.rowGroupInfo(at: 1)
            #expect(info.columns.first { $0.column.name == "i32" }?.statistics?.nullCount == 200, "\(file)")
        }
    }

    private struct SnappyReport: Decodable {
        var ok: Bool
        var compressed: [String]
        var originals: [String]
    }

    @Test func snappyBlocksMatchPythonSnappy() throws {
        guard PythonRunner.pyarrowAvailable() else { return }
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        var generator = SeededGenerator(seed: 3)
        let inputs: [[UInt8]] = [
            [], Array("hello hello hello hello".utf8),
            (0..<100_000).map { _ in UInt8.random(in: 0...3, using: &generator) },
            Array(String(repeating: "parquet snappy block ", count: 5_000).utf8),
        ]
        for (index, input) in inputs.enumerated() {
            try Data(SnappyCompressor.compress(input)).write(to: URL(fileURLWithPath: dir.file("swift-\(index).snappy")))
            try Data(input).write(to: URL(fileURLWithPath: dir.file("plain-\(index).bin")))
        }
        // pyarrow's codec API compresses and decompresses raw Snappy blocks, the format Parquet uses.
        let script = """
        import json, sys, os, pyarrow as pa
        d, n = sys.argv[1], int(sys.argv[2])
        codec = pa.Codec('snappy')
        ok, compressed, originals = True, [], []
        for i in range(n):
            plain = open(os.path.join(d, f'plain-{i}.bin'), 'rb').read()
            ours = open(os.path.join(d, f'swift-{i}.snappy'), 'rb').read()
            ok = ok and codec.decompress(ours, decompressed_size=len(plain)).to_pybytes() == plain
            compressed.append(codec.compress(plain).to_pybytes().hex())
            originals.append(plain.hex())
        print(json.dumps({'ok': ok, 'compressed': compressed, 'originals': originals}))
        """
        let report = try PythonRunner.runJSON(SnappyReport.self, script, arguments: [dir.path, "\(inputs.count)"])
        #expect(report.ok)
        for (index, hex) in report.compressed.enumerated() {
            let bytes = Self.bytes(hex: hex)
            #expect(try SnappyDecompressor.decompress(bytes, maxLength: 1 << 20) == inputs[index])
            #expect(Self.bytes(hex: report.originals[index]) == inputs[index])
        }
    }

    private static func bytes(hex: String) -> [UInt8] {
        var result: [UInt8] = []
        var iterator = hex.utf8.makeIterator()
        while let high = iterator.next(), let low = iterator.next() {
            result.append(UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16) ?? 0)
        }
        return result
    }
}
