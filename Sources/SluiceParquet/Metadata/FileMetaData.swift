/// The Parquet footer (Thrift `FileMetaData`): schema, row groups and key-value metadata.
struct FileMetaData: Hashable, Sendable {
    var version: Int32
    var schema: [SchemaElement]
    var numRows: Int64
    var rowGroups: [RowGroup]
    var keyValueMetadata: [KeyValue]?
    var createdBy: String?
    /// Number of leaf columns declaring the type-defined sort order (each `ColumnOrder` is `TYPE_ORDER`).
    var typeDefinedColumnOrders: Int?
}

extension FileMetaData: ThriftCompactEncodable, ThriftCompactDecodable {
    func encode(to writer: inout ThriftCompactWriter) {
        writer.writeI32Field(1, version)
        writer.writeListField(2, schema)
        writer.writeI64Field(3, numRows)
        writer.writeListField(4, rowGroups)
        if let keyValueMetadata { writer.writeListField(5, keyValueMetadata) }
        if let createdBy { writer.writeStringField(6, createdBy) }
        if let typeDefinedColumnOrders {
            writer.writeFieldHeader(.list, id: 7)
            writer.writeListHeader(.struct, count: typeDefinedColumnOrders)
            for _ in 0..<typeDefinedColumnOrders {
                writer.writeStruct { $0.writeStructField(1) { _ in } }
            }
        }
    }

    init(from reader: inout ThriftCompactReader) throws {
        let offset = reader.absoluteOffset
        try reader.beginStruct()
        var version: Int32?
        var schema: [SchemaElement]?
        var numRows: Int64?
        var rowGroups: [RowGroup]?
        while let field = try reader.readFieldHeader() {
            switch (field.id, field.type) {
            case (1, .i32): version = try reader.readI32()
            case (2, .list): schema = try reader.readStructList(SchemaElement.self)
            case (3, .i64): numRows = try reader.readI64()
            case (4, .list): rowGroups = try reader.readStructList(RowGroup.self)
            case (5, .list): keyValueMetadata = try reader.readStructList(KeyValue.self)
            case (6, .binary): createdBy = try reader.readString()
            case (7, .list):
                let header = try reader.readListHeader()
                for _ in 0..<header.count { try reader.skip(header.elementType) }
                typeDefinedColumnOrders = header.count
            default: try reader.skip(field.type)
            }
        }
        reader.endStruct()
        guard let version, let schema, let numRows, let rowGroups else {
            throw ParquetError.malformed("FileMetaData misses a required field", at: offset)
        }
        self.version = version
        self.schema = schema
        self.numRows = numRows
        self.rowGroups = rowGroups
    }
}
