import NIOCore
import SQLKit
import SQLiteKit
import SQLiteNIO
import Sluice
import SluiceSQL

/// SQLite values by storage class: INTEGER → `.int`, REAL → `.double`, TEXT → `.string`,
/// BLOB → `.bytes`, NULL → `.null`.
///
/// SQLite has no boolean, date, timestamp or decimal storage: such values come back as whatever
/// was stored (booleans as integers 0/1, dates as text, timestamps as text or epoch numbers,
/// decimals as text or REAL); convert them in a processor when a typed value is needed.
extension SQLiteDriver: RecordRowDecoding {
    /// The row as a record, one value per column by its storage class.
    public func record(from row: any SQLRow) throws -> Record {
        if let native = row as? SQLiteRow {
            let columns = native.columns
            return Record(names: try SQLRowConversion.distinct(columns.map(\.name)), values: columns.map { Self.value($0.data) })
        }
        return try Self.record(from: row, columns: try SQLRowConversion.columns(of: row))
    }

    /// The rows as records, reading the column names once.
    public func records(from rows: [any SQLRow]) throws -> [Record] {
        guard let first = rows.first else { return [] }
        if first is SQLiteRow { return try rows.map(record(from:)) }
        let columns = try SQLRowConversion.columns(of: first)
        var out: [Record] = []
        out.reserveCapacity(rows.count)
        for row in rows { out.append(try Self.record(from: row, columns: columns)) }
        return out
    }

    /// Reads each column's raw `SQLiteData`: SQLiteKit hands a `SQLiteDataConvertible` type the
    /// stored value unchanged, so asking for ``SQLiteRawValue`` reveals the storage class.
    static func record(from row: any SQLRow, columns: [String]) throws -> Record {
        var values: [RecordValue] = []
        values.reserveCapacity(columns.count)
        for column in columns {
            values.append(value(try row.decode(column: column, as: SQLiteRawValue.self).data))
        }
        return Record(names: columns, values: values)
    }

    static func value(_ data: SQLiteData) -> RecordValue {
        switch data {
        case .integer(let v): .int(Int(v))
        case .float(let v): .double(v)
        case .text(let v): .string(v)
        case .blob(let v): .bytes(Array(v.readableBytesView))
        case .null: .null
        }
    }
}

/// A column's stored `SQLiteData`, captured through `SQLRow.decode(column:as:)`.
struct SQLiteRawValue: SQLiteDataConvertible, Decodable {
    let data: SQLiteData

    init?(sqliteData: SQLiteData) { data = sqliteData }

    var sqliteData: SQLiteData? { data }

    /// Only reachable when a decoder bypasses `SQLiteDataConvertible`, which SQLiteKit never does.
    init(from decoder: any Decoder) throws {
        throw DecodingError.typeMismatch(SQLiteRawValue.self, .init(codingPath: decoder.codingPath, debugDescription: "raw SQLite values come only from SQLiteDataDecoder"))
    }
}
