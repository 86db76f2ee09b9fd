import Sluice

/// The ``ReaderFormat`` of CSV and TSV files: skips `skipLines` lines, takes the field names from
/// a header line or the configured columns, and turns every further record into a
/// ``Sluice/Record`` whose values are converted by column type.
///
/// Blank lines are skipped. A record with another field count than the header (or the columns,
/// or the first record) is a parse error, and so is a field that does not convert; both consume
/// the record. A bad header gives up the file.
struct CSVReadFormat: ReaderFormat {
    private enum Phase: Equatable {
        case skipping(Int)
        case header
        case records
    }

    private let header: Bool
    private let skipLines: Int
    private let columns: [ColumnSpec]
    private let conversion: FieldConversion
    private var scanner: CSVRecordScanner
    private var phase: Phase = .records
    /// The field names, shared by every record of the file.
    private var names: [String] = []
    private var types: [ColumnType] = []
    /// What fixed the field names, for messages.
    private var namesSource = ""
    /// Unescaped bytes of a field with doubled quotes.
    private var scratch: [UInt8] = []
    /// The records being parsed into a batch.
    private var run = CSVRecordRun()

    /// A format with validated settings (see ``CSVItemReader``).
    init(delimiter: UInt8, quote: UInt8?, header: Bool, skipLines: Int, columns: [ColumnSpec], conversion: FieldConversion) {
        scanner = CSVRecordScanner(delimiter: delimiter, quote: quote)
        self.header = header
        self.skipLines = skipLines
        self.columns = columns
        self.conversion = conversion
    }

    var inPreamble: Bool { phase != .records }

    mutating func startFile() {
        phase = skipLines > 0 ? .skipping(skipLines) : header ? .header : .records
        if header || columns.isEmpty {
            names = []
            types = []
        } else {
            names = columns.map(\.name)
            types = columns.map(\.type)
            namesSource = "`columns` names"
        }
    }

    mutating func resumeAfterRecord() {}

    mutating func next(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, atEnd: Bool) -> ParseStep {
        switch scanRecord(bytes, at: start, atEnd: atEnd) {
        case .record(let end, let lines): record(bytes, start: start, end: end, lines: lines)
        case .other(let step): step
        }
    }

    /// Parses up to `limit` records straight into the typed columns of `batch`: scans a run of
    /// records, then converts it column by column.
    mutating func nextRows(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, atEnd: Bool, limit: Int,
                           into batch: inout RecordBatch) -> ParsedRun {
        var stop = scanRun(bytes, at: start, atEnd: atEnd, limit: min(limit, Self.runLimit), into: &batch)
        run.findASCII(in: bytes, from: start)  // the run's records lie back to back from `start`
        var parsed = ParsedRun(end: start)
        let (rows, failure) = convertRun(bytes, into: &batch)
        for k in 0..<rows { parsed.add(end: run.records[k].end, lines: run.records[k].lines) }
        // A field that did not convert comes before whatever stopped the scan.
        if let failure { stop = failure }
        parsed.stop = stop
        return parsed
    }

    /// The most records scanned before they are converted (bounds the run's memory).
    private static let runLimit = 4_096

    /// Scans up to `limit` records into `run`; returns the step that stopped it (nil: the limit).
    private mutating func scanRun(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, atEnd: Bool, limit: Int,
                                  into batch: inout RecordBatch) -> ParseStep? {
        run.removeAll()
        var at = start
        while run.count < limit {
            let keep = run.count * names.count
            switch scanRecord(bytes, at: at, atEnd: atEnd, keeping: keep) {
            case .other(let step): return step
            case .record(let end, let lines):
                let count = scanner.fields.count - keep
                nameFields(count: count)
                guard count == names.count else { return fieldCountFailure(count, end: end, lines: lines) }
                if run.count == 0 && !batch.hasNames(names) {
                    guard batch.isEmpty else { return .batchEnds }
                    batch.reset(names: names, kinds: types.map(\.columnKind))
                }
                run.add(end: end, lines: lines)
                at = end
            }
        }
        return nil
    }

