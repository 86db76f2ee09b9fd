import Foundation
import Sluice
import SluiceParquet

/// Turns a ``Sluice/Record`` into one Parquet row (values in schema order), checking every value
/// against its column: a value of another type, a null in a required column, a decimal that needs
/// rounding or more digits than the column has, all throw a `validation` error naming the field.
///
/// Fields the schema does not name are ignored; a missing field is null. `int` values widen to
/// `double` and `decimal` columns; nothing narrows.
struct ParquetRowEncoder: Sendable {
    /// The schema rows follow.
    let schema: ParquetSchema
    /// Names the writer in errors.
    let label: String
    /// Where each column's field sits in records named like the last one seen: records of a
    /// chunk usually share one names array, so the fields are looked up once, not per record.
    private var layout: (names: [String], positions: [Int?])?

    init(schema: ParquetSchema, label: String) {
        self.schema = schema
        self.label = label
    }

    /// The row of `record`, or a `validation` error; nothing is kept on error.
    mutating func row(_ record: Record) throws -> [ParquetValue] {
        let positions = positions(for: record.names)
        let values = record.values
        var row: [ParquetValue] = []
        row.reserveCapacity(schema.columns.count)
        for (index, column) in schema.columns.enumerated() {
            let value = positions[index].map { values[$0] } ?? .null
            guard let cell = Self.cell(value, for: column.type) else {
                throw BatchError(.validation, "\(label): field '\(column.name)' holds \(value.typeName) '\(value)', "
                    + "which does not fit the column type \(ParquetColumnSpec(column).typeDescription)")
            }
            if cell.isNull, !column.isOptional {
                throw BatchError(.validation, "\(label): field '\(column.name)' is null but the column is required")
            }
            row.append(cell)
        }
        return row
    }

    /// The position of each column's field in records with these `names`.
    private mutating func positions(for names: [String]) -> [Int?] {
        if let layout, layout.names == names { return layout.positions }
        let positions = schema.columns.map { names.firstIndex(of: $0.name) }
        layout = (names, positions)
        return positions
    }

    /// The cell for `value` in a column of `type`, or nil when it does not fit.
    static func cell(_ value: RecordValue, for type: ParquetColumnType) -> ParquetValue? {
        if case .null = value { return .null }
        switch (type, value) {
        case (.int64, .int(let v)): return .int64(Int64(v))
        case (.double, .double(let v)): return .double(v)
        case (.double, .int(let v)): return .double(Double(v))
        case (.string, .string(let v)): return .string(v)
        case (.binary, .bytes(let v)): return .bytes(v)
        case (.boolean, .bool(let v)): return .bool(v)
        case (.date, .date(let v)):
            let days = v.daysSince1970
            return Int32(exactly: days).map { .date($0) }
        case (.timestamp(let unit), .timestamp(let v)):
            return TimestampTicks.ticks(v, unit: unit).map { .timestamp($0, unit) }
        case (.decimal(let d), .decimal(let v)):
            return ExactDecimal.parquet(v, scale: d.scale, precision: d.precision).map { .decimal($0) }
        case (.decimal(let d), .int(let v)):
            return ExactDecimal.parquet(Decimal(v), scale: d.scale, precision: d.precision).map { .decimal($0) }
        default: return nil
        }
    }
}

extension ParquetColumnSpec {
    /// `decimal(12,2)`, `timestamp(micros)`, `int`... for error messages.
    var typeDescription: String {
        switch type {
        case "decimal": "decimal(\(precision ?? 0),\(scale ?? 0))"
        case "timestamp": "timestamp(\(unit ?? "micros"))"
        default: type
        }
    }
}
