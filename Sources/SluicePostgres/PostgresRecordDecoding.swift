import Foundation
import NIOCore
import PostgresKit
import PostgresNIO
import SQLKit
import Sluice
import SluiceSQL

/// PostgreSQL values by column type: `smallint`/`integer`/`bigint`/`oid` → `.int`,
/// `real`/`double precision` → `.double`, `numeric` → `.decimal` (exact, parsed from the wire
/// digits, never through `Double`; NaN and ±Infinity become `.double`), `text`/`varchar`/
/// `char(n)`/`name`/`uuid`/`json`/`jsonb` → `.string`, `boolean` → `.bool`, `date` → `.date`,
/// `timestamp`/`timestamptz` → `.timestamp` (a `timestamp` without time zone is read as UTC),
/// `bytea` → `.bytes`.
///
/// Other types (`interval`, `time`, `money`, arrays, geometric and network types...) are refused
/// with a validation error that suggests casting the column to text in the query.
extension PostgresDriver: RecordRowDecoding {
    /// The row as a record, one value per column by its PostgreSQL type.
    public func record(from row: any SQLRow) throws -> Record {
        try PostgresRecordDecoder.record(from: row, columns: try SQLRowConversion.columns(of: row))
    }

    /// The rows as records, reading the column names once.
    public func records(from rows: [any SQLRow]) throws -> [Record] {
        guard let first = rows.first else { return [] }
        let columns = try SQLRowConversion.columns(of: first)
        var out: [Record] = []
        out.reserveCapacity(rows.count)
        for row in rows { out.append(try PostgresRecordDecoder.record(from: row, columns: columns)) }
        return out
    }
}

/// The conversion of PostgreSQL cells (type OID, format, bytes) to ``Sluice/RecordValue``.
enum PostgresRecordDecoder {
    static func record(from row: any SQLRow, columns: [String]) throws -> Record {
        var values: [RecordValue] = []
        values.reserveCapacity(columns.count)
        for column in columns {
            if try row.decodeNil(column: column) {
                values.append(.null)
            } else {
                let cell = try row.decode(column: column, as: PostgresRawCell.self)
                values.append(try value(cell, column: column))
            }
        }
        return Record(names: columns, values: values)
    }

    static func value(_ cell: PostgresRawCell, column: String) throws -> RecordValue {
        var buffer = cell.bytes
        let context = PostgresDecodingContext.default
        do {
            switch cell.type {
            case .int2, .int4, .int8:
                return .int(try Int(from: &buffer, type: cell.type, format: cell.format, context: context))
            case .oid:
                if cell.format == .binary, buffer.readableBytes == 4, let v = buffer.readInteger(as: UInt32.self) { return .int(Int(v)) }
                if cell.format == .text, let v = buffer.readString(length: buffer.readableBytes).flatMap({ Int($0) }) { return .int(v) }
                throw PostgresDecodingError.Code.failure
            case .float4, .float8:
                return .double(try Double(from: &buffer, type: cell.type, format: cell.format, context: context))
            case .numeric:
                return try numeric(&buffer, format: cell.format, column: column)
            case .bool:
                return .bool(try Bool(from: &buffer, type: cell.type, format: cell.format, context: context))
            case .text, .varchar, .bpchar, .name, .char, .json, .jsonb, .unknown:
                return .string(try String(from: &buffer, type: cell.type, format: cell.format, context: context))
            case .uuid:
                // PostgreSQL prints UUIDs in lower case; keep that spelling.
                return .string(try String(from: &buffer, type: cell.type, format: cell.format, context: context).lowercased())
            case .bytea:
                guard cell.format == .binary else { break }
                return .bytes(Array(buffer.readableBytesView))
            case .date:
                return .date(try date(&buffer, format: cell.format, column: column))
            case .timestamp, .timestamptz:
                return .timestamp(try timestamp(&buffer, cell: cell, column: column))
            default:
                break
            }
        } catch let error as BatchError {
            throw error
        } catch {
            throw SQLRowConversion.unsupported(column: column, "cannot read the PostgreSQL \(cell.type) value (\(error))")
        }
        throw SQLRowConversion.unsupported(
            column: column,
            "the sql reader does not convert the PostgreSQL type \(cell.type) (OID \(cell.type.rawValue)); cast it in the query, e.g. \(column)::text")
    }

    // MARK: numeric

