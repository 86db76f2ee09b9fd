import Sluice
import SluiceParquet
import Synchronization

/// The `parquet` reader: reads the rows of one Parquet file, or of every file a glob selects in
/// sorted order, as ``Sluice/Record``s (see ``RecordValueDecoding`` for the value mapping).
///
/// Holds one decoded row group at a time. Restart state in the step context: `<name>.file` (the
/// index of the current file in the sorted list), `<name>.row-group` and `<name>.row` (its
/// ``SluiceParquet/ParquetPosition``). A missing file is an `io` error; a malformed one a `parse`
/// error naming the file and byte offset, after which the reader moves on to the next file (so
/// a step that skips `parse` errors skips the rest of that file).
public final class ParquetItemReader: ReadAheadItemReader, ItemStream {
    /// The reader's settings as written in a job file.
    public struct Properties: Decodable, Sendable {
        /// The file or glob (`in/*.parquet`), relative to the job file's directory.
        public var path: String
        /// The columns to read, in this order; default all.
        public var columns: [String]?
        /// The prefix of the restart keys (default `parquet.reader`).
        public var name: String?

        /// Settings for a reader of `path`.
        public init(path: String, columns: [String]? = nil, name: String? = nil) {
            self.path = path
            self.columns = columns
            self.name = name
        }
    }

    /// The default prefix of the restart keys.
    public static let defaultName = "parquet.reader"

    /// The file or glob.
    public let path: String
    /// The projected columns, nil for all.
    public let columns: [String]?
    /// The prefix of the restart keys.
    public let name: String
    private let label: String
    private let state = Mutex(State())

    private struct State {
        var files: [String] = []
        var fileIndex = 0
        var position = ParquetPosition.start
        var cursor: ParquetRowCursor?
        var names: [String] = []
        /// The value converters of the current row group's columns.
        var converters: (rowGroup: Int, columns: [RecordColumnConverter])?
        var isOpen = false
    }

    /// A reader from job-file settings, resolving a relative `path` against `baseDirectory`.
    public init(properties: Properties, baseDirectory: String) throws {
        name = properties.name ?? Self.defaultName
        label = "parquet reader '\(name)'"
        path = try JobPath.resolve(properties.path, against: baseDirectory, component: label)
        if let columns = properties.columns, columns.isEmpty {
            throw BatchError(.validation, "\(label): 'columns' must not be empty")
        }
        columns = properties.columns
    }

    /// Lists the input files and restores the saved position.
    public func open(_ context: ExecutionContext) async throws {
        let files = try await BlockingIO.run { [path, label] in try ParquetInputFiles.list(path, label: label) }
        var fileIndex = 0
        var position = ParquetPosition.start
        if let saved = context.int("\(name).file") {
            guard saved >= 0, let group = context.int("\(name).row-group"), group >= 0, let row = context.int("\(name).row"), row >= 0 else {
                throw BatchError(.io, "\(label): the saved restart position is incomplete")
            }
            fileIndex = saved
            position = ParquetPosition(rowGroup: group, row: row)
        }
        state.withLock { s in
            s = State(files: files, fileIndex: fileIndex, position: position)
            s.isOpen = true
        }
    }

    /// Saves the position of the next row.
    public func update(_ context: inout ExecutionContext) async throws {
        let (file, position) = state.withLock { ($0.fileIndex, $0.cursor?.position ?? $0.position) }
        context["\(name).file"] = .int(file)
        context["\(name).row-group"] = .int(position.rowGroup)
        context["\(name).row"] = .int(position.row)
    }

    /// Releases the open file.
    public func close() async throws {
        state.withLock { s in s = State() }
    }

    /// The next record, or nil after the last file.
    public func read() async throws -> Record? {
        var buffer: [Record] = []
        _ = try await read(into: &buffer, limit: 1)
        return buffer.first
    }

