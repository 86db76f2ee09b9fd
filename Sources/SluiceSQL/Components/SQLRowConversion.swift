import Foundation
import SQLKit
import Sluice

/// Turns the rows of a result set into ``Sluice/Record``s with exact value types.
///
/// SQLKit's `SQLRow` only offers typed decode attempts, which cannot tell a `NUMERIC` from a
/// `DOUBLE`, or a date from a timestamp. A driver that can see its wire types conforms to this
/// protocol (SQLite and PostgreSQL do, in their own modules); readers find it with
/// `database.driver as? any RecordRowDecoding` and otherwise use ``GenericRecordRowDecoder``.
public protocol RecordRowDecoding: Sendable {
    /// The row as a record: one field per column, in column order.
    func record(from row: any SQLRow) throws -> Record
    /// The rows of one result set as records. The default calls ``record(from:)`` for each row;
    /// implementations may work out per-column facts once per result set instead.
    func records(from rows: [any SQLRow]) throws -> [Record]
}

extension RecordRowDecoding {
    /// Calls ``record(from:)`` for each row.
    public func records(from rows: [any SQLRow]) throws -> [Record] {
        var out: [Record] = []
        out.reserveCapacity(rows.count)
        for row in rows { out.append(try record(from: row)) }
        return out
    }
}

extension DatabaseConnection {
    /// The driver's ``RecordRowDecoding`` when it has one, else a ``GenericRecordRowDecoder``.
    public var recordRowDecoder: any RecordRowDecoding {
        driver as? any RecordRowDecoding ?? GenericRecordRowDecoder()
    }
}

/// Helpers shared by the drivers' ``RecordRowDecoding`` implementations.
public enum SQLRowConversion {
    /// The result's column names, checked to be distinct: a ``Sluice/Record`` cannot hold two
    /// fields of one name, and `SQLRow` can only look columns up by name.
    public static func columns(of row: any SQLRow) throws -> [String] {
        try distinct(row.allColumns)
    }

    /// `names` unchanged, or a validation error naming the first repeated column.
    public static func distinct(_ names: [String]) throws -> [String] {
        var seen = Set<String>()
        seen.reserveCapacity(names.count)
        for name in names where !seen.insert(name).inserted {
            throw BatchError(.validation, "the query returns the column '\(name)' more than once; give the columns distinct names (… AS name)")
        }
        return names
    }

    /// The error for a value that cannot be converted, naming the column and the cause.
    public static func unsupported(column: String, _ detail: String) -> BatchError {
        BatchError(.validation, "column '\(column)': \(detail)")
    }
}

/// The fallback for drivers without their own ``RecordRowDecoding``: tries typed decodes in a
/// fixed order — integer, decimal, double, boolean, timestamp, text, bytes — and remembers, per
/// column, the type that worked for the rest of the result set (trying it first next time).
///
/// This is best effort: through decode attempts alone a driver may not reveal whether a value
/// was a date or a timestamp, text or bytes, or (on drivers that convert freely) a number
/// stored as text. Drivers should conform to ``RecordRowDecoding`` instead.
public struct GenericRecordRowDecoder: RecordRowDecoding {
    /// Creates the decoder.
    public init() {}

    enum Kind: CaseIterable {
        case int, decimal, double, bool, timestamp, string, bytes
    }

    /// The row as a record, trying each type in order for every column.
    public func record(from row: any SQLRow) throws -> Record {
        var cache: [String: Kind] = [:]
        let columns = try SQLRowConversion.columns(of: row)
        return try record(from: row, columns: columns, cache: &cache)
    }

    /// The rows as records, remembering per column the type that worked.
    public func records(from rows: [any SQLRow]) throws -> [Record] {
        guard let first = rows.first else { return [] }
        let columns = try SQLRowConversion.columns(of: first)
        var cache: [String: Kind] = [:]
        var out: [Record] = []
        out.reserveCapacity(rows.count)
        for row in rows { out.append(try record(from: row, columns: columns, cache: &cache)) }
        return out
    }

    func record(from row: any SQLRow, columns: [String], cache: inout [String: Kind]) throws -> Record {
        var values: [RecordValue] = []
        values.reserveCapacity(columns.count)
        for column in columns {
            if try row.decodeNil(column: column) {
                values.append(.null)
                continue
            }
            if let known = cache[column], let value = Self.decode(row, column, as: known) {
                values.append(value)
                continue
            }
            var found: RecordValue?
            for kind in Kind.allCases {
                if let value = Self.decode(row, column, as: kind) {
                    cache[column] = kind
                    found = value
                    break
                }
            }
            guard let found else {
                throw SQLRowConversion.unsupported(column: column, "the value has a type the sql reader cannot convert; cast it to text in the query")
            }
            values.append(found)
        }
        return Record(names: columns, values: values)
    }

    static func decode(_ row: any SQLRow, _ column: String, as kind: Kind) -> RecordValue? {
        switch kind {
        case .int: (try? row.decode(column: column, as: Int.self)).map(RecordValue.int)
        case .decimal: (try? row.decode(column: column, as: Decimal.self)).map(RecordValue.decimal)
        case .double: (try? row.decode(column: column, as: Double.self)).map(RecordValue.double)
        case .bool: (try? row.decode(column: column, as: Bool.self)).map(RecordValue.bool)
        case .timestamp: (try? row.decode(column: column, as: Date.self)).map(RecordValue.timestamp)
        case .string: (try? row.decode(column: column, as: String.self)).map(RecordValue.string)
        case .bytes: (try? row.decode(column: column, as: Data.self)).map { .bytes([UInt8]($0)) }
        }
    }
}
