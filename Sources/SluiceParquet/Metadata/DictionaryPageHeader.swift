/// Header of a dictionary page (Thrift `DictionaryPageHeader`).
struct DictionaryPageHeader: Hashable, Sendable {
    var numValues: Int32
    var encoding: ParquetEncoding
    var isSorted: Bool?
}

extension DictionaryPageHeader: ThriftCompactEncodable, ThriftCompactDecodable {
    func encode(to writer: inout ThriftCompactWriter) {
        writer.writeI32Field(1, numValues)
        writer.writeI32Field(2, encoding.rawValue)
        if let isSorted { writer.writeBoolField(3, isSorted) }
    }

    init(from reader: inout ThriftCompactReader) throws {
        let offset = reader.absoluteOffset
        try reader.beginStruct()
        var numValues: Int32?
        var encoding: Int32?
        while let field = try reader.readFieldHeader() {
            switch (field.id, field.type) {
            case (1, .i32): numValues = try reader.readI32()
            case (2, .i32): encoding = try reader.readI32()
            case (3, let type) where type.isBoolean: isSorted = try reader.readBool()
            default: try reader.skip(field.type)
            }
        }
        reader.endStruct()
        guard let numValues, let encoding else {
            throw ParquetError.malformed("DictionaryPageHeader misses a required field", at: offset)
        }
        self.numValues = numValues
        self.encoding = ParquetEncoding(rawValue: encoding)
    }
}
