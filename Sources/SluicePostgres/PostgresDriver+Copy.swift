import Logging
import NIOCore
import PostgresNIO
import Sluice
import SluiceSQL

extension PostgresDriver: BulkCopying {
    /// Streams rows with `COPY table (columns) FROM STDIN` in text format, in pieces of about
    /// 64 KB, on the transaction's connection: small pieces let the server parse one piece while
    /// the next is encoded, so client and server work overlap.
    public func copy(into table: String, columns: [String], rows: [[RecordValue]], on connection: any DriverConnection, logger: Logger) async throws {
        guard let postgres = (connection as? PostgresDriverConnection)?.connection else {
            throw BatchError(.validation, "COPY needs a PostgreSQL connection")
        }
        // postgres-nio wraps the names in double quotes as given: double any embedded quote.
        func quoted(_ name: String) -> String { name.replacingOccurrences(of: "\"", with: "\"\"") }
        try await postgres.copyFrom(table: quoted(table), columns: columns.map(quoted), format: .text(.init()), logger: logger) { writer in
            var start = 0
            while start < rows.count {
                let (buffer, next) = Self.encodeCopyText(rows, from: start, upTo: 1 << 16)
                try await writer.write(buffer)
                start = next
            }
        }
    }

    /// Encodes rows from `start` until the buffer holds about `limit` bytes; returns the buffer and
    /// the index of the first row not encoded. Synchronous, so the hot loop runs without
    /// suspension points.
    static func encodeCopyText(_ rows: [[RecordValue]], from start: Int, upTo limit: Int) -> (ByteBuffer, Int) {
        var encoder = CopyTextEncoder(capacity: limit + 4096)
        var index = start
        while index < rows.count && encoder.bytes.count < limit {
            encoder.append(row: rows[index])
            index += 1
        }
        return (ByteBuffer(bytes: encoder.bytes), index)
    }
}
