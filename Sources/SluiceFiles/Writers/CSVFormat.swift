import Sluice

/// Delimited text per RFC 4180 (CSV with `,`, TSV with a tab): one line per record, ending in
/// `\n`.
///
/// With a quote character (CSV's default `"`), a field is quoted when it contains the delimiter,
/// the quote, CR or LF, with each quote doubled. Without one (TSV's default, as IANA
/// `text/tab-separated-values` and the `tsv` reader expect), fields are written as they are, and a
/// value holding the delimiter, CR or LF cannot be written: a `validation` error naming the item
/// and field (skippable; or set a quote, or clean the value in a processor). The
/// columns are `columns` when given, else the first record's field names; a later record with
/// other fields writes an empty field for each missing column and drops fields not in the
/// columns. The header line (column names) is written once, when the file has no content yet.
/// Values print as ``RecordBytes`` does; null is an empty field (as is an empty string); non-finite
/// doubles print as `nan`, `inf` and `-inf`.
struct CSVFormat: OutputFormat {
    /// The field separator byte.
    let delimiter: UInt8
    /// The quote byte, or nil to write fields unquoted.
    let quote: UInt8?
    /// Names the writer in error messages.
    let label: String
    /// Whether a header line starts an empty file.
    let header: Bool
    /// The fixed columns, or nil to take the first record's field names.
    let columns: [String]?

    var preamble: [UInt8] { [] }
    var trailer: [UInt8] { [] }

    mutating func encode(_ record: Record, progress: inout WriterProgress, into buffer: inout [UInt8]) throws {
        let columns = progress.columns ?? self.columns ?? record.names
        if progress.columns == nil { progress.columns = columns }
        let item = progress.items + 1
        if header && !progress.hasContent { try appendHeader(columns, item: item, to: &buffer) }
        if record.names == columns {
            try appendLine(record.values, columns: columns, item: item, to: &buffer)
        } else {
            try appendLine(columns.map { record[$0] ?? .null }, columns: columns, item: item, to: &buffer)
        }
        progress.hasContent = true
    }

    func appendPoint(tail: [UInt8], length: Int, path: String) throws -> AppendPoint {
        lineAppendPoint(tail: tail, length: length)
    }

    private func appendHeader(_ columns: [String], item: Int, to buffer: inout [UInt8]) throws {
        for (i, name) in columns.enumerated() {
            if i > 0 { buffer.append(delimiter) }
            try appendField(name, column: name, item: item, to: &buffer)
        }
        buffer.append(UInt8(ascii: "\n"))
    }

    private func appendLine(_ values: [RecordValue], columns: [String], item: Int, to buffer: inout [UInt8]) throws {
        for i in values.indices {
            if i > 0 { buffer.append(delimiter) }
            try appendValue(values[i], column: columns[i], item: item, to: &buffer)
        }
        buffer.append(UInt8(ascii: "\n"))
    }

    private func appendValue(_ value: RecordValue, column: String, item: Int, to buffer: inout [UInt8]) throws {
        switch value {
        case .null: break
        case .bool(let b): RecordBytes.appendText(b ? "true" : "false", to: &buffer)
        case .int(let i): RecordBytes.appendInt(i, to: &buffer)
        case .double(let d): RecordBytes.appendDouble(d, to: &buffer)
        case .decimal(let d): RecordBytes.appendDecimal(d, to: &buffer)
        case .string(let s): try appendField(s, column: column, item: item, to: &buffer)
        case .date(let d): RecordBytes.appendDate(d, to: &buffer)
        case .timestamp(let t): RecordBytes.appendTimestamp(t, to: &buffer)
        case .bytes(let b): RecordBytes.appendBase64(b, to: &buffer)
        }
    }

    /// Appends `text`, quoted when it holds the delimiter, the quote, CR or LF.
    private func appendField(_ text: String, column: String, item: Int, to buffer: inout [UInt8]) throws {
        let appended: Void? = try text.utf8.withContiguousStorageIfAvailable { try appendField($0, column: column, item: item, to: &buffer) }
        if appended == nil { try appendField(Array(text.utf8), column: column, item: item, to: &buffer) }
    }

    private func appendField<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes, column: String, item: Int,
                                                                    to buffer: inout [UInt8]) throws {
        let (delimiter, quote) = (delimiter, quote ?? delimiter)
        let special = bytes.contains { $0 == delimiter || $0 == quote || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }
        guard special else { return buffer.append(contentsOf: bytes) }
        guard self.quote != nil else { throw unrepresentable(column: column, item: item) }
        buffer.append(quote)
        for b in bytes {
            buffer.append(b)
            if b == quote { buffer.append(quote) }
        }
        buffer.append(quote)
    }

    private func unrepresentable(column: String, item: Int) -> BatchError {
        let separator = delimiter == UInt8(ascii: "\t") ? "tab" : "'\(Character(Unicode.Scalar(delimiter)))'"
        return BatchError(.validation, "\(label): item \(item), field '\(column)': the value holds a \(separator) or a line break, "
            + "which unquoted fields cannot hold; set 'quote' or clean the value in a processor")
    }
}
