#if MySQL
import Foundation
import SQLKit
import Sluice

/// One value of a result row as the binary protocol delivers it.
enum MySQLCell: Sendable {
    case null
    case int(Int64)
    case uint(UInt64)
    case double(Double)
    case time(MySQLTimestamp)
    /// Text (in utf8mb4), decimals as exact text, and binary strings.
    case bytes([UInt8])
}

/// What a result column is: its name and MySQL type.
struct MySQLColumn: Sendable {
    /// The column's name (or alias).
    var name: String
    /// The `enum_field_types` value (`MYSQL_TYPE_*`).
    var type: UInt32
    /// `*_FLAG` bits (`UNSIGNED_FLAG`, `BINARY_FLAG`...).
    var flags: UInt32
    /// The character set number; 63 means binary.
    var charset: UInt32

    var isUnsigned: Bool { flags & 32 != 0 }
    var isBinary: Bool { charset == 63 }
}

/// The columns of one result set, shared by its rows.
final class MySQLColumns: Sendable {
    let columns: [MySQLColumn]
    let names: [String]
    let index: [String: Int]

    init(_ columns: [MySQLColumn]) {
        self.columns = columns
        names = columns.map(\.name)
        var index: [String: Int] = [:]
        for (i, name) in names.enumerated() where index[name] == nil { index[name] = i }
        self.index = index
    }
}

/// A result row for SQLKit: cells decoded on demand into Swift types.
struct MySQLRow: SQLRow {
    let columns: MySQLColumns
    let cells: [MySQLCell]

    var allColumns: [String] { columns.names }

    func contains(column: String) -> Bool { columns.index[column] != nil }

    func decodeNil(column: String) throws -> Bool {
        if case .null = try cell(column) { return true }
        return false
    }

    func decode<D: Decodable>(column: String, as type: D.Type) throws -> D {
        let cell = try cell(column)
        // Unwrap first: a nil `Any?` would cast to any Optional type as nil.
        if let raw = try MySQLCellDecoding.primitive(cell, as: D.self, column: column), let value = raw as? D { return value }
        return try D(from: MySQLCellDecoder(cell: cell, column: column))
    }

    func cell(_ column: String) throws -> MySQLCell {
        guard let i = columns.index[column] else {
            throw DecodingError.keyNotFound(SQLColumnKey(column), .init(codingPath: [], debugDescription: "no column '\(column)' in the row"))
        }
        return cells[i]
    }

    /// The cell of a column by position.
    func cell(at index: Int) -> MySQLCell { cells[index] }
}

struct SQLColumnKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

