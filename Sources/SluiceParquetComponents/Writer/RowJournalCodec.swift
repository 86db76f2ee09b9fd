import SluiceParquet

/// The binary row log (`.<file>.journal`) that holds the committed rows of the file being written,
/// so a restart can rebuild the unfinished Parquet file from it.
///
/// Each row is a frame: a 4-byte little-endian payload length, then one cell per schema column:
/// a tag byte (0 null, 1 false, 2 true, 3 int64, 4 double, 5 string, 6 bytes, 7 decimal, 8 date,
/// 9 timestamp) and its payload — 8 little-endian bytes for int64, double bits and timestamp
/// ticks, 4 for a date, a 4-byte length and the bytes for strings, binaries and the unscaled
/// big-endian decimal. Scale and time unit come from the schema, which the step context holds.
struct RowJournalCodec: Sendable {
    /// The schema of the journaled rows.
    let schema: ParquetSchema

    /// Appends the frame of `row` to `bytes`.
    func encode(_ row: [ParquetValue], into bytes: inout [UInt8]) {
        let start = bytes.count
        Self.append(0, 4, to: &bytes)
        for cell in row { Self.appendCell(cell, to: &bytes) }
        Self.closeFrame(at: start, in: &bytes)
    }

    /// Appends the frames of rows `rows` of `batch` (a batch of the schema's columns) to `bytes`:
    /// the same bytes as ``encode(_:into:)`` of each row, read straight from the typed buffers.
    ///
    /// Column by column: the frames' sizes are summed first, then each column's cells are stored
    /// at their rows' positions, so every column is read from its typed array in one tight loop.
    func encode(_ batch: ParquetColumnBatch, rows: Range<Int>, into bytes: inout [UInt8]) {
        let buffers = batch.buffers
        let kinds = buffers.indices.map { Self.cellKind(schema.columns[$0].type, buffers[$0].layout) }
        guard !rows.isEmpty else { return }
        guard !kinds.contains(.general) else { return encodeCells(buffers, rows: rows, into: &bytes) }
        var positions = [Int](repeating: 4, count: rows.count)  // frame sizes, then write positions
        for (buffer, kind) in zip(buffers, kinds) { Self.addCellSizes(buffer, kind, rows: rows, to: &positions) }
        var total = 0
        for k in positions.indices {
            let size = positions[k]
            positions[k] = total
            total += size
        }
        let frames = [UInt8](unsafeUninitializedCapacity: total) { memory, written in
            let base = memory.baseAddress!
            for k in positions.indices {
                let end = k + 1 < positions.count ? positions[k + 1] : total
                Self.store(UInt64(end - positions[k] - 4), 4, at: base + positions[k])
                positions[k] += 4
            }
            for (buffer, kind) in zip(buffers, kinds) { Self.storeCells(buffer, kind, rows: rows, base: base, positions: &positions) }
            written = total
        }
        if bytes.isEmpty { bytes = frames } else { bytes.append(contentsOf: frames) }
    }

    /// Adds the encoded size of each row's cell of one column to `sizes`.
    private static func addCellSizes(_ buffer: ParquetColumnBuffer, _ kind: CellKind, rows: Range<Int>, to sizes: inout [Int]) {
        let payload = switch kind {
        case .boolean: 0
        case .date: 4
        case .int64, .double, .timestamp: 8
        case .string, .binary, .decimal64, .decimal32, .general: 4
        }
        for (k, row) in rows.enumerated() {
            if buffer.isNull(row) {
                sizes[k] += 1
                continue
            }
            sizes[k] += 1 + payload
            switch kind {
            case .string, .binary: sizes[k] += buffer.offsets[row + 1] - buffer.offsets[row]
            case .decimal64: sizes[k] += decimalByteCount(buffer.int64s[row])
            case .decimal32: sizes[k] += decimalByteCount(Int64(buffer.int32s[row]))
            default: continue
            }
        }
    }

