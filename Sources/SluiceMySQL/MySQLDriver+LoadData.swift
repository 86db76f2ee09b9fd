#if MySQL
import Foundation
import Logging
import Sluice
import SluiceSQL

extension MySQLDriver: BulkCopying {
    /// Loads rows with `LOAD DATA LOCAL INFILE` on the transaction's connection. The "file" is
    /// the rows encoded in memory (tab-separated, backslash escapes, `\N` for NULL) and handed to
    /// Connector/C's local-infile callbacks: nothing is written to disk.
    ///
    /// With LOCAL the server turns rejected rows (duplicate keys, bad values) into warnings and
    /// carries on; so when fewer rows load than were sent, or any warning was raised, this throws
    /// a `constraint` error and the transaction rolls back: all rows load or none. `types` are
    /// not needed: the server converts the text.
    public func copy(into table: String, columns: [String], types: [String]?, rows: [[RecordValue]], prepared: (any Sendable)?,
                     on connection: any DriverConnection, logger: Logger) async throws {
        try await loadData(into: table, columns: columns, rows: rows, on: connection, logger: logger)
    }

    private func loadData(into table: String, columns: [String], rows: [[RecordValue]], on connection: any DriverConnection, logger: Logger) async throws {
        guard let handle = (connection as? MySQLDriverConnection)?.handle else {
            throw BatchError(.validation, "LOAD DATA needs a MySQL connection")
        }
        guard !rows.isEmpty else { return }
        let names = try columns.map { name -> String in
            try SQLIdentifiers.validate(name, kind: "column")
            return quoted(identifier: name)
        }
        try SQLIdentifiers.validate(table, kind: "table")
        let statement = "LOAD DATA LOCAL INFILE 'sluice-rows' INTO TABLE \(quoted(identifier: table)) CHARACTER SET binary "
            + "FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n' (\(names.joined(separator: ", ")))"
        let data = try MySQLLoadDataEncoder.encode(rows)
        let (loaded, warnings) = try await handle.run { handle in
            let loaded = try handle.loadLocalInfile(statement, data: data)
            return (loaded, handle.warningCount())
        }
        if loaded != rows.count || warnings > 0 {
            throw BatchError(.constraint, "LOAD DATA into \(SQLIdentifiers.visible(table)) loaded \(loaded) of \(rows.count) rows with \(warnings) warnings "
                + "(duplicate keys or invalid values); no row was written")
        }
    }
}

/// The text of `LOAD DATA`'s default format: fields separated by tabs, rows by newlines, `\`
/// escaping tab, newline, backslash and NUL, and `\N` for NULL.
enum MySQLLoadDataEncoder {
    static func encode(_ rows: [[RecordValue]]) throws -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(rows.count * 64)
        for row in rows {
            for (i, value) in row.enumerated() {
                if i > 0 { out.append(UInt8(ascii: "\t")) }
                try append(value, to: &out)
            }
            out.append(UInt8(ascii: "\n"))
        }
        return out
    }

    static func append(_ value: RecordValue, to out: inout [UInt8]) throws {
        switch value {
        case .null: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "N")])
        case .bool(let v): out.append(v ? UInt8(ascii: "1") : UInt8(ascii: "0"))
        case .int(let v): out.append(contentsOf: String(v).utf8)
        case .double(let v):
            guard v.isFinite else { throw BatchError(.validation, "MySQL cannot store the floating-point value \(v)") }
            out.append(contentsOf: "\(v)".utf8)
        case .decimal(let v): out.append(contentsOf: v.description.utf8)
        case .string(let v): escape(v.utf8, to: &out)
        case .date(let v): out.append(contentsOf: v.description.utf8)
        case .timestamp(let v): out.append(contentsOf: MySQLTimestamp(v).dateTimeText.utf8)
        case .bytes(let v): escape(v, to: &out)
        }
    }

    static func escape<S: Sequence>(_ bytes: S, to out: inout [UInt8]) where S.Element == UInt8 {
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case UInt8(ascii: "\t"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case UInt8(ascii: "\n"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "0")])
            default: out.append(byte)
            }
        }
    }
}
#endif
