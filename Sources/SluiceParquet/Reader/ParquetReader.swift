import Foundation

/// Reads flat Parquet files row group by row group.
///
/// Opening a file reads and validates only the footer; ``readRowGroup(at:columns:)`` decodes one row
/// group of the projected columns, so memory is bounded by a row group whatever the file size. Every
/// size and count read from the file is checked against the file and ``Limits``; malformed input throws
/// ``ParquetError`` with the byte offset of the problem. The reader is a reference type because it owns an
/// open file; it is not `Sendable`.
public final class ParquetReader {
    /// The file's schema.
    public let schema: ParquetSchema
    /// Total rows according to the footer.
    public let rowCount: Int64
    /// The footer's key-value metadata.
    public let keyValueMetadata: [String: String]
    /// The writer application recorded in the footer.
    public let createdBy: String?
    private let metadata: FileMetaData
    private let source: ParquetByteSource
    private let limits: Limits

    /// Number of row groups.
    public var rowGroupCount: Int { metadata.rowGroups.count }

    /// Opens the file at `path` and reads its footer.
    public convenience init(path: String, limits: Limits = Limits()) throws {
        let handle: FileHandle
        let size: Int
        do {
            handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
            size = Int(try handle.seekToEnd())
        } catch {
            throw ParquetError(.io, "cannot open \(path): \(error)")
        }
        try self.init(source: .file(handle, size: size), limits: limits)
    }

    /// Reads a Parquet file held in memory.
    public convenience init(bytes: [UInt8], limits: Limits = Limits()) throws {
        try self.init(source: .memory(bytes), limits: limits)
    }

    private init(source: ParquetByteSource, limits: Limits) throws {
        self.source = source
        self.limits = limits
        let size = source.size
        guard size >= 12 else { throw ParquetError.truncated("a Parquet file needs at least 12 bytes, got \(size)", at: 0) }
        guard try source.read(offset: 0, count: 4) == Array("PAR1".utf8) else {
            throw ParquetError.malformed("missing PAR1 header magic", at: 0)
        }
        let tail = try source.read(offset: size - 8, count: 8)
        if Array(tail[4...]) == Array("PARE".utf8) {
            throw ParquetError(.unsupported, "encrypted footers are not supported", offset: size - 4)
        }
        guard Array(tail[4...]) == Array("PAR1".utf8) else { throw ParquetError.malformed("missing PAR1 footer magic", at: size - 4) }
        let footerLength = Int(UInt32(tail[0]) | UInt32(tail[1]) << 8 | UInt32(tail[2]) << 16 | UInt32(tail[3]) << 24)
        guard footerLength <= limits.maxFooterBytes else {
            throw ParquetError(.limitExceeded, "footer of \(footerLength) bytes exceeds limit", offset: size - 8)
        }
        guard footerLength <= size - 12 else {
            throw ParquetError.truncated("footer length \(footerLength) exceeds the \(size)-byte file", at: size - 8)
        }
        let footerStart = size - 8 - footerLength
        var thrift = ThriftCompactReader(ByteReader(try source.read(offset: footerStart, count: footerLength), baseOffset: footerStart))
        let metadata = try FileMetaData(from: &thrift)
        let schema: ParquetSchema
        do {
            schema = try ParquetSchema(elements: metadata.schema)
        } catch let error as ParquetError {
            throw ParquetError(error.code, error.message, offset: error.offset ?? footerStart)
        }
        try Self.validate(metadata, schema: schema, footerStart: footerStart, limits: limits)
        self.metadata = metadata
        self.schema = schema
        self.rowCount = metadata.numRows
        self.createdBy = metadata.createdBy
        var keyValues: [String: String] = [:]
        for pair in metadata.keyValueMetadata ?? [] { keyValues[pair.key] = pair.value ?? "" }
        self.keyValueMetadata = keyValues
    }

    private static func validate(_ metadata: FileMetaData, schema: ParquetSchema, footerStart: Int, limits: Limits) throws {
        for (groupIndex, group) in metadata.rowGroups.enumerated() {
            guard group.numRows >= 0, group.numRows <= Int64(limits.maxRowsPerRowGroup) else {
                throw ParquetError(.limitExceeded, "row group \(groupIndex) declares \(group.numRows) rows", offset: footerStart)
            }
            guard group.columns.count == schema.columns.count else {
                throw ParquetError.malformed("row group \(groupIndex) has \(group.columns.count) columns, schema \(schema.columns.count)", at: footerStart)
            }
            for (column, chunk) in zip(schema.columns, group.columns) {
                guard chunk.filePath == nil else {
                    throw ParquetError(.unsupported, "column chunks in external files are not supported", offset: footerStart)
                }
                guard let meta = chunk.metaData else {
                    throw ParquetError.malformed("column \(column.name) in row group \(groupIndex) has no metadata", at: footerStart)
                }
                guard meta.type == column.type.physicalType else {
                    throw ParquetError.malformed("column \(column.name) chunk type differs from schema", at: footerStart)
                }
                // A list column has an entry per element (and per empty or null list): at least one per row.
                guard column.list == nil ? meta.numValues == group.numRows : meta.numValues >= group.numRows else {
                    throw ParquetError.malformed("column \(column.name) has \(meta.numValues) values for \(group.numRows) rows", at: footerStart)
                }
                let range = chunkRange(meta)
                guard meta.totalCompressedSize >= 0, meta.totalCompressedSize <= Int64(limits.maxColumnChunkBytes),
                      range.start >= 4, range.start <= Int64(footerStart) - meta.totalCompressedSize else {
                    throw ParquetError.malformed("column \(column.name) chunk range \(range.start)+\(meta.totalCompressedSize) is outside the data area", at: footerStart)
                }
            }
        }
    }