    /// Stores one column's cells at `positions` (one per row of `rows`), advancing them.
    private static func storeCells(_ buffer: ParquetColumnBuffer, _ kind: CellKind, rows: Range<Int>,
                                   base: UnsafeMutablePointer<UInt8>, positions: inout [Int]) {
        for (k, row) in rows.enumerated() {
            var at = base + positions[k]
            defer { positions[k] = at - base }
            if buffer.isNull(row) {
                at.pointee = 0
                at += 1
                continue
            }
            switch kind {
            case .int64, .timestamp: at = number(kind == .int64 ? 3 : 9, UInt64(bitPattern: buffer.int64s[row]), 8, at: at)
            case .double: at = number(4, buffer.doubles[row].bitPattern, 8, at: at)
            case .boolean:
                at.pointee = buffer.booleans[row] ? 2 : 1
                at += 1
            case .date: at = number(8, UInt64(UInt32(bitPattern: buffer.int32s[row])), 4, at: at)
            case .decimal64: at = decimal(buffer.int64s[row], at: at)
            case .decimal32: at = decimal(Int64(buffer.int32s[row]), at: at)
            case .string, .binary:
                let start = buffer.offsets[row]
                let count = buffer.offsets[row + 1] - start
                at = number(kind == .string ? 5 : 6, UInt64(count), 4, at: at)
                if count > 0 {
                    buffer.bytes.withUnsafeBufferPointer { at.update(from: $0.baseAddress! + start, count: count) }
                    at += count
                }
            case .general: preconditionFailure("a general cell has no typed layout")
            }
        }
    }