    /// Reads up to `limit - buffer.count` records in one hop to the blocking-I/O queue.
    public func read(into buffer: inout [Record], limit: Int) async throws -> Bool {
        let wanted = limit - buffer.count
        guard wanted > 0 else { return true }
        let (records, more, failure) = try await BlockingIO.run { self.state.withLock { s in self.readRows(wanted, &s) } }
        buffer.append(contentsOf: records)
        if let failure { throw failure }
        return more
    }

    /// Reads up to `count` records; returns them, whether input remains, and the error that
    /// stopped reading early.
    private func readRows(_ count: Int, _ s: inout State) -> ([Record], Bool, BatchError?) {
        guard s.isOpen else { return ([], false, BatchError(.io, "\(label): not open (open must come before read)")) }
        var records: [Record] = []
        records.reserveCapacity(count)
        while records.count < count {
            guard s.fileIndex < s.files.count else { return (records, false, nil) }
            let file = s.files[s.fileIndex]
            do {
                if s.cursor == nil { try openCursor(file, &s) }
                let names = s.names
                var converters = s.converters
                var cursor = s.cursor!
                s.cursor = nil
                let wanted = count - records.count
                let outcome = try cursor.nextRows { batch, position in
                    if converters?.rowGroup != position.rowGroup {
                        converters = (position.rowGroup, batch.buffers.map(RecordColumnConverter.init))
                    }
                    return Self.records(names: names, batch, converters!.columns, from: position.row, wanted: wanted, into: &records)
                }
                s.cursor = cursor
                s.converters = converters
                guard let outcome else {
                    nextFile(&s)
                    continue
                }
                if let problem = outcome {
                    return (records, true, BatchError(.parse, "\(file): column '\(names[problem.column])': \(problem.message)"))
                }
            } catch let error as BatchError {
                nextFile(&s)
                return (records, true, error)
            } catch let error as ParquetError {
                nextFile(&s)
                let category: ErrorCategory = error.code == .io ? .io : .parse
                let place = error.offset.map { "\(file):\($0)" } ?? file
                return (records, true, BatchError(category, "\(place): \(error.message)"))
            } catch {
                nextFile(&s)
                return (records, true, BatchError(.parse, "\(file): \(error)"))
            }
        }
        return (records, true, nil)
    }

    /// A cell that has no record value.
    private struct CellProblem: Error {
        var column: Int
        var message: String
    }

    /// Appends the records of up to `wanted` rows of `batch` from row `first`; returns the first
    /// cell that has no record value (its row is consumed, later rows are not) and the rows consumed.
    private static func records(names: [String], _ batch: ParquetColumnBatch, _ converters: [RecordColumnConverter],
                                from first: Int, wanted: Int, into records: inout [Record]) -> (result: CellProblem?, consumed: Int) {
        let end = min(batch.rowCount, first + wanted)
        let columns = batch.buffers.count
        for row in first..<end {
            var failure: CellProblem?
            let values = [RecordValue](unsafeUninitializedCapacity: columns) { slots, initialized in
                for column in 0..<columns {
                    do throws(ValueProblem) {
                        (slots.baseAddress! + column).initialize(to: try converters[column].value(batch.buffers[column], row))
                        initialized = column + 1
                    } catch {
                        failure = CellProblem(column: column, message: error.message)
                        return
                    }
                }
            }
            if let failure { return (failure, row - first + 1) }
            records.append(Record(names: names, values: values))
        }
        return (nil, end - first)
    }

    private func openCursor(_ file: String, _ s: inout State) throws {
        guard FileSystemCalls.exists(file) else { throw BatchError(.io, "\(label): input file \(file) does not exist") }
        let reader = try ParquetReader(path: file)
        let names = columns ?? reader.schema.columns.map(\.name)
        for column in names where reader.schema.index(of: column) == nil {
            throw BatchError(.validation, "\(label): \(file) has no column '\(column)'")
        }
        s.cursor = try reader.makeRowCursor(from: s.position, columns: columns)
        s.names = names
    }

    private func nextFile(_ s: inout State) {
        s.fileIndex += 1
        s.position = .start
        s.cursor = nil
        s.converters = nil
    }
}
