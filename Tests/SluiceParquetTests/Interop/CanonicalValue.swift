@testable import SluiceParquet

/// The textual form both Swift and the Python scripts use to compare values.
enum CanonicalValue {
    static func text(_ value: ParquetValue) -> String? {
        switch value {
        case .null: nil
        case .bool(let flag): flag ? "true" : "false"
        case .int32(let number), .date(let number): "\(number)"
        case .int64(let number), .timestamp(let number, _): "\(number)"
        case .float(let number): "\(Double(number))"
        case .double(let number): "\(number)"
        case .string(let text): text
        case .bytes(let bytes): bytes.map { String(format: "%02x", $0) }.joined()
        case .decimal(let decimal): decimal.description
        case .list(let items): "[" + items.map { text($0) ?? "null" }.joined(separator: ",") + "]"
        }
    }

    /// Python helpers mirroring ``text(_:)``: timestamps and dates become integers, bytes hex, decimals `str`.
    static let pythonPrelude = """
    import json, sys
    import pyarrow as pa, pyarrow.parquet as pq, pyarrow.compute as pc

    def canon(v):
        if v is None: return None
        if isinstance(v, bool): return 'true' if v else 'false'
        if isinstance(v, (bytes, bytearray)): return v.hex()
        if isinstance(v, float): return repr(v)
        return str(v)

    def column_texts(col):
        if pa.types.is_timestamp(col.type): col = col.cast(pa.int64())
        elif pa.types.is_date32(col.type): col = col.cast(pa.int32())
        return [canon(v) for v in col.to_pylist()]

    """
}
