import Foundation
import Testing
@testable import SluiceParquet

/// Lists of primitives written by pyarrow (null lists, empty lists, null elements, required lists,
/// pages and row groups that split them; data page v1 and v2; dictionary on and off) read back
/// row by row, next to flat columns that must stay aligned.
@Suite(.serialized) struct ListReadingTests {
    private struct Written: Decodable {
        var files: [String]
        var ids: [Int64]
        var columns: [String: [String?]]
    }

    private static let writeLists = """
    import sys, json, pyarrow as pa, pyarrow.parquet as pq
    d = sys.argv[1]
    n = 2500
    ids, ints, strs, req = [], [], [], []
    for i in range(n):
        ids.append(i)
        if i % 7 == 0: ints.append(None)
        elif i % 5 == 0: ints.append([])
        else: ints.append([None if (i + k) % 4 == 0 else i * 10 + k for k in range(i % 4 + 1)])
        strs.append(None if i % 11 == 0 else [f's{i}-{k}' for k in range(i % 3)])
        req.append([i, i + 1] if i % 2 else [i])
    schema = pa.schema([
        pa.field('id', pa.int64(), nullable=False),
        pa.field('ints', pa.list_(pa.int64())),
        pa.field('strs', pa.list_(pa.string())),
        pa.field('req', pa.list_(pa.field('element', pa.int32(), nullable=False)), nullable=False),
    ])
    t = pa.table({'id': ids, 'ints': ints, 'strs': strs, 'req': req}, schema=schema)
    files = []
    for version in ['1.0', '2.0']:
        for dictionary in [True, False]:
            name = f'lists-v{version}-dict{int(dictionary)}.parquet'
            pq.write_table(t, d + '/' + name, data_page_version=version, use_dictionary=dictionary,
                           row_group_size=1000, data_page_size=2000, compression='snappy')
            files.append(name)
    def text(v): return None if v is None else json.dumps(v, separators=(',', ':'))
    print(json.dumps({'files': files, 'ids': ids, 'columns': {c: [text(v) for v in t.column(c).to_pylist()] for c in ['ints', 'strs', 'req']}}))
    """

    /// The JSON text pyarrow prints for a list cell.
    static func text(_ value: ParquetValue) -> String? {
        guard case .list(let elements) = value else { return nil }
        let parts = elements.map { element -> String in
            switch element {
            case .null: "null"
            case .int32(let v): String(v)
            case .int64(let v): String(v)
            case .string(let s): "\"\(s)\""
            default: "?\(element)"
            }
        }
        return "[" + parts.joined(separator: ",") + "]"
    }

    @Test func readsListsOfPrimitives() throws {
        guard PythonRunner.pyarrowAvailable() else { return }
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let written = try PythonRunner.runJSON(Written.self, Self.writeLists, arguments: [dir.path])
        #expect(written.files.count == 4)
        for file in written.files {
            let reader = try ParquetReader(path: dir.file(file))
            #expect(reader.rowGroupCount == 3, "\(file)")
            let columns = Dictionary(uniqueKeysWithValues: reader.schema.columns.map { ($0.name, $0) })
            #expect(columns["id"]?.list == nil)
            #expect(columns["ints"]?.list == ParquetListShape(isListOptional: true, isElementOptional: true))
            #expect(columns["ints"]?.type == .int64)
            #expect(columns["strs"]?.type == .string)
            #expect(columns["req"]?.list == ParquetListShape(isListOptional: false, isElementOptional: false))
            var ids: [Int64] = []
            var texts: [String: [String?]] = ["ints": [], "strs": [], "req": []]
            var cursor = try reader.makeRowCursor(columns: ["id", "ints", "strs", "req"])
            while let row = try cursor.next() {
                if case .int64(let id) = row[0] { ids.append(id) }
                texts["ints"]!.append(Self.text(row[1]))
                texts["strs"]!.append(Self.text(row[2]))
                texts["req"]!.append(Self.text(row[3]))
            }
            #expect(ids == written.ids, "\(file)")
            for name in ["ints", "strs", "req"] {
                #expect(texts[name] == written.columns[name], "\(file) column \(name)")
            }
        }
    }

    @Test func projectingAListAloneAndOtherNestingIsRefusedByName() throws {
        guard PythonRunner.pyarrowAvailable() else { return }
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        _ = try PythonRunner.run("""
            import sys, pyarrow as pa, pyarrow.parquet as pq
            pq.write_table(pa.table({'id': [1, 2], 'point': [{'x': 1, 'y': 2}, None]}), sys.argv[1] + '/struct.parquet')
            pq.write_table(pa.table({'id': [1], 'nested': [[[1, 2], [3]]]}), sys.argv[1] + '/nested.parquet')
            pq.write_table(pa.table({'tags': [['a'], [], None]}), sys.argv[1] + '/tags.parquet')
            """, arguments: [dir.path])
        for (file, field) in [("struct.parquet", "point"), ("nested.parquet", "nested")] {
            #expect {
                _ = try ParquetReader(path: dir.file(file))
            } throws: { error in
                let error = error as? ParquetError
                return error?.code == .unsupported && "\(error!)".contains("field \(field)")
            }
        }
        let reader = try ParquetReader(path: dir.file("tags.parquet"))
        let group = try reader.readRowGroup(at: 0, columns: ["tags"])
        #expect(group.values[0] == [.list([.string("a")]), .list([]), .null])
    }

    @Test func listColumnsAreReadOnly() {
        var column = ParquetColumn.optional("tags", .string)
        column.list = ParquetListShape(isListOptional: true, isElementOptional: true)
        #expect(throws: ParquetError.self) { try ParquetSchema([column]).validate() }
    }
}
