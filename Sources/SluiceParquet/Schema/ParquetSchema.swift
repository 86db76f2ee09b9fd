/// A flat Parquet schema: an ordered list of required and optional leaf columns — and, in files
/// being read, lists of primitives (``ParquetColumn/list``).
///
/// Other nested shapes (structs, maps, lists of lists or of structs) are not supported; reading a
/// file with such a schema throws ``ParquetError/Code-swift.struct/unsupported`` naming the field.
public struct ParquetSchema: Hashable, Sendable {
    /// The leaf columns, in file order.
    public var columns: [ParquetColumn]

    /// Creates a schema from its columns.
    public init(_ columns: [ParquetColumn]) {
        self.columns = columns
    }

    /// The index of the column with the given name.
    public func index(of name: String) -> Int? {
        columns.firstIndex { $0.name == name }
    }

    /// Checks that the schema can be written: at least one column, unique non-empty names, valid types.
    public func validate() throws {
        guard !columns.isEmpty else { throw ParquetError(.invalidSchema, "a schema needs at least one column") }
        var seen = Set<String>()
        for column in columns {
            guard !column.name.isEmpty else { throw ParquetError(.invalidSchema, "column names must not be empty") }
            guard seen.insert(column.name).inserted else {
                throw ParquetError(.invalidSchema, "duplicate column name \(column.name)")
            }
            guard column.list == nil else { throw ParquetError(.invalidSchema, "column \(column.name): list columns are read only") }
            switch column.type {
            case .int96:
                throw ParquetError(.invalidSchema, "column \(column.name): INT96 is read only")
            case .fixedLengthBinary(let width):
                guard width > 0 else { throw ParquetError(.invalidSchema, "column \(column.name): width must be positive") }
            case .decimal(let decimal):
                guard decimal.precision > 0, decimal.scale >= 0, decimal.scale <= decimal.precision else {
                    throw ParquetError(.invalidSchema, "column \(column.name): invalid precision/scale \(decimal.precision)/\(decimal.scale)")
                }
                if case .byteArray = decimal.storage {
                    throw ParquetError(.invalidSchema, "column \(column.name): BYTE_ARRAY decimals are read only")
                }
                if case .fixedLength(let width) = decimal.storage, width <= 0 {
                    throw ParquetError(.invalidSchema, "column \(column.name): width must be positive")
                }
                guard decimal.precision <= decimal.maximumPrecision else {
                    throw ParquetError(.invalidSchema, "column \(column.name): precision \(decimal.precision) does not fit \(decimal.storage)")
                }
            case .timestamp(let unit):
                guard unit != .nanoseconds else {
                    throw ParquetError(.invalidSchema, "column \(column.name): nanosecond timestamps are read only")
                }
            default: break
            }
        }
    }
}
