import Logging
import NIOCore
import PostgresNIO
import Sluice
import SluiceSQL

extension PostgresDriver: BulkCopying {
    /// Streams rows with `COPY table (columns) FROM STDIN` in text format, in batches of about
    /// 1 MB, on the transaction's connection.
    public func copy(into table: String, columns: [String], rows: [[RecordValue]], on connection: any DriverConnection, logger: Logger) async throws {
        guard let postgres = (connection as? PostgresDriverConnection)?.connection else {
            throw BatchError(.validation, "COPY needs a PostgreSQL connection")
        }
        // postgres-nio wraps the names in double quotes as given: double any embedded quote.
        func quoted(_ name: String) -> String { name.replacingOccurrences(of: "\"", with: "\"\"") }
        try await postgres.copyFrom(table: quoted(table), columns: columns.map(quoted), format: .text(.init()), logger: logger) { writer in
            var buffer = ByteBuffer()
            buffer.reserveCapacity(1 << 20)
            for row in rows {
                for (i, value) in row.enumerated() {
                    if i > 0 { buffer.writeInteger(UInt8(ascii: "\t")) }
                    Self.writeCopyText(value, to: &buffer)
                }
                buffer.writeInteger(UInt8(ascii: "\n"))
                if buffer.readableBytes >= 1 << 20 {
                    try await writer.write(buffer)
                    buffer.clear()
                }
            }
            if buffer.readableBytes > 0 { try await writer.write(buffer) }
        }
    }

    /// COPY text format: `\N` for NULL; backslash, tab, newline and carriage return escaped.
    static func writeCopyText(_ value: RecordValue, to buffer: inout ByteBuffer) {
        switch value {
        case .null: buffer.writeString("\\N")
        case .bytes(let bytes):
            buffer.writeString("\\\\x")
            for b in bytes {
                let hex = String(b, radix: 16)
                if hex.count == 1 { buffer.writeString("0") }
                buffer.writeString(hex)
            }
        case .bool(let b): buffer.writeString(b ? "t" : "f")
        default:
            for byte in value.description.utf8 {
                switch byte {
                case UInt8(ascii: "\\"): buffer.writeString("\\\\")
                case UInt8(ascii: "\t"): buffer.writeString("\\t")
                case UInt8(ascii: "\n"): buffer.writeString("\\n")
                case UInt8(ascii: "\r"): buffer.writeString("\\r")
                default: buffer.writeInteger(byte)
                }
            }
        }
    }
}
