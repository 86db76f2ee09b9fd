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

    /// Rebuilds the schema from footer schema elements (a depth-first tree): primitive fields, and
    /// lists of primitives in their standard, legacy and bare-repeated forms. Any other nesting is
    /// unsupported and named.
    init(elements: [SchemaElement]) throws {
        guard let root = elements.first else { throw ParquetError(.malformed, "empty schema") }
        var cursor = 1
        var columns: [ParquetColumn] = []
        for _ in 0..<max(0, Int(root.numChildren ?? 0)) {
            columns.append(try Self.topLevelColumn(elements, &cursor))
        }
        guard cursor == elements.count else {
            throw ParquetError(.malformed, "schema declares \(cursor - 1) elements below the root, the footer has \(elements.count - 1)")
        }
        self.init(columns)
    }

    /// The column rooted at `elements[cursor]`, moving the cursor past its subtree.
    private static func topLevelColumn(_ elements: [SchemaElement], _ cursor: inout Int) throws -> ParquetColumn {
        let field = try next(elements, &cursor)
        let children = Int(field.numChildren ?? 0)
        if children == 0 {
            guard let physical = field.type else { throw ParquetError(.malformed, "field \(field.name) has neither a type nor children") }
            let type = try columnType(of: field, physical: physical)
            if field.repetition == .repeated {
                // A bare repeated primitive: a required list of required elements.
                var column = ParquetColumn(field.name, type, isOptional: false)
                column.list = ParquetListShape(isListOptional: false, isElementOptional: false)
                return column
            }
            return ParquetColumn(field.name, type, isOptional: field.repetition == .optional)
        }
        let isList = field.convertedType == .list || field.logicalType == .other(fieldID: 3)
        guard isList, children == 1, field.repetition != .repeated else { throw unsupported(field) }
        let repeated = try next(elements, &cursor)
        guard repeated.repetition == .repeated else { throw unsupported(field) }
        let element: SchemaElement
        let elementOptional: Bool
        switch Int(repeated.numChildren ?? 0) {
        case 0:
            element = repeated  // two-level: the repeated field is the element
            elementOptional = false
        case 1:
            element = try next(elements, &cursor)
            guard (element.numChildren ?? 0) == 0, element.repetition != .repeated else { throw unsupported(field) }
            elementOptional = element.repetition == .optional
        default:
            throw unsupported(field)
        }
        guard let physical = element.type else { throw unsupported(field) }
        var column = ParquetColumn(field.name, try columnType(of: element, physical: physical), isOptional: field.repetition == .optional)
        column.list = ParquetListShape(isListOptional: field.repetition == .optional, isElementOptional: elementOptional)
        return column
    }

    private static func next(_ elements: [SchemaElement], _ cursor: inout Int) throws -> SchemaElement {
        guard cursor < elements.count else { throw ParquetError(.malformed, "schema tree declares more children than the footer holds") }
        defer { cursor += 1 }
        return elements[cursor]
    }

    private static func unsupported(_ field: SchemaElement) -> ParquetError {
        ParquetError(.unsupported, "field \(field.name): nested groups other than lists of primitives (structs, maps, lists of lists) are not supported")
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