    /// An exact decimal from `numeric`'s binary form: base-10000 digits with a weight (the power of
    /// 10000 of the first digit), a sign and a display scale. Values with more significant digits
    /// than `Decimal` holds (38) are refused rather than rounded.
    static func numeric(_ buffer: inout ByteBuffer, format: PostgresFormat, column: String) throws -> RecordValue {
        if format == .text {
            let text = buffer.readString(length: buffer.readableBytes) ?? ""
            switch text {
            case "NaN": return .double(.nan)
            case "Infinity": return .double(.infinity)
            case "-Infinity": return .double(-.infinity)
            default:
                guard let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) else {
                    throw SQLRowConversion.unsupported(column: column, "'\(text)' is not a numeric value")
                }
                return .decimal(value)
            }
        }
        guard let ndigits = buffer.readInteger(as: Int16.self), let weight = buffer.readInteger(as: Int16.self),
              let sign = buffer.readInteger(as: UInt16.self), buffer.readInteger(as: Int16.self) != nil,
              ndigits >= 0, buffer.readableBytes == Int(ndigits) * 2
        else { throw SQLRowConversion.unsupported(column: column, "malformed numeric value") }
        switch sign {
        case 0xC000: return .double(.nan)
        case 0xD000: return .double(.infinity)
        case 0xF000: return .double(-.infinity)
        case 0x0000, 0x4000: break
        default: throw SQLRowConversion.unsupported(column: column, "malformed numeric sign \(sign)")
        }
        // The digits as one decimal integer N, so that the value is N × 10^(4 × (weight − ndigits + 1)).
        var digits = ""
        digits.reserveCapacity(Int(ndigits) * 4)
        for _ in 0..<ndigits {
            guard let group = buffer.readInteger(as: Int16.self), (0..<10_000).contains(group) else {
                throw SQLRowConversion.unsupported(column: column, "malformed numeric digit")
            }
            let text = String(group)
            digits += String(repeating: "0", count: 4 - text.count) + text
        }
        var exponent = 4 * (Int(weight) - Int(ndigits) + 1)
        var significant = Substring(digits.drop(while: { $0 == "0" }))
        guard !significant.isEmpty else { return .decimal(0) }
        while significant.last == "0" {
            significant.removeLast()
            exponent += 1
        }
        guard significant.count <= 38 else {
            throw SQLRowConversion.unsupported(column: column, "the numeric value has \(significant.count) significant digits; a decimal holds at most 38 (cast it to text to keep every digit)")
        }
        guard exponent >= -128, exponent <= 127, let magnitude = Decimal(string: String(significant)) else {
            throw SQLRowConversion.unsupported(column: column, "the numeric value is out of the decimal range")
        }
        return .decimal(Decimal(sign: sign == 0x4000 ? .minus : .plus, exponent: exponent, significand: magnitude))
    }

    // MARK: date and time

    /// Seconds from 1970-01-01 to PostgreSQL's epoch, 2000-01-01.
    static let epochOffset: Int64 = 946_684_800

    static func date(_ buffer: inout ByteBuffer, format: PostgresFormat, column: String) throws -> CalendarDate {
        if format == .text {
            let text = buffer.readString(length: buffer.readableBytes) ?? ""
            guard let value = CalendarDate(text) else { throw SQLRowConversion.unsupported(column: column, "the date '\(text)' has no yyyy-MM-dd form") }
            return value
        }
        guard buffer.readableBytes == 4, let days = buffer.readInteger(as: Int32.self) else {
            throw SQLRowConversion.unsupported(column: column, "malformed date value")
        }
        guard days != .max, days != .min, let value = CalendarDate(daysSince1970: Int(days) + 10_957) else {
            throw SQLRowConversion.unsupported(column: column, "the date is infinite or outside years 1...9999")
        }
        return value
    }

    static func timestamp(_ buffer: inout ByteBuffer, cell: PostgresRawCell, column: String) throws -> Date {
        guard cell.format == .binary else {
            return try Date(from: &buffer, type: cell.type, format: cell.format, context: .default)
        }
        guard buffer.readableBytes == 8, let micros = buffer.readInteger(as: Int64.self) else {
            throw SQLRowConversion.unsupported(column: column, "malformed timestamp value")
        }
        guard micros != .max, micros != .min else { throw SQLRowConversion.unsupported(column: column, "the timestamp is infinite") }
        // Whole seconds and the microsecond fraction apart, so milliseconds survive exactly as
        // `Date(timeIntervalSince1970: seconds.fraction)` would hold them.
        let (seconds, fraction) = micros.quotientAndRemainder(dividingBy: 1_000_000)
        let (whole, micro) = fraction < 0 ? (seconds - 1, fraction + 1_000_000) : (seconds, fraction)
        return Date(timeIntervalSince1970: Double(whole + epochOffset) + Double(micro) / 1_000_000)
    }
}

/// A cell's type, format and bytes, captured through `SQLRow.decode(column:as:)`: PostgresKit
/// hands a `PostgresDecodable` type the cell as received, so the type OID is visible.
struct PostgresRawCell: PostgresDecodable, Decodable {
    let type: PostgresDataType
    let format: PostgresFormat
    let bytes: ByteBuffer

    init<JSONDecoder: PostgresJSONDecoder>(from buffer: inout ByteBuffer, type: PostgresDataType, format: PostgresFormat,
                                           context: PostgresDecodingContext<JSONDecoder>) throws {
        self.type = type
        self.format = format
        bytes = buffer
        buffer.moveReaderIndex(forwardBy: buffer.readableBytes)
    }

    /// Only reachable when a decoder bypasses `PostgresDecodable`, which PostgresKit never does.
    init(from decoder: any Decoder) throws {
        throw DecodingError.typeMismatch(PostgresRawCell.self, .init(codingPath: decoder.codingPath, debugDescription: "raw PostgreSQL cells come only from PostgresKit rows"))
    }
}