    /// Stores the low `count` bytes of `value`, little-endian.
    @inline(__always)
    private static func store(_ value: UInt64, _ count: Int, at address: UnsafeMutablePointer<UInt8>) {
        for i in 0..<count { address[i] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(i))) }
    }

    /// Stores a tag and a `count`-byte number; returns the address after them.
    @inline(__always)
    private static func number(_ tag: UInt8, _ value: UInt64, _ count: Int, at address: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8> {
        address.pointee = tag
        store(value, count, at: address + 1)
        return address + 1 + count
    }

    /// Stores a decimal cell of a 64-bit unscaled value (as ``appendDecimal(_:to:)`` appends it).
    @inline(__always)
    private static func decimal(_ unscaled: Int64, at address: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8> {
        let count = decimalByteCount(unscaled)
        let digits = number(7, UInt64(count), 4, at: address)
        for index in 0..<count { digits[index] = UInt8(truncatingIfNeeded: unscaled >> (8 * (count - 1 - index))) }
        return digits + count
    }

    /// The frames of `rows`, cell by cell through ``ParquetValue`` (a column without a typed layout).
    private func encodeCells(_ buffers: [ParquetColumnBuffer], rows: Range<Int>, into bytes: inout [UInt8]) {
        for row in rows {
            let start = bytes.count
            Self.append(0, 4, to: &bytes)
            for buffer in buffers { Self.appendCell(buffer.value(at: row), to: &bytes) }
            Self.closeFrame(at: start, in: &bytes)
        }
    }

    /// How a column's cells are read from its buffer.
    private enum CellKind {
        case int64, double, boolean, string, binary, date, timestamp, decimal64, decimal32, general
    }

    private static func cellKind(_ type: ParquetColumnType, _ layout: ParquetColumnBuffer.Layout) -> CellKind {
        switch (type, layout) {
        case (.int64, .int64s): .int64
        case (.double, .doubles): .double
        case (.boolean, .booleans): .boolean
        case (.string, .bytes): .string
        case (.binary, .bytes): .binary
        case (.date, .int32s): .date
        case (.timestamp, .int64s): .timestamp
        case (.decimal, .int64s): .decimal64
        case (.decimal, .int32s): .decimal32
        default: .general
        }
    }

    /// Appends one cell: its tag and payload.
    private static func appendCell(_ cell: ParquetValue, to bytes: inout [UInt8]) {
        switch cell {
        case .null: bytes.append(0)
        case .bool(let v): bytes.append(v ? 2 : 1)
        case .int64(let v): bytes.append(3); append(UInt64(bitPattern: v), 8, to: &bytes)
        case .int32(let v): bytes.append(3); append(UInt64(bitPattern: Int64(v)), 8, to: &bytes)
        case .double(let v): bytes.append(4); append(v.bitPattern, 8, to: &bytes)
        case .float(let v): bytes.append(4); append(Double(v).bitPattern, 8, to: &bytes)
        case .string(let v): appendBlob(5, v.utf8, to: &bytes)
        case .bytes(let v): appendBlob(6, v, to: &bytes)
        case .decimal(let v):
            if let unscaled = v.unscaledInt64 { appendDecimal(unscaled, to: &bytes) } else { appendBlob(7, v.unscaledBigEndian, to: &bytes) }
        case .date(let v): bytes.append(8); append(UInt64(UInt32(bitPattern: v)), 4, to: &bytes)
        case .timestamp(let v, _): bytes.append(9); append(UInt64(bitPattern: v), 8, to: &bytes)
        case .list: preconditionFailure("the row encoder never makes list cells (lists are read only)")
        }
    }

    /// Writes the payload length of the frame that starts at `start`.
    private static func closeFrame(at start: Int, in bytes: inout [UInt8]) {
        let length = UInt32(bytes.count - start - 4)
        for i in 0..<4 { bytes[start + i] = UInt8(truncatingIfNeeded: length >> (8 * UInt32(i))) }
    }

    /// Decodes the whole frames at the start of `bytes[from...]`, returning the rows and the
    /// offset after the last whole frame; a frame that does not match the schema throws.
    func decode(_ bytes: [UInt8], from start: Int) throws(ValueProblem) -> (rows: [[ParquetValue]], end: Int) {
        var rows: [[ParquetValue]] = []
        var frame = start
        while bytes.count - frame >= 4 {
            let length = Int(Self.read(bytes, frame, 4))
            guard bytes.count - frame - 4 >= length else { break }
            var reader = FrameReader(bytes: bytes, offset: frame + 4, end: frame + 4 + length)
            var row: [ParquetValue] = []
            row.reserveCapacity(schema.columns.count)
            for column in schema.columns { row.append(try reader.cell(column.type)) }
            guard reader.offset == reader.end else { throw ValueProblem("journal frame at byte \(frame) is longer than its row") }
            rows.append(row)
            frame += 4 + length
        }
        return (rows, frame)
    }

    @inline(__always)
    private static func append(_ value: UInt64, _ count: Int, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: $0[..<count])) }
    }

    /// A decimal cell of a 64-bit unscaled value: its minimal big-endian two's complement bytes (as
    /// ``SluiceParquet/ParquetDecimal/unscaledBigEndian`` gives them), without building an array.
    private static func appendDecimal(_ unscaled: Int64, to bytes: inout [UInt8]) {
        let count = decimalByteCount(unscaled)
        bytes.append(7)
        append(UInt64(count), 4, to: &bytes)
        for index in (0..<count).reversed() { bytes.append(UInt8(truncatingIfNeeded: unscaled >> (8 * index))) }
    }

    /// The length of the minimal big-endian two's complement bytes of `unscaled`.
    @inline(__always)
    fileprivate static func decimalByteCount(_ unscaled: Int64) -> Int {
        var count = 1
        while count < 8, unscaled >> (8 * count - 1) != 0 && unscaled >> (8 * count - 1) != -1 { count += 1 }
        return count
    }

    private static func appendBlob(_ tag: UInt8, _ blob: some Collection<UInt8>, to bytes: inout [UInt8]) {
        bytes.append(tag)
        append(UInt64(blob.count), 4, to: &bytes)
        bytes.append(contentsOf: blob)
    }

    fileprivate static func read(_ bytes: [UInt8], _ offset: Int, _ count: Int) -> UInt64 {
        var value: UInt64 = 0
        for i in 0..<count { value |= UInt64(bytes[offset + i]) << (8 * UInt64(i)) }
        return value
    }

    /// Reads the cells of one frame, checking every length against the frame's end.
    private struct FrameReader {
        let bytes: [UInt8]
        var offset: Int
        let end: Int

        mutating func cell(_ type: ParquetColumnType) throws(ValueProblem) -> ParquetValue {
            let tag = try take(1)
            switch (tag, type) {
            case (0, _): return .null
            case (1, .boolean): return .bool(false)
            case (2, .boolean): return .bool(true)
            case (3, .int64): return .int64(Int64(bitPattern: try take(8)))
            case (4, .double): return .double(Double(bitPattern: try take(8)))
            case (5, .string): return .string(String(decoding: try blob(), as: UTF8.self))
            case (6, .binary): return .bytes(try blob())
            case (7, .decimal(let d)): return .decimal(ParquetDecimal(unscaledBigEndian: try blob(), scale: d.scale))
            case (8, .date): return .date(Int32(bitPattern: UInt32(try take(4))))
            case (9, .timestamp(let unit)): return .timestamp(Int64(bitPattern: try take(8)), unit)
            default: throw ValueProblem("journal cell tag \(tag) at byte \(offset - 1) does not match the column type \(type)")
            }
        }

        private mutating func take(_ count: Int) throws(ValueProblem) -> UInt64 {
            guard end - offset >= count else { throw ValueProblem("journal frame ends inside a cell at byte \(offset)") }
            defer { offset += count }
            return RowJournalCodec.read(bytes, offset, count)
        }

        private mutating func blob() throws(ValueProblem) -> [UInt8] {
            let count = Int(try take(4))
            guard end - offset >= count else { throw ValueProblem("journal frame ends inside a value at byte \(offset)") }
            defer { offset += count }
            return Array(bytes[offset..<offset + count])
        }
    }
}