/// Conversions of cells to the Swift types SQLKit asks for.
enum MySQLCellDecoding {
    /// The cell as `type` when it is one of the plain types; nil for other types. Throws when the
    /// value does not fit (NULL for a non-optional, text that is not a number...).
    static func primitive(_ cell: MySQLCell, as type: Any.Type, column: String) throws -> Any? {
        func fail(_ what: String) -> DecodingError {
            DecodingError.typeMismatch(type, .init(codingPath: [SQLColumnKey(column)],
                                                    debugDescription: "column '\(column)': cannot read \(what) as \(type)"))
        }
        func integer<I: FixedWidthInteger>(_: I.Type) throws -> I {
            switch cell {
            case .int(let v): if let i = I(exactly: v) { return i }
            case .uint(let v): if let i = I(exactly: v) { return i }
            case .double(let v): if let i = I(exactly: v) { return i }
            case .bytes(let b): if let i = I(String(decoding: b, as: UTF8.self)) { return i }
            case .null: throw DecodingError.valueNotFound(type, .init(codingPath: [SQLColumnKey(column)], debugDescription: "column '\(column)' is NULL"))
            case .time: break
            }
            throw fail(describe(cell))
        }
        if case .null = cell, !(type is any ExpressibleByNilLiteral.Type) {
            if type == Int.self || type == String.self || type == Double.self || type == Bool.self || type == Int64.self
                || type == Decimal.self || type == Date.self || type == Data.self || type == [UInt8].self || type == Int32.self
                || type == UInt64.self || type == Float.self || type == UUID.self || type == UInt.self {
                throw DecodingError.valueNotFound(type, .init(codingPath: [SQLColumnKey(column)], debugDescription: "column '\(column)' is NULL"))
            }
            return nil
        }
        switch type {
        case is Int.Type: return try integer(Int.self)
        case is Int64.Type: return try integer(Int64.self)
        case is Int32.Type: return try integer(Int32.self)
        case is Int16.Type: return try integer(Int16.self)
        case is Int8.Type: return try integer(Int8.self)
        case is UInt.Type: return try integer(UInt.self)
        case is UInt64.Type: return try integer(UInt64.self)
        case is UInt32.Type: return try integer(UInt32.self)
        case is UInt16.Type: return try integer(UInt16.self)
        case is UInt8.Type: return try integer(UInt8.self)
        case is Bool.Type:
            switch cell {
            case .int(let v): return v != 0
            case .uint(let v): return v != 0
            case .bytes(let b):
                switch String(decoding: b, as: UTF8.self).lowercased() {
                case "1", "true": return true
                case "0", "false": return false
                default: throw fail("text")
                }
            default: throw fail(describe(cell))
            }
        case is Double.Type, is Float.Type:
            let value: Double
            switch cell {
            case .double(let v): value = v
            case .int(let v): value = Double(v)
            case .uint(let v): value = Double(v)
            case .bytes(let b):
                guard let v = Double(String(decoding: b, as: UTF8.self)) else { throw fail("text") }
                value = v
            default: throw fail(describe(cell))
            }
            return type == Float.self ? Float(value) : value
        case is Decimal.Type:
            switch cell {
            case .int(let v): return Decimal(v)
            case .uint(let v): return Decimal(v)
            case .double(let v): return Decimal(v)
            case .bytes(let b):
                guard let d = exactDecimal(String(decoding: b, as: UTF8.self)) else { throw fail("'\(String(decoding: b, as: UTF8.self))'") }
                return d
            default: throw fail(describe(cell))
            }
        case is String.Type:
            switch cell {
            case .bytes(let b): return String(decoding: b, as: UTF8.self)
            case .int(let v): return String(v)
            case .uint(let v): return String(v)
            case .double(let v): return String(v)
            case .time(let t): return t.year == 0 && t.month == 0 ? t.timeText : (t.hour == 0 && t.minute == 0 && t.second == 0 && t.microsecond == 0 ? t.dateText : t.dateTimeText)
            case .null: return nil
            }
        case is Date.Type:
            switch cell {
            case .time(let t): return t.date
            case .bytes(let b):
                guard let t = MySQLTimestamp(text: String(decoding: b, as: UTF8.self)) else { throw fail("text") }
                return t.date
            default: throw fail(describe(cell))
            }
        case is Data.Type:
            guard case .bytes(let b) = cell else { throw fail(describe(cell)) }
            return Data(b)
        case is [UInt8].Type:
            guard case .bytes(let b) = cell else { throw fail(describe(cell)) }
            return b
        case is UUID.Type:
            guard case .bytes(let b) = cell else { throw fail(describe(cell)) }
            if b.count == 16 {
                return UUID(uuid: (b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]))
            }
            guard let u = UUID(uuidString: String(decoding: b, as: UTF8.self)) else { throw fail("text") }
            return u
        default:
            return nil
        }
    }

    /// An exact `Decimal` from decimal text, or nil when it is not a number or has more
    /// significant digits than `Decimal` holds (38), which would round.
    static func exactDecimal(_ text: String) -> Decimal? {
        let digits = text.drop(while: { $0 == "-" || $0 == "+" || $0 == "0" || $0 == "." })
        let significant = digits.filter(\.isNumber).count
        guard significant <= 38, text.allSatisfy({ $0.isNumber || $0 == "." || $0 == "-" || $0 == "+" }), !text.isEmpty else { return nil }
        return Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))
    }

    static func describe(_ cell: MySQLCell) -> String {
        switch cell {
        case .null: "NULL"
        case .int, .uint: "an integer"
        case .double: "a floating-point number"
        case .time: "a date/time"
        case .bytes: "text or bytes"
        }
    }
}

/// A `Decoder` over one cell, for types built on single values (optionals, raw-value enums...).
struct MySQLCellDecoder: Decoder, SingleValueDecodingContainer {
    let cell: MySQLCell
    let column: String
    var codingPath: [any CodingKey] { [SQLColumnKey(column)] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        throw DecodingError.typeMismatch(type, .init(codingPath: codingPath, debugDescription: "column '\(column)' holds a single value"))
    }
    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        throw DecodingError.typeMismatch([Any].self, .init(codingPath: codingPath, debugDescription: "column '\(column)' holds a single value"))
    }
    func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

    func decodeNil() -> Bool { if case .null = cell { true } else { false } }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        if let raw = try MySQLCellDecoding.primitive(cell, as: T.self, column: column), let value = raw as? T { return value }
        if case .null = cell {
            throw DecodingError.valueNotFound(type, .init(codingPath: codingPath, debugDescription: "column '\(column)' is NULL"))
        }
        // JSON columns and JSON text decode into Decodable structures.
        if case .bytes(let b) = cell, let value = try? JSONDecoder().decode(T.self, from: Data(b)) { return value }
        return try T(from: self)
    }
}
#endif
