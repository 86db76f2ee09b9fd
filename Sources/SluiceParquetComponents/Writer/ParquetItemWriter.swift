import Sluice
import SluiceParquet

/// The `parquet` writer: writes ``Sluice/Record``s to Parquet files exactly once across failures,
/// retries and restarts, and publishes each file only when it is complete.
///
/// - `write` converts the chunk's records to rows (schema declared in `columns`, or inferred from
///   the first chunk) into a buffer kept per ``Sluice/Chunk/attempt``: a new attempt drops it.
///   A value that does not fit its column is a `validation` error and nothing of that record is kept.
/// - `update` (each commit) appends the buffered rows to a journal (`.<file>.journal`), feeds them
///   to the temporary file `.<file>.partial` (a row group every `rowGroupSize` rows) and saves
///   the committed journal length, row counts, sequence number and schema in the step context
///   (`<name>.sequence`, `.journal-offset`, `.file-rows`, `.rows`, `.published`, `.schema`). When a
///   file reaches `maxRowsPerFile` rows it is closed, renamed to its published name and its
///   journal removed, in the same commit.
/// - `complete` (the step's last commit) publishes the current file; when no file was published
///   at all, an empty file with the schema is (if the schema is known).
/// - As a ``Sluice/ColumnarItemWriter`` it takes a chunk as a ``Sluice/RecordBatch`` (from the
///   `csv` reader, say) and converts it column by column, with the same checks and errors.
/// - With `partitionBy`, each partition directory (`dt=2026-11-30/country=FR`) has its own files,
///   sequence, journal and temporary file, all handled as above; their progress is saved as one
///   JSON object under `<name>.partitions`, and `complete` publishes every partition's file.
/// - `open` with saved state cuts the journal back to the committed length, deletes temporary
///   files and any file published after the last commit, and rebuilds the temporary file by
///   replaying the journal block by block. Without saved state it removes the files an earlier
///   run left under the same names.
public final class ParquetItemWriter: ColumnarItemWriter, CompletingItemStream {
    /// The writer's settings as written in a job file.
    public struct Properties: Decodable, Sendable {
        /// The output file, relative to the job file's directory; `{seq}` is replaced by the
        /// five-digit file sequence number (needed with `maxRowsPerFile`).
        public var path: String
        /// `none`, `snappy` (default), `gzip` or `zstd`; gzip needs the `Zlib` package trait (a default
        /// one), zstd the `Zstd` trait (off by default).
        public var compression: String?
        /// The compression level of `gzip` (0...9, default 6) or `zstd` (libzstd's range, e.g. 1...22,
        /// default 3); default: the codec's own.
        public var compressionLevel: Int?
        /// Rows per row group (default 100000).
        public var rowGroupSize: Int?
        /// Rows per file; when reached, the file is published and a new one started.
        public var maxRowsPerFile: Int?
        /// The columns to write; default: inferred from the first chunk.
        public var columns: [ParquetColumnSpec]?
        /// The prefix of the restart keys (default `parquet.writer`).
        public var name: String?
        /// Columns to partition by, Hive style: each record goes to `DIR/col=value/…/` (DIR being
        /// the directory of `path`, whose file name pattern applies inside each partition), and
        /// these columns are left out of the written rows. Default: no partitioning.
        public var partitionBy: [String]?
        /// The most partitions one step may write to (default 100); more is a `validation` error.
        public var maxOpenPartitions: Int?

        /// Settings for a writer of `path`.
        public init(path: String, compression: String? = nil, compressionLevel: Int? = nil, rowGroupSize: Int? = nil,
                    maxRowsPerFile: Int? = nil, columns: [ParquetColumnSpec]? = nil, name: String? = nil,
                    partitionBy: [String]? = nil, maxOpenPartitions: Int? = nil) {
            self.path = path
            self.compression = compression
            self.compressionLevel = compressionLevel
            self.rowGroupSize = rowGroupSize
            self.maxRowsPerFile = maxRowsPerFile
            self.columns = columns
            self.name = name
            self.partitionBy = partitionBy
            self.maxOpenPartitions = maxOpenPartitions
        }
    }

    /// The default prefix of the restart keys.
    public static let defaultName = "parquet.writer"

    private let output: ParquetFileOutput

    /// The output path pattern.
    public var path: String { output.settings.names.pattern }
    /// The prefix of the restart keys.
    public var name: String { output.settings.name }

