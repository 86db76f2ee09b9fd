/// One column of one row group in the footer (Thrift `ColumnChunk`).
struct ColumnChunk: Hashable, Sendable {
    var filePath: String?
    var fileOffset: Int64
    var metaData: ColumnMetaData?
}

extension ColumnChunk: ThriftCompactEncodable, ThriftCompactDecodable {
    func encode(to writer: inout ThriftCompactWriter) {
        if let filePath { writer.writeStringField(1, filePath) }
        writer.writeI64Field(2, fileOffset)
        if let metaData { writer.writeStructField(3, metaData) }
    }

    init(from reader: inout ThriftCompactReader) throws {
        try reader.beginStruct()
        fileOffset = 0
        while let field = try reader.readFieldHeader() {
            switch (field.id, field.type) {
            case (1, .binary): filePath = try reader.readString()
            case (2, .i64): fileOffset = try reader.readI64()
            case (3, .struct): metaData = try ColumnMetaData(from: &reader)
            default: try reader.skip(field.type)
            }
        }
        reader.endStruct()
    }
}
