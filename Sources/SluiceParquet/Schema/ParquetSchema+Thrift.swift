extension ParquetSchema {
    /// The schema flattened into Thrift schema elements: a root group followed by one element per column,
    /// annotated with both the current logical type and the legacy converted type, as current writers do.
    var schemaElements: [SchemaElement] {
        var elements = [SchemaElement(name: "schema", numChildren: Int32(columns.count))]
        for column in columns {
            var element = SchemaElement(
                type: column.type.physicalType,
                repetition: column.isOptional ? .optional : .required,
                name: column.name
            )
            switch column.type {
            case .string:
                element.convertedType = .utf8
                element.logicalType = .string
            case .date:
                element.convertedType = .date
                element.logicalType = .date
            case .timestamp(let unit):
                element.convertedType = unit == .milliseconds ? .timestampMillis : .timestampMicros
                element.logicalType = .timestamp(isAdjustedToUTC: true, unit: unit)
            case .decimal(let decimal):
                element.convertedType = .decimal
                element.scale = Int32(decimal.scale)
                element.precision = Int32(decimal.precision)
                element.logicalType = .decimal(scale: Int32(decimal.scale), precision: Int32(decimal.precision))
            default: break
            }
            if let width = column.type.fixedWidth, column.type.physicalType == .fixedLenByteArray {
                element.typeLength = Int32(width)
            }
            elements.append(element)
        }
        return elements
    }

    /// Rebuilds a flat schema from footer schema elements; nested or repeated schemas are unsupported.
    init(elements: [SchemaElement]) throws {
        guard let root = elements.first else { throw ParquetError(.malformed, "empty schema") }
        guard Int(root.numChildren ?? 0) == elements.count - 1 else {
            throw ParquetError(.unsupported, "nested schemas are not supported (root declares \(root.numChildren ?? 0) children, \(elements.count - 1) elements follow)")
        }
        var columns: [ParquetColumn] = []
        for element in elements.dropFirst() {
            guard (element.numChildren ?? 0) == 0, let physical = element.type else {
                throw ParquetError(.unsupported, "nested schemas are not supported (group \(element.name))")
            }
            guard element.repetition != .repeated else {
                throw ParquetError(.unsupported, "repeated column \(element.name) is not supported")
            }
            let type = try Self.columnType(of: element, physical: physical)
            columns.append(ParquetColumn(element.name, type, isOptional: element.repetition == .optional))
        }
        self.init(columns)
    }

    private static func columnType(of element: SchemaElement, physical: PhysicalType) throws -> ParquetColumnType {
        let decimal: (precision: Int, scale: Int)? = {
            if case .decimal(let scale, let precision) = element.logicalType { return (Int(precision), Int(scale)) }
            if element.convertedType == .decimal, let precision = element.precision {
                return (Int(precision), Int(element.scale ?? 0))
            }
            return nil
        }()
        switch physical {
        case .boolean: return .boolean
        case .float: return .float
        case .double: return .double
        case .int96: return .int96
        case .int32:
            if let decimal { return .decimal(ParquetDecimalType(precision: decimal.precision, scale: decimal.scale, storage: .int32)) }
            if element.logicalType == .date || element.convertedType == .date { return .date }
            return .int32
        case .int64:
            if let decimal { return .decimal(ParquetDecimalType(precision: decimal.precision, scale: decimal.scale, storage: .int64)) }
            if case .timestamp(_, let unit) = element.logicalType { return .timestamp(unit) }
            if element.convertedType == .timestampMillis { return .timestamp(.milliseconds) }
            if element.convertedType == .timestampMicros { return .timestamp(.microseconds) }
            return .int64
        case .byteArray:
            if let decimal { return .decimal(ParquetDecimalType(precision: decimal.precision, scale: decimal.scale, storage: .byteArray)) }
            let textualConverted: Set<Int32> = [0, 4, 19]  // UTF8, ENUM, JSON
            let textualLogical: Set<Int16> = [4, 12]  // ENUM, JSON
            if element.logicalType == .string { return .string }
            if case .other(let id) = element.logicalType, textualLogical.contains(id) { return .string }
            if let converted = element.convertedType, textualConverted.contains(converted.rawValue) { return .string }
            return .binary
        case .fixedLenByteArray:
            guard let length = element.typeLength, length > 0 else {
                throw ParquetError(.malformed, "FIXED_LEN_BYTE_ARRAY column \(element.name) without a positive type_length")
            }
            if let decimal {
                return .decimal(ParquetDecimalType(precision: decimal.precision, scale: decimal.scale, storage: .fixedLength(Int(length))))
            }
            return .fixedLengthBinary(Int(length))
        }
    }
}