    private static func chunkRange(_ meta: ColumnMetaData) -> (start: Int64, length: Int64) {
        // Some writers record a dictionary offset of 0 or one past the data page; only trust a plausible one.
        if let dictionary = meta.dictionaryPageOffset, dictionary >= 4, dictionary < meta.dataPageOffset {
            return (dictionary, meta.totalCompressedSize)
        }
        return (meta.dataPageOffset, meta.totalCompressedSize)
    }

    /// Footer information (codec, encodings, sizes, statistics) about row group `index`.
    public func rowGroupInfo(at index: Int) throws -> ParquetRowGroupInfo {
        let group = try rowGroup(at: index)
        let columns = zip(schema.columns, group.columns).compactMap { column, chunk -> ParquetColumnChunkInfo? in
            guard let meta = chunk.metaData else { return nil }
            return ParquetColumnChunkInfo(
                column: column, compression: meta.codec, encodings: meta.encodings, valueCount: meta.numValues,
                compressedSize: meta.totalCompressedSize, uncompressedSize: meta.totalUncompressedSize,
                hasDictionaryPage: meta.dictionaryPageOffset.map { $0 >= 4 && $0 < meta.dataPageOffset } ?? false,
                statistics: meta.statistics.map { ParquetColumnStatistics($0, type: column.type) }
            )
        }
        return ParquetRowGroupInfo(rowCount: group.numRows, columns: columns)
    }

    /// Decodes row group `index`; `columns` projects and orders the columns by name (nil reads all).
    public func readRowGroup(at index: Int, columns names: [String]? = nil) throws -> ParquetRowGroup {
        let batch = try readColumns(at: index, columns: names)
        return ParquetRowGroup(columns: batch.columns, values: batch.buffers.map { $0.allValues() }, rowCount: batch.rowCount)
    }

    /// Decodes row group `index` into typed column buffers (the fast way to read many rows);
    /// `columns` projects and orders the columns by name (nil reads all).
    public func readColumns(at index: Int, columns names: [String]? = nil) throws -> ParquetColumnBatch {
        let group = try rowGroup(at: index)
        let indices = try columnIndices(names)
        var buffers: [ParquetColumnBuffer] = []
        for columnIndex in indices {
            let column = schema.columns[columnIndex]
            guard let meta = group.columns[columnIndex].metaData else {
                throw ParquetError(.malformed, "column \(column.name) has no metadata")
            }
            let range = Self.chunkRange(meta)
            let chunk = try source.read(offset: Int(range.start), count: Int(range.length))
            let decoder = ColumnChunkDecoder(column: column, codec: meta.codec, limits: limits)
            let buffer = try decoder.decodeBuffer(chunk, baseOffset: Int(range.start), valueCount: Int(meta.numValues), rowCount: Int(group.numRows))
            guard buffer.count == Int(group.numRows) else {
                throw ParquetError.malformed("column \(column.name) has \(buffer.count) rows, the row group \(group.numRows)", at: Int(range.start))
            }
            buffers.append(buffer)
        }
        return ParquetColumnBatch(columns: indices.map { schema.columns[$0] }, buffers: buffers, rowCount: Int(group.numRows))
    }

    /// A cursor over the rows of the projected columns, starting at `position`.
    public func makeRowCursor(from position: ParquetPosition = .start, columns: [String]? = nil) throws -> ParquetRowCursor {
        guard position.rowGroup >= 0, position.row >= 0, position.rowGroup <= rowGroupCount else {
            throw ParquetError(.invalidValue, "position \(position) is outside the file")
        }
        if position.rowGroup < rowGroupCount {
            guard Int64(position.row) <= metadata.rowGroups[position.rowGroup].numRows else {
                throw ParquetError(.invalidValue, "row \(position.row) is outside row group \(position.rowGroup)")
            }
        } else {
            guard position.row == 0 else { throw ParquetError(.invalidValue, "position \(position) is outside the file") }
        }
        _ = try columnIndices(columns)
        return ParquetRowCursor(reader: self, columns: columns, position: position)
    }

    private func rowGroup(at index: Int) throws -> RowGroup {
        guard metadata.rowGroups.indices.contains(index) else {
            throw ParquetError(.invalidValue, "row group \(index) does not exist (file has \(rowGroupCount))")
        }
        return metadata.rowGroups[index]
    }

    private func columnIndices(_ names: [String]?) throws -> [Int] {
        guard let names else { return Array(schema.columns.indices) }
        return try names.map { name in
            guard let index = schema.index(of: name) else { throw ParquetError(.invalidValue, "no column named \(name)") }
            return index
        }
    }
}
