#if MySQL
import Foundation
import SQLKit
import Sluice
import SluiceSQL

/// MySQL values by column type: integer types (and `YEAR`) → `.int` (`BIGINT UNSIGNED` above
/// `Int.max` → `.decimal`), `FLOAT`/`DOUBLE` → `.double`, `DECIMAL` → `.decimal` (exact, from the
/// server's digits, never through `Double`), `DATE` → `.date`, `DATETIME`/`TIMESTAMP` →
/// `.timestamp` (read as UTC, microseconds kept), `TIME` → `.string`, `CHAR`/`VARCHAR`/`TEXT`/
/// `ENUM`/`SET`/`JSON` → `.string`, `BINARY`/`VARBINARY`/`BLOB` → `.bytes`, `BIT` → `.int`.
///
/// `GEOMETRY` is refused with a validation error that suggests converting it in the query, as are
/// zero dates (`0000-00-00`) and decimals of more than 38 significant digits.
extension MySQLDriver: RecordRowDecoding {
    /// The row as a record, one value per column by its MySQL type.
    public func record(from row: any SQLRow) throws -> Record {
        guard let row = row as? MySQLRow else { return try GenericRecordRowDecoder().record(from: row) }
        return try MySQLRecordDecoder.record(row, names: try SQLRowConversion.distinct(row.columns.names))
    }

    /// The rows as records, checking the column names once.
    public func records(from rows: [any SQLRow]) throws -> [Record] {
        guard let first = rows.first as? MySQLRow else { return try GenericRecordRowDecoder().records(from: rows) }
        let names = try SQLRowConversion.distinct(first.columns.names)
        return try rows.map { try MySQLRecordDecoder.record($0 as! MySQLRow, names: names) }
    }
}

/// The conversion of MySQL cells to ``Sluice/RecordValue``.
enum MySQLRecordDecoder {
    static func record(_ row: MySQLRow, names: [String]) throws -> Record {
        var values: [RecordValue] = []
        values.reserveCapacity(names.count)
        for (i, column) in row.columns.columns.enumerated() {
            values.append(try value(row.cell(at: i), column: column))
        }
        return Record(names: names, values: values)
    }

    static func value(_ cell: MySQLCell, column: MySQLColumn) throws -> RecordValue {
        switch cell {
        case .null: return .null
        case .int(let v): return .int(Int(v))
        case .uint(let v): return Int(exactly: v).map(RecordValue.int) ?? .decimal(Decimal(v))
        case .double(let v): return .double(v)
        case .time(let t):
            switch MySQLResultBuffers.kind(of: column.type) {
            case .time where column.type == 11:  // MYSQL_TYPE_TIME
                return .string(t.timeText)
            case .time where column.type == 10 || column.type == 14:  // DATE, NEWDATE
                guard let date = t.calendarDate else { throw zeroDate(column) }
                return .date(date)
            default:
                guard t.calendarDate != nil else { throw zeroDate(column) }
                return .timestamp(t.date)
            }
        case .bytes(let bytes):
            switch column.type {
            case 0, 246:  // DECIMAL, NEWDECIMAL
                let text = String(decoding: bytes, as: UTF8.self)
                guard let value = MySQLCellDecoding.exactDecimal(text) else {
                    throw SQLRowConversion.unsupported(column: column.name, "the decimal \(text) has more than 38 significant digits; cast it to text or round it in the query")
                }
                return .decimal(value)
            case 16:  // BIT
                return .int(bytes.reduce(0) { $0 << 8 | Int($1) })
            case 255:  // GEOMETRY
                throw SQLRowConversion.unsupported(column: column.name, "the sql reader does not convert MySQL geometry values; use ST_AsText(\(column.name)) in the query")
            case 245:  // JSON (MySQL sends it with the binary charset)
                return .string(String(decoding: bytes, as: UTF8.self))
            default:
                return column.isBinary ? .bytes(bytes) : .string(String(decoding: bytes, as: UTF8.self))
            }
        }
    }

    static func zeroDate(_ column: MySQLColumn) -> BatchError {
        SQLRowConversion.unsupported(column: column.name, "MySQL's zero date 0000-00-00 is not a date; use NULLIF(\(column.name), '0000-00-00') in the query")
    }
}
#endif