    /// Converts the scanned run into `batch`, column by column; returns the rows appended (those
    /// before the first record with a field that does not convert) and that record's failure.
    private mutating func convertRun(_ bytes: UnsafeBufferPointer<UInt8>, into batch: inout RecordBatch) -> (rows: Int, failure: ParseStep?) {
        let first = batch.count
        let width = names.count
        var rows = run.count
        var failed: (row: Int, column: Int, error: FieldConversion.FieldError)?
        let fields = scanner.fields
        let ascii = run.ascii
        fields.withUnsafeBufferPointer { fields in ascii.withUnsafeBufferPointer { ascii in batch.withColumns { columns in
            for k in 0..<width {
                let fieldRun = FieldConversion.FieldRun(bytes: bytes, fields: fields, ascii: ascii, width: width, column: k)
                // Only the rows before the first failing record so far: a failure in an earlier
                // record wins, and in the same record the earlier column already won.
                var row = 0
                var misses = 0  // fields in a row that the bulk path did not take: past a few, it is not tried again
                while row < rows {
                    if misses < 4 {
                        let next = conversion.appendFast(types[k], rows: row..<rows, from: fieldRun, into: &columns[k])
                        misses = next == row ? misses + 1 : 0
                        row = next
                    }
                    guard row < rows else { break }
                    // A field the bulk path does not take: escaped quotes, a wide value, an error.
                    do throws(FieldConversion.FieldError) {
                        try convert(bytes, fields[row * width + k], as: types[k], ascii: ascii[row], into: &columns[k])
                    } catch {
                        failed = (row, k, error)
                        rows = row
                        break
                    }
                    row += 1
                }
            }
        } } }
        guard let failed else {
            batch.endRows(rows)
            return (rows, nil)
        }
        batch.removeRows(from: first + rows)  // the columns converted past the failing record
        batch.endRows(rows)
        let record = run.records[failed.row]
        return (rows, conversionFailure(column: failed.column, failed.error, end: record.end, lines: record.lines))
    }

    /// What ``scanRecord(_:at:atEnd:)`` found at the read position.
    private enum Scanned {
        /// A data record, its fields in `scanner.fields`.
        case record(end: Int, lines: Int)
        /// Anything else: more bytes needed, a skipped line or header, a failure, the end.
        case other(ParseStep)
    }

    /// Scans the next record, its fields going after the first `keep` of `scanner.fields` (those
    /// of the run's earlier records); skipped lines, blank lines and the header are handled here.
    @inline(__always)
    private mutating func scanRecord(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, atEnd: Bool, keeping keep: Int = 0) -> Scanned {
        guard start < bytes.count else { return .other(atEnd ? .endOfFile : .needMore) }
        if case .skipping(let remaining) = phase { return .other(skipLine(bytes, at: start, atEnd: atEnd, remaining: remaining)) }
        switch scanner.scan(bytes, at: start, atEnd: atEnd, keeping: keep) {
        case .needMore:
            return .other(.needMore)
        case .malformed(let message, let end, let lines, let faultIndex):
            return .other(.failure(ParseFailure(message: message, end: end, lines: lines, faultIndex: faultIndex, endsFile: phase == .header)))
        case .record(let end, let lines):
            // A blank line is at most two bytes (CRLF): longer records skip the closer look.
            if end - start <= 2 && isBlank(bytes, at: start, keeping: keep) { return .other(.skip(end: end, lines: lines)) }
            if case .header = phase { return .other(readHeader(bytes, end: end, lines: lines)) }
            return .record(end: end, lines: lines)
        }
    }

    /// Whether the record just scanned is an empty line.
    private func isBlank(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, keeping keep: Int) -> Bool {
        scanner.fieldCount == keep + 1 && scanner.fields[keep].start == scanner.fields[keep].end
            && (bytes[start] == UInt8(ascii: "\n") || bytes[start] == UInt8(ascii: "\r"))
    }

    /// Skips one raw line of the `skipLines`.
    private mutating func skipLine(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, atEnd: Bool, remaining: Int) -> ParseStep {
        var j = start
        while j < bytes.count && bytes[j] != UInt8(ascii: "\n") { j += 1 }
        guard j < bytes.count || atEnd else { return .needMore }
        phase = remaining > 1 ? .skipping(remaining - 1) : header ? .header : .records
        return j < bytes.count ? .skip(end: j + 1, lines: 1) : .skip(end: j, lines: 0)
    }

