import Foundation
import Sluice
import SluiceParquet

/// Turns a ``Sluice/Record`` into one row of a typed column batch (values in schema order), checking every value
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
    /// Each column's type and nullability, taken out of the schema once: copying a
    /// ``ParquetColumn`` (its name, its list shape) per cell was a tenth of the encoding time.
    let kinds: [(type: ParquetColumnType, isOptional: Bool)]

    init(schema: ParquetSchema, label: String) {
        self.schema = schema
        self.label = label
        kinds = schema.columns.map { ($0.type, $0.isOptional) }
    }

    /// Appends `record` as one row of `batch` (a batch of the schema's columns), or throws a
    /// `validation` error and leaves `batch` as it was.
    mutating func append(_ record: Record, to batch: inout ParquetColumnBatch) throws {
        let positions = positions(for: record.names)
        let values = record.values
        let rows = batch.rowCount
        for index in kinds.indices {
            let value = positions[index].map { values[$0] } ?? .null
            switch Self.append(value, type: kinds[index].type, isOptional: kinds[index].isOptional, to: &batch.buffers[index]) {
            case .appended: continue
            case .mismatch:
                batch.removeRows(from: rows)
                let column = schema.columns[index]
                throw BatchError(.validation, "\(label): field '\(column.name)' holds \(value.typeName) '\(value)', "
                    + "which does not fit the column type \(ParquetColumnSpec(column).typeDescription)")
            case .nullInRequired:
                batch.removeRows(from: rows)
                throw BatchError(.validation, "\(label): field '\(schema.columns[index].name)' is null but the column is required")
            }
        }
    }

    /// What ``append(_:for:to:)`` did.
    enum Outcome {
        case appended, mismatch, nullInRequired
    }

    /// Appends `value` to a buffer of a column of `type`, straight into its typed array; nothing
    /// is appended unless the outcome is `appended`.
    @inline(__always)
    static func append(_ value: RecordValue, type: ParquetColumnType, isOptional: Bool, to buffer: inout ParquetColumnBuffer) -> Outcome {
        switch (type, value) {
        case (_, .null):
            guard isOptional else { return .nullInRequired }
            buffer.appendNull()
        case (.int64, .int(let v)): buffer.append(Int64(v))
        case (.double, .double(let v)): buffer.append(v)
        case (.double, .int(let v)): buffer.append(Double(v))
        case (.string, .string(let v)): buffer.append(string: v)
        case (.binary, .bytes(let v)): buffer.append(bytes: v)
        case (.boolean, .bool(let v)): buffer.append(v)
        case (.date, .date(let v)):
            guard let days = Int32(exactly: v.daysSince1970) else { return .mismatch }
            buffer.append(days)
        case (.timestamp(let unit), .timestamp(let v)):
            guard let ticks = TimestampTicks.ticks(v, unit: unit) else { return .mismatch }
            buffer.append(ticks)
        case (.decimal(let d), .decimal(let v)):
            guard let decimal = ExactDecimal.parquet(v, scale: d.scale, precision: d.precision), buffer.append(decimal: decimal) else {
                return .mismatch
            }
        case (.decimal(let d), .int(let v)):
            guard let decimal = ExactDecimal.parquet(Decimal(v), scale: d.scale, precision: d.precision), buffer.append(decimal: decimal) else {
                return .mismatch
            }
        default: return .mismatch
        }
        return .appended
    }

    /// The position of each column's field in records with these `names`.
    mutating func positions(for names: [String]) -> [Int?] {
        if let layout, layout.names == names { return layout.positions }
        let positions = schema.columns.map { names.firstIndex(of: $0.name) }
        layout = (names, positions)
        return positions
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