    /// A writer from job-file settings, resolving a relative `path` against `baseDirectory`.
    /// Invalid settings (unknown compression, one whose package trait is off in this build, a level the
    /// codec does not accept, non-positive sizes, rolling without
    /// `{seq}`, bad columns, empty or repeated partition columns or ones also listed in `columns`,
    /// a non-positive `max-open-partitions`) are `validation` errors.
    public init(properties: Properties, baseDirectory: String) throws {
        let name = properties.name ?? Self.defaultName
        let label = "parquet writer '\(name)'"
        let path = try JobPath.resolve(properties.path, against: baseDirectory, component: label)
        let options = try Self.writerOptions(properties, label: label)
        let rowGroupSize = properties.rowGroupSize ?? 100_000
        guard rowGroupSize > 0 else { throw BatchError(.validation, "\(label): 'row-group-size' must be positive") }
        let names = ParquetOutputNames(pattern: path)
        if let limit = properties.maxRowsPerFile {
            guard limit > 0 else { throw BatchError(.validation, "\(label): 'max-rows-per-file' must be positive") }
            guard names.isSequenced else {
                throw BatchError(.validation, "\(label): 'max-rows-per-file' needs '{seq}' in 'path' to name the files")
            }
        }
        var declared: ParquetSchema?
        if let columns = properties.columns {
            guard !columns.isEmpty else { throw BatchError(.validation, "\(label): 'columns' must not be empty") }
            let schema = ParquetSchema(try columns.map { try $0.column(component: label) })
            do { try schema.validate() } catch let error as ParquetError {
                throw BatchError(.validation, "\(label): invalid 'columns': \(error.message)")
            }
            declared = schema
        }
        let partitionBy = properties.partitionBy ?? []
        if let list = properties.partitionBy {
            guard !list.isEmpty else { throw BatchError(.validation, "\(label): 'partition-by' must not be empty") }
            guard !list.contains(where: \.isEmpty), Set(list).count == list.count else {
                throw BatchError(.validation, "\(label): 'partition-by' needs distinct, non-empty column names")
            }
            if let clash = list.first(where: { column in declared?.columns.contains { $0.name == column } == true }) {
                throw BatchError(.validation, "\(label): partition column '\(clash)' must not be in 'columns' "
                    + "(partition columns are stored in the directory names, not in the files)")
            }
        }
        let maxOpenPartitions = properties.maxOpenPartitions ?? 100
        guard maxOpenPartitions > 0 else { throw BatchError(.validation, "\(label): 'max-open-partitions' must be positive") }
        output = ParquetFileOutput(settings: .init(
            names: names, name: name, label: label, options: options, rowGroupSize: rowGroupSize,
            maxRowsPerFile: properties.maxRowsPerFile, declared: declared, partitionBy: partitionBy,
            maxOpenPartitions: maxOpenPartitions))
    }

    /// The format library's options for `compression` and `compression-level`, checked now so that a
    /// codec this build lacks fails when the job is loaded, with the library's "enable the trait" advice.
    static func writerOptions(_ properties: Properties, label: String) throws -> ParquetWriter.Options {
        var options = ParquetWriter.Options()
        let codecs: [String: ParquetCompressionCodec] = ["none": .uncompressed, "snappy": .snappy, "gzip": .gzip, "zstd": .zstd]
        let name = properties.compression ?? "snappy"
        guard let codec = codecs[name] else {
            throw BatchError(.validation, "\(label): unknown compression '\(name)'; expected none, snappy, gzip or zstd")
        }
        options.compression = codec
        options.compressionLevel = properties.compressionLevel
        do {
            try options.validate()
        } catch let error as ParquetError {
            let property = error.code == .invalidValue ? "compression-level" : "compression"
            throw BatchError(.validation, "\(label): '\(property)': \(error.message)")
        }
        return options
    }

    /// Buffers the chunk's rows for the next commit.
    public func write(_ chunk: Chunk<Record>) async throws { try output.write(chunk) }
    /// Buffers a columnar chunk's rows, converted column by column (see ``Sluice/ColumnarItemWriter``).
    public func write(_ batch: RecordBatch, attempt: Int) async throws { try output.write(batch, attempt: attempt) }
    /// Opens for a fresh run or rebuilds the unfinished file on restart.
    public func open(_ context: ExecutionContext) async throws { try await output.open(context) }
    /// Journals and writes the buffered rows, publishing full files, and saves the progress.
    public func update(_ context: inout ExecutionContext) async throws { try await output.update(&context) }
    /// Publishes the last file.
    public func complete(_ context: inout ExecutionContext) async throws { try await output.complete(&context) }
    /// Closes the files; uncommitted rows are dropped.
    public func close() async throws { try await output.close() }
}