    /// Takes the field names from the header and assigns the configured column types by name.
    private mutating func readHeader(_ bytes: UnsafeBufferPointer<UInt8>, end: Int, lines: Int) -> ParseStep {
        func failure(_ message: String) -> ParseStep {
            .failure(ParseFailure(message: message, end: end, lines: lines, endsFile: true))
        }
        var found: [String] = []
        for (k, field) in scanner.fields.enumerated() {
            let name: String
            do throws(FieldConversion.FieldError) {
                name = try withField(bytes, field) { (text) throws(FieldConversion.FieldError) in
                    try FieldConversion.string(FieldConversion.trimmed(text))
                }
            } catch {
                return failure("header field \(k + 1): \(error.message)")
            }
            if name.isEmpty { return failure("header field \(k + 1) is empty; every column needs a name") }
            if found.contains(name) { return failure("the header names the column '\(name)' twice") }
            found.append(name)
        }
        var foundTypes = [ColumnType](repeating: .string, count: found.count)
        for column in columns {
            guard let index = found.firstIndex(of: column.name) else {
                return failure("the column '\(column.name)' of `columns` is not in the header (\(found.joined(separator: ", ")))")
            }
            foundTypes[index] = column.type
        }
        names = found
        types = foundTypes
        namesSource = "the header has"
        phase = .records
        return .skip(end: end, lines: lines)
    }

    /// Names the fields `column1`, `column2`... when neither a header nor `columns` did.
    private mutating func nameFields(count: Int) {
        guard names.isEmpty else { return }
        names = (1...count).map { "column\($0)" }
        types = Array(repeating: .string, count: count)
        namesSource = "the first record has"
    }

    /// The failure of a record with another field count than the names.
    private func fieldCountFailure(_ count: Int, end: Int, lines: Int) -> ParseStep {
        .failure(ParseFailure(message: "the record has \(count) field(s), but \(namesSource) \(names.count)", end: end, lines: lines))
    }

    /// The failure of a field that did not convert.
    private func conversionFailure(column: Int, _ error: FieldConversion.FieldError, end: Int, lines: Int) -> ParseStep {
        .failure(ParseFailure(message: "column '\(names[column])': \(error.message)", end: end, lines: lines))
    }

    /// The record just scanned, with converted values.
    private mutating func record(_ bytes: UnsafeBufferPointer<UInt8>, start: Int, end: Int, lines: Int) -> ParseStep {
        let count = scanner.fields.count
        nameFields(count: count)
        guard count == names.count else { return fieldCountFailure(count, end: end, lines: lines) }
        let ascii = FieldConversion.isASCII(UnsafeBufferPointer(rebasing: bytes[start..<end]))
        var failed: (column: Int, error: FieldConversion.FieldError)?
        let values = [RecordValue](unsafeUninitializedCapacity: count) { slots, initialized in
            for k in 0..<count {
                do throws(FieldConversion.FieldError) {
                    var slot = FieldValueSlot()
                    try convert(bytes, scanner.fields[k], as: types[k], ascii: ascii, into: &slot)
                    (slots.baseAddress! + k).initialize(to: slot.value)
                    initialized = k + 1
                } catch {
                    failed = (k, error)
                    return
                }
            }
        }
        if let failed { return conversionFailure(column: failed.column, failed.error, end: end, lines: lines) }
        return .item(Record(names: names, values: values), end: end, lines: lines)
    }

    /// Converts `field` to `type` into `sink`.
    @inline(__always)
    private mutating func convert<Sink: FieldValueSink>(_ bytes: UnsafeBufferPointer<UInt8>, _ field: CSVRecordScanner.Field, as type: ColumnType,
                                                        ascii: Bool, into sink: inout Sink) throws(FieldConversion.FieldError) {
        guard field.escaped else {
            return try conversion.convert(UnsafeBufferPointer(rebasing: bytes[field.start..<field.end]), as: type, ascii: ascii, into: &sink)
        }
        let conversion = self.conversion
        try withField(bytes, field) { (text) throws(FieldConversion.FieldError) in
            try conversion.convert(text, as: type, ascii: ascii, into: &sink)
        }
    }

    /// Calls `body` with the bytes of a field, its doubled quotes undone.
    @inline(__always)
    private mutating func withField<T>(_ bytes: UnsafeBufferPointer<UInt8>, _ field: CSVRecordScanner.Field,
                                       _ body: (UnsafeBufferPointer<UInt8>) throws(FieldConversion.FieldError) -> T) throws(FieldConversion.FieldError) -> T {
        guard field.escaped, let quote = scanner.quote else { return try body(UnsafeBufferPointer(rebasing: bytes[field.start..<field.end])) }
        scratch.removeAll(keepingCapacity: true)
        var i = field.start
        while i < field.end {
            scratch.append(bytes[i])
            i += bytes[i] == quote ? 2 : 1
        }
        return try scratch.withUnsafeBufferPointer { (unescaped) throws(FieldConversion.FieldError) -> T in try body(unescaped) }
    }
}
