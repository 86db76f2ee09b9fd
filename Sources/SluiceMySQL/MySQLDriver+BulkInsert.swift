#if MySQL
import Foundation
import SQLKit
import Sluice
import SluiceSQL

extension MySQLDriver: BulkInserting {
    /// Multi-row `INSERT INTO t (c, ...) VALUES (?, ...), ...` with the record values bound
    /// directly; all statements of the call run in one work item on the connection's thread, and
    /// each statement shape stays prepared on the connection.
    public func insert(into table: SQLTableName, columns: [SQLName], rows: [[RecordValue]], on connection: any DriverConnection) async throws {
        guard let connection = connection as? MySQLDriverConnection else {
            throw BatchError(.validation, "the MySQL bulk insert needs a MySQL connection")
        }
        guard !rows.isEmpty, !columns.isEmpty else { return }
        if let bad = rows.firstIndex(where: { $0.count != columns.count }) {
            throw BatchError(.validation, "row \(bad + 1) has \(rows[bad].count) values for \(columns.count) columns")
        }
        let prefix = "INSERT INTO " + connection.sql.serialize(table).sql + " ("
            + columns.map { quoted(identifier: $0.string) }.joined(separator: ", ") + ") VALUES "
        let perStatement = max(1, min(SQLStatements.maxRowsPerStatement, maxBindParameters / columns.count))
        let placeholders = "(" + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
        try await connection.handle.run { handle in
            var start = 0
            while start < rows.count {
                let end = min(rows.count, start + perStatement)
                let sql = prefix + Array(repeating: placeholders, count: end - start).joined(separator: ", ")
                var binds: [MySQLBindValue] = []
                binds.reserveCapacity((end - start) * columns.count)
                for row in rows[start..<end] {
                    for value in row { binds.append(MySQLBindValue(value)) }
                }
                try handle.execute(sql, binds: binds, onRow: nil)
                start = end
            }
        }
    }
}

extension MySQLBindValue {
    /// A record value as a parameter, without going through `Encodable`.
    init(_ value: RecordValue) {
        switch value {
        case .null: self = .null
        case .bool(let v): self = .int(v ? 1 : 0)
        case .int(let v): self = .int(Int64(v))
        case .double(let v): self = .double(v)
        case .decimal(let v): self = .decimal(v.description)
        case .string(let v): self = .text(v)
        case .date(let v): self = .text(v.description)
        case .timestamp(let v): self = .timestamp(MySQLTimestamp(v))
        case .bytes(let v): self = .bytes(v)
        }
    }
}
#endif
