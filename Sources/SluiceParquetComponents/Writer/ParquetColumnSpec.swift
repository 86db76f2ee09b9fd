import Sluice
import SluiceParquet

/// One output column as declared in a job file's `columns` list of the `parquet` writer:
/// `{name: amount, type: decimal, precision: 12, scale: 2, nullable: false}`.
///
/// Also the form in which the writer saves its schema in the step context, so a restart writes
/// the same schema even when it was inferred.
public struct ParquetColumnSpec: Codable, Sendable, Hashable {
    /// The column name (the record field it takes its value from).
    public var name: String
    /// `string`, `int` (64-bit), `double`, `decimal`, `bool`, `date`, `timestamp` or `bytes`.
    public var type: String
    /// Whether the column may hold nulls (default true).
    public var nullable: Bool?
    /// Total digits of a `decimal` (1...38; required for decimals).
    public var precision: Int?
    /// Fraction digits of a `decimal` (default 0).
    public var scale: Int?
    /// Resolution of a `timestamp`: `millis` or `micros` (default `micros`).
    public var unit: String?

    /// A column declaration.
    public init(name: String, type: String, nullable: Bool? = nil, precision: Int? = nil, scale: Int? = nil, unit: String? = nil) {
        self.name = name
        self.type = type
        self.nullable = nullable
        self.precision = precision
        self.scale = scale
        self.unit = unit
    }

    /// The type names a declaration may use.
    static let typeNames = ["string", "int", "double", "decimal", "bool", "date", "timestamp", "bytes"]

    /// The Parquet column, or a `validation` error naming `component` and the column.
    func column(component: String) throws -> ParquetColumn {
        let label = "\(component): column '\(name)'"
        guard !name.isEmpty else { throw BatchError(.validation, "\(component): a column needs a non-empty 'name'") }
        let columnType: ParquetColumnType
        switch type {
        case "string": columnType = .string
        case "int": columnType = .int64
        case "double": columnType = .double
        case "bool": columnType = .boolean
        case "date": columnType = .date
        case "bytes": columnType = .binary
        case "timestamp":
            switch unit ?? "micros" {
            case "millis", "milliseconds": columnType = .timestamp(.milliseconds)
            case "micros", "microseconds": columnType = .timestamp(.microseconds)
            default: throw BatchError(.validation, "\(label): 'unit' must be millis or micros, not '\(unit ?? "")'")
            }
        case "decimal":
            guard let precision else { throw BatchError(.validation, "\(label): a decimal needs 'precision'") }
            let scale = scale ?? 0
            guard (1...ExactDecimal.maximumDigits).contains(precision), (0...precision).contains(scale) else {
                throw BatchError(.validation, "\(label): decimal precision must be 1...38 and scale 0...precision, "
                    + "not \(precision)/\(scale)")
            }
            columnType = .decimal(ParquetDecimalType(precision: precision, scale: scale))
        default:
            throw BatchError(.validation, "\(label): unknown type '\(type)'; expected one of \(Self.typeNames.joined(separator: ", "))")
        }
        if type != "timestamp", unit != nil { throw BatchError(.validation, "\(label): 'unit' applies to timestamps only") }
        if type != "decimal", precision != nil || scale != nil {
            throw BatchError(.validation, "\(label): 'precision' and 'scale' apply to decimals only")
        }
        return ParquetColumn(name, columnType, isOptional: nullable ?? true)
    }

    /// The declaration of a column this module writes (the inverse of ``column(component:)``).
    init(_ column: ParquetColumn) {
        var spec = ParquetColumnSpec(name: column.name, type: "string", nullable: column.isOptional)
        switch column.type {
        case .int64, .int32: spec.type = "int"
        case .double, .float: spec.type = "double"
        case .boolean: spec.type = "bool"
        case .date: spec.type = "date"
        case .binary, .fixedLengthBinary, .int96: spec.type = "bytes"
        case .timestamp(let unit):
            spec.type = "timestamp"
            spec.unit = unit == .milliseconds ? "millis" : "micros"
        case .decimal(let decimal):
            spec.type = "decimal"
            spec.precision = decimal.precision
            spec.scale = decimal.scale
        case .string: spec.type = "string"
        }
        self = spec
    }
}
