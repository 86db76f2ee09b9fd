/// A key-value metadata pair stored in the footer (Thrift `KeyValue`).
struct KeyValue: Hashable, Sendable {
    var key: String
    var value: String?
}

extension KeyValue: ThriftCompactEncodable, ThriftCompactDecodable {
    func encode(to writer: inout ThriftCompactWriter) {
        writer.writeStringField(1, key)
        if let value { writer.writeStringField(2, value) }
    }

    init(from reader: inout ThriftCompactReader) throws {
        let offset = reader.absoluteOffset
        try reader.beginStruct()
        var key: String?
        var value: String?
        while let field = try reader.readFieldHeader() {
            switch (field.id, field.type) {
            case (1, .binary): key = try reader.readString()
            case (2, .binary): value = try reader.readString()
            default: try reader.skip(field.type)
            }
        }
        reader.endStruct()
        guard let key else { throw ParquetError.malformed("KeyValue without key", at: offset) }
        self.init(key: key, value: value)
    }
}
