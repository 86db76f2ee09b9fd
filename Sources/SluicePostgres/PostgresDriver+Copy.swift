import Logging
import NIOCore
import PostgresNIO
import Sluice
import SluiceSQL

extension PostgresDriver: BulkCopying {
    /// Rows encoded for one `COPY ... FROM STDIN`: binary format when every column's type has a
    /// binary layout and every value fits it, else text format.
    struct CopyPayload: Sendable {
        var binary: Bool
        var bytes: ByteBuffer
    }

    /// Streams rows with `COPY table (columns) FROM STDIN` on the transaction's connection, in
    /// binary format where the declared `types` (as `format_type` prints them) allow it, else in
    /// text format. The rows go in one write: the kernel streams them to the server, which starts
    /// on the first bytes (every `write` call costs two hops between this task and the event loop).
    /// A `prepared` payload (from ``prepareCopy(columns:types:rows:)``) is sent instead of `rows`.
    public func copy(into table: String, columns: [String], types: [String]?, rows: [[RecordValue]], prepared: (any Sendable)?,
                     on connection: any DriverConnection, logger: Logger) async throws {
        guard let postgres = (connection as? PostgresDriverConnection)?.connection else {
            throw BatchError(.validation, "COPY needs a PostgreSQL connection")
        }
        let payload: CopyPayload
        if let prepared = prepared as? CopyPayload {
            payload = prepared
        } else {
            guard !rows.isEmpty else { return }
            payload = Self.encode(rows, columns: columns, types: types)
        }
        // postgres-nio wraps the names in double quotes as given: double any embedded quote.
        func quoted(_ name: String) -> String { name.replacingOccurrences(of: "\"", with: "\"\"") }
        var names = columns.map(quoted)
        if payload.binary {
            // postgres-nio 1.33 builds `COPY "t"("a","b") FROM STDIN WITH (FORMAT text)` and offers
            // no binary option: the last column name closes the list and the options itself and
            // turns the library's suffix into a comment. The names are quoted above, so nothing of
            // the caller's reaches the statement unquoted.
            names[names.count - 1] += "\") FROM STDIN WITH (FORMAT binary) --"
        }
        try await postgres.copyFrom(table: quoted(table), columns: names, format: .text(.init()), logger: logger) { writer in
            try await writer.write(payload.bytes)
        }
    }

    /// Encodes the rows ahead of the chunk's transaction.
    public func prepareCopy(columns: [String], types: [String]?, rows: [[RecordValue]]) -> (any Sendable)? {
        rows.isEmpty ? nil : Self.encode(rows, columns: columns, types: types)
    }

    /// The rows in binary format when possible, else in text format.
    static func encode(_ rows: [[RecordValue]], columns: [String], types: [String]?) -> CopyPayload {
        if !columns.isEmpty, let binary = encodeCopyBinary(rows, types: types) { return CopyPayload(binary: true, bytes: binary) }
        var encoder = CopyTextEncoder(capacity: 48 * rows.count * max(1, columns.count))
        for row in rows { encoder.append(row: row) }
        return CopyPayload(binary: false, bytes: ByteBuffer(bytes: encoder.bytes))
    }

    /// The rows in binary COPY format; nil when a column's type has no binary layout here or a
    /// value does not fit its column.
    static func encodeCopyBinary(_ rows: [[RecordValue]], types: [String]?) -> ByteBuffer? {
        guard let types, !types.isEmpty else { return nil }
        var layouts: [CopyBinaryEncoder.Column] = []
        for type in types {
            guard let layout = CopyBinaryEncoder.Column(declaredType: type) else { return nil }
            layouts.append(layout)
        }
        var encoder = CopyBinaryEncoder(columns: layouts, capacity: 24 * rows.count * layouts.count + 64)
        encoder.appendHeader()
        for row in rows {
            guard encoder.append(row: row) else { return nil }
        }
        encoder.appendTrailer()
        return encoder.buffer
    }
}
