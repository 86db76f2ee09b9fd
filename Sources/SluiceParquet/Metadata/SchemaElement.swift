/// One node of the flattened Parquet schema tree (Thrift `SchemaElement`).
struct SchemaElement: Hashable, Sendable {
    var type: PhysicalType?
    var typeLength: Int32?
    var repetition: FieldRepetition?
    var name: String
    var numChildren: Int32?
    var convertedType: ConvertedType?
    var scale: Int32?
    var precision: Int32?
    var fieldID: Int32?
    var logicalType: LogicalType?
}

extension SchemaElement: ThriftCompactEncodable, ThriftCompactDecodable {
    func encode(to writer: inout ThriftCompactWriter) {
        if let type { writer.writeI32Field(1, type.rawValue) }
        if let typeLength { writer.writeI32Field(2, typeLength) }
        if let repetition { writer.writeI32Field(3, repetition.rawValue) }
        writer.writeStringField(4, name)
        if let numChildren { writer.writeI32Field(5, numChildren) }
        if let convertedType { writer.writeI32Field(6, convertedType.rawValue) }
        if let scale { writer.writeI32Field(7, scale) }
        if let precision { writer.writeI32Field(8, precision) }
        if let fieldID { writer.writeI32Field(9, fieldID) }
        if let logicalType { writer.writeStructField(10, logicalType) }
    }

    init(from reader: inout ThriftCompactReader) throws {
        let offset = reader.absoluteOffset
        try reader.beginStruct()
        var name: String?
        self.name = ""
        while let field = try reader.readFieldHeader() {
            let fieldOffset = reader.absoluteOffset
            switch (field.id, field.type) {
            case (1, .i32):
                let raw = try reader.readI32()
                guard let type = PhysicalType(rawValue: raw) else {
                    throw ParquetError.malformed("unknown physical type \(raw)", at: fieldOffset)
                }
                self.type = type
            case (2, .i32): typeLength = try reader.readI32()
            case (3, .i32):
                let raw = try reader.readI32()
                guard let repetition = FieldRepetition(rawValue: raw) else {
                    throw ParquetError.malformed("unknown repetition \(raw)", at: fieldOffset)
                }
                self.repetition = repetition
            case (4, .binary): name = try reader.readString()
            case (5, .i32): numChildren = try reader.readI32()
            case (6, .i32): convertedType = ConvertedType(rawValue: try reader.readI32())
            case (7, .i32): scale = try reader.readI32()
            case (8, .i32): precision = try reader.readI32()
            case (9, .i32): fieldID = try reader.readI32()
            case (10, .struct): logicalType = try LogicalType(from: &reader)
            default: try reader.skip(field.type)
            }
        }
        reader.endStruct()
        guard let name else { throw ParquetError.malformed("SchemaElement without name", at: offset) }
        self.name = name
    }
}
