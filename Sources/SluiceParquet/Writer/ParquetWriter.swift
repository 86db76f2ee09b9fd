import Foundation

/// Streams rows into a Parquet file.
///
/// At most one row group is buffered: once the buffered columns reach ``Options/rowGroupByteSize`` the
/// row group is encoded and written, so memory stays bounded whatever the file size. ``close()`` writes the
/// footer; a file that was not closed is not a valid Parquet file. The writer is a reference type because it
/// owns an open file; it is not `Sendable` and must be used from one task at a time.
public final class ParquetWriter {
    /// The schema every row must follow.
    public let schema: ParquetSchema
    private let options: Options
    private var handle: FileHandle?
    private let ownsHandle: Bool
    private var position: Int64
    private var builders: [ColumnChunkBuilder]
    /// The schema's columns, for validating rows without touching the builders.
    private let columns: [ParquetColumn]
    /// The builders' estimated buffered bytes, kept as a running total.
    private var bufferedBytes = 0
    private var rowGroups: [RowGroup] = []
    private var bufferedRows = 0
    private var totalRows: Int64 = 0

    /// Number of rows appended so far, including buffered ones.
    public var rowCount: Int64 { totalRows + Int64(bufferedRows) }

    /// Creates (or truncates) the file at `path` and writes the Parquet header.
    public convenience init(path: String, schema: ParquetSchema, options: Options = Options()) throws {
        try schema.validate()
        try options.validate()
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw ParquetError(.io, "cannot create \(path)")
        }
        let handle: FileHandle
        do {
            handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        } catch {
            throw ParquetError(.io, "cannot open \(path): \(error)")
        }
        try self.init(handle: handle, ownsHandle: true, schema: schema, options: options)
    }

    /// Writes to an open handle positioned at the start of an empty file; the caller keeps ownership of the handle.
    public convenience init(fileHandle: FileHandle, schema: ParquetSchema, options: Options = Options()) throws {
        try self.init(handle: fileHandle, ownsHandle: false, schema: schema, options: options)
    }

    private init(handle: FileHandle, ownsHandle: Bool, schema: ParquetSchema, options: Options) throws {
        try schema.validate()
        try options.validate()
        self.schema = schema
        self.options = options
        self.handle = handle
        self.ownsHandle = ownsHandle
        let codec = try options.pageCodec()
        self.builders = schema.columns.map { ColumnChunkBuilder(column: $0, options: options, codec: codec) }
        self.columns = schema.columns
        do {
            self.position = Int64(try handle.offset())
        } catch {
            throw ParquetError(.io, "cannot query file offset: \(error)")
        }
        try write(Array("PAR1".utf8))
    }

    /// Appends one row; values are in schema order. The row is validated as a whole before anything is buffered.
    public func append(row: [ParquetValue]) throws {
        try ensureOpen()
        guard row.count == builders.count else {
            throw ParquetError(.invalidValue, "row has \(row.count) values, schema has \(builders.count) columns")
        }
        // Validation needs only the columns; the builders are only touched in place (reading one
        // out of the array would copy it, buffers and all, per row).
        for index in columns.indices { try ColumnChunkBuilder.validate(row[index], in: columns[index]) }
        for index in builders.indices { bufferedBytes += builders[index].append(row[index]) }
        bufferedRows += 1
        try flushIfFull()
    }

    /// Appends a batch given column by column (one array per schema column, all the same length).
    /// The whole batch is validated before any of it is buffered.
    public func append(columns: [[ParquetValue]]) throws {
        try ensureOpen()
        guard columns.count == builders.count else {
            throw ParquetError(.invalidValue, "batch has \(columns.count) columns, schema has \(builders.count)")
        }
        let rows = columns.first?.count ?? 0
        guard columns.allSatisfy({ $0.count == rows }) else {
            throw ParquetError(.invalidValue, "batch columns have different lengths")
        }
        for index in self.columns.indices {
            for value in columns[index] { try ColumnChunkBuilder.validate(value, in: self.columns[index]) }
        }
        for row in 0..<rows {
            for index in builders.indices { bufferedBytes += builders[index].append(columns[index][row]) }
            bufferedRows += 1
            try flushIfFull()
        }
    }

    /// Appends rows `range` of a batch of typed column buffers (all rows when nil): the fast way to
    /// write many rows, with the same encodings, statistics and row-group sizing as appending rows.
    /// The batch's columns must be the schema's; the rows are validated before any is buffered.
    public func append(_ batch: ParquetColumnBatch, rows range: Range<Int>? = nil) throws {
        try ensureOpen()
        guard batch.columns.map(\.type) == columns.map(\.type), batch.columns.map(\.name) == columns.map(\.name) else {
            throw ParquetError(.invalidValue, "the batch's columns are not the schema's")
        }
        guard batch.isAligned else { throw ParquetError(.invalidValue, "batch columns have different lengths") }
        let range = range ?? 0..<batch.rowCount
        guard range.lowerBound >= 0, range.upperBound <= batch.rowCount else {
            throw ParquetError(.invalidValue, "rows \(range) are outside the batch of \(batch.rowCount)")
        }
        guard !range.isEmpty else { return }
        var buffers = batch.buffers
        for index in columns.indices {
            if buffers[index].layout == .dictionary { buffers[index].expandDictionary() }
            try Self.validate(buffers[index], rows: range, in: columns[index])
        }
        // Slices keep the row-group byte limit about as close as row-by-row appending does.
        var start = range.lowerBound
        while start < range.upperBound {
            // Slice ends fall on multiples of `batchSlice` buffered rows, so the row groups come
            // out the same however the rows were split into batches.
            let end = min(range.upperBound, start + Self.batchSlice - bufferedRows % Self.batchSlice)
            for index in builders.indices { bufferedBytes += builders[index].append(buffers[index], rows: start..<end) }
            bufferedRows += end - start
            start = end
            // Only at slice ends, so the row groups do not depend on where the batches ended.
            if bufferedRows % Self.batchSlice == 0 { try flushIfFull() }
        }
    }

    /// Rows appended between two checks of the row-group byte limit (a row group may pass the limit
    /// by up to this many rows).
    static let batchSlice = 1024

    /// Checks rows of a typed buffer against its column: no nulls in a required column, fixed
    /// widths, decimal precision; list buffers cannot be written.
    private static func validate(_ buffer: ParquetColumnBuffer, rows: Range<Int>, in column: ParquetColumn) throws {
        if buffer.layout == .values { throw ParquetError(.invalidValue, "column \(column.name): list values cannot be written") }
        if !column.isOptional, buffer.nullCount > 0, rows.contains(where: buffer.isNull) {
            throw ParquetError(.invalidValue, "column \(column.name) is required but got null")
        }
        switch column.type {
        case .decimal(let decimal):
            switch decimal.storage {
            case .int32, .int64:
                let bound = decimal.precision >= 19 ? Int64.max : (0..<decimal.precision).reduce(Int64(1)) { value, _ in value * 10 }
                let values = buffer.layout == .int32s ? buffer.int32s.map(Int64.init) : buffer.int64s
                for row in rows where !buffer.isNull(row) && values[row].magnitude >= bound.magnitude {
                    throw ParquetError(.invalidValue, "column \(column.name): \(column.type.value(int64: values[row])) exceeds precision \(decimal.precision)")
                }
            case .fixedLength(let width):
                try checkWidths(buffer, rows: rows, width: width, in: column)
                for row in rows where !buffer.isNull(row) {
                    try column.type.validate(buffer.value(at: row), column: column.name)
                }
            case .byteArray:
                for row in rows where !buffer.isNull(row) {
                    try column.type.validate(buffer.value(at: row), column: column.name)
                }
            }
        case .fixedLengthBinary(let width): try checkWidths(buffer, rows: rows, width: width, in: column)
        case .int96: try checkWidths(buffer, rows: rows, width: 12, in: column)
        default: break
        }
    }

    private static func checkWidths(_ buffer: ParquetColumnBuffer, rows: Range<Int>, width: Int, in column: ParquetColumn) throws {
        for row in rows where !buffer.isNull(row) && buffer.byteRange(row).count != width {
            throw ParquetError(.invalidValue, "column \(column.name): expected \(width) bytes, got \(buffer.byteRange(row).count)")
        }
    }

    /// Writes the buffered rows as a row group now, if there are any.
    public func flushRowGroup() throws {
        try ensureOpen()
        guard bufferedRows > 0 else { return }
        guard rowGroups.count < Int(Int16.max) else { throw ParquetError(.limitExceeded, "too many row groups") }
        let start = position
        var chunks: [ColumnChunk] = []
        var uncompressed: Int64 = 0
        for index in builders.indices {
            let output = try builders[index].finish(fileOffset: position)
            try write(output.bytes)
            chunks.append(ColumnChunk(fileOffset: output.metaData.dictionaryPageOffset ?? output.metaData.dataPageOffset, metaData: output.metaData))
            uncompressed += output.metaData.totalUncompressedSize
        }
        rowGroups.append(RowGroup(
            columns: chunks, totalByteSize: uncompressed, numRows: Int64(bufferedRows), fileOffset: start,
            totalCompressedSize: position - start, ordinal: Int16(rowGroups.count)
        ))
        totalRows += Int64(bufferedRows)
        bufferedRows = 0
        bufferedBytes = 0
    }

    /// Writes any buffered rows and the footer, then closes the file if the writer opened it.
    /// Further calls to the writer throw ``ParquetError/Code-swift.struct/closed``.
    public func close() throws {
        try flushRowGroup()
        let metadata = FileMetaData(
            version: 2, schema: schema.schemaElements, numRows: totalRows, rowGroups: rowGroups,
            keyValueMetadata: options.keyValueMetadata.isEmpty ? nil
                : options.keyValueMetadata.sorted { $0.key < $1.key }.map { KeyValue(key: $0.key, value: $0.value) },
            createdBy: options.createdBy, typeDefinedColumnOrders: schema.columns.count
        )
        let footer = metadata.compactEncoded()
        var tail = footer
        tail.appendLittleEndian(UInt32(footer.count))
        tail.append(contentsOf: Array("PAR1".utf8))
        try write(tail)
        if ownsHandle, let handle {
            do { try handle.close() } catch { throw ParquetError(.io, "cannot close file: \(error)") }
        }
        handle = nil
    }

    private func flushIfFull() throws {
        if bufferedBytes >= options.rowGroupByteSize || bufferedRows >= Int(Int32.max) { try flushRowGroup() }
    }

    private func ensureOpen() throws {
        guard handle != nil else { throw ParquetError(.closed, "the writer is closed") }
    }

    private func write(_ bytes: [UInt8]) throws {
        guard let handle else { throw ParquetError(.closed, "the writer is closed") }
        do {
            try handle.write(contentsOf: bytes)
        } catch {
            throw ParquetError(.io, "write failed: \(error)")
        }
        position += Int64(bytes.count)
    }
}
