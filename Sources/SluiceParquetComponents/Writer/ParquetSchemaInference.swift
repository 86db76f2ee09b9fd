import Sluice
import SluiceParquet

/// Infers the output schema from the first chunk when the job file declares no `columns`.
///
/// Columns come in the order fields first appear; each takes the type of its non-null values
/// (`int` → 64-bit integer; `int` mixed with `double` → double; decimals get precision 38 and the
/// largest scale seen). A field that is null in every record becomes a string column. Every
/// inferred column is optional. Fields whose values mix other types are a `validation` error.
enum ParquetSchemaInference {
    /// The schema for `records`, or nil when they have no fields at all.
    static func schema(for records: [Record], label: String) throws -> ParquetSchema? {
        var names: [String] = []
        var kinds: [String: RecordValue] = [:]
        var scales: [String: Int] = [:]
        for record in records {
            for (name, value) in record.fields {
                if kinds[name] == nil, !names.contains(name) { names.append(name) }
                if case .decimal(let d) = value { scales[name] = max(scales[name] ?? 0, ExactDecimal.scale(of: d)) }
                guard !value.isNull else { continue }
                guard let seen = kinds[name] else {
                    kinds[name] = value
                    continue
                }
                switch (seen, value) {
                case (.int, .double): kinds[name] = value
                case (.double, .int): break
                case (.decimal, .int): break
                case (.int, .decimal): kinds[name] = value
                default:
                    guard seen.typeName == value.typeName else {
                        throw BatchError(.validation, "\(label): field '\(name)' holds both \(seen.typeName) and \(value.typeName) "
                            + "in the first chunk; declare 'columns' to fix its type")
                    }
                }
            }
        }
        guard !names.isEmpty else { return nil }
        return ParquetSchema(names.map { name in
            ParquetColumn(name, columnType(kinds[name] ?? .null, scale: scales[name] ?? 0), isOptional: true)
        })
    }

    private static func columnType(_ sample: RecordValue, scale: Int) -> ParquetColumnType {
        switch sample {
        case .null, .string: .string
        case .bool: .boolean
        case .int: .int64
        case .double: .double
        case .decimal: .decimal(ParquetDecimalType(precision: ExactDecimal.maximumDigits, scale: min(scale, ExactDecimal.maximumDigits)))
        case .date: .date
        case .timestamp: .timestamp(.microseconds)
        case .bytes: .binary
        }
    }
}
