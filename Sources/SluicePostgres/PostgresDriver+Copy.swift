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
            var start = 0
            while start < rows.count {
                let (buffer, next) = Self.encodeCopyText(rows, from: start, upTo: 1 << 20)
                try await writer.write(buffer)
                start = next
            }
        }
    }

    /// Encodes rows from `start` until the buffer holds about `limit` bytes; returns the buffer and
    /// the index of the first row not encoded. Synchronous, so the hot loop runs without
    /// suspension points.
    static func encodeCopyText(_ rows: [[RecordValue]], from start: Int, upTo limit: Int) -> (ByteBuffer, Int) {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(limit + 4096)
        var index = start
        while index < rows.count && buffer.readableBytes < limit {
            for (i, value) in rows[index].enumerated() {
                if i > 0 { buffer.writeInteger(UInt8(ascii: "\t")) }
                writeCopyText(value, to: &buffer)
            }
            buffer.writeInteger(UInt8(ascii: "\n"))
            index += 1
        }
        return (buffer, index)
    }

    /// COPY text format: `\N` for NULL; backslash, tab, newline and carriage return escaped.
    static func writeCopyText(_ value: RecordValue, to buffer: inout ByteBuffer) {
        switch value {
        case .null: buffer.writeStaticString("\\N")
        case .int(let i): buffer.writeString(String(i))
        case .double(let d): buffer.writeString(d.description)
        case .bool(let b): buffer.writeStaticString(b ? "t" : "f")
        case .string(let s): writeEscaped(s, to: &buffer)
        case .date(let d):
            writeDigits(d.year, 4, to: &buffer)
            buffer.writeInteger(UInt8(ascii: "-"))
            writeDigits(d.month, 2, to: &buffer)
            buffer.writeInteger(UInt8(ascii: "-"))
            writeDigits(d.day, 2, to: &buffer)
        case .bytes(let bytes):
            buffer.writeStaticString("\\\\x")
            let hex = Array("0123456789abcdef".utf8)
            for b in bytes {
                buffer.writeInteger(hex[Int(b >> 4)])
                buffer.writeInteger(hex[Int(b & 0x0F)])
            }
        default: writeEscaped(value.description, to: &buffer)
        }
    }

    /// Text with COPY's escapes; text that needs none (the common case) is copied in one go.
    static func writeEscaped(_ text: String, to buffer: inout ByteBuffer) {
        let special: (UInt8) -> Bool = { $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }
        guard text.utf8.contains(where: special) else {
            buffer.writeString(text)
            return
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\\"): buffer.writeStaticString("\\\\")
            case UInt8(ascii: "\t"): buffer.writeStaticString("\\t")
            case UInt8(ascii: "\n"): buffer.writeStaticString("\\n")
            case UInt8(ascii: "\r"): buffer.writeStaticString("\\r")
            default: buffer.writeInteger(byte)
            }
        }
    }

    static func writeDigits(_ value: Int, _ width: Int, to buffer: inout ByteBuffer) {
        var divisor = 1
        for _ in 1..<width { divisor *= 10 }
        var v = value
        while divisor > 0 {
            buffer.writeInteger(UInt8(ascii: "0") + UInt8((v / divisor) % 10))
            v %= divisor
            divisor /= 10
        }
    }
}
