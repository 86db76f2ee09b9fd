/// Header of a version 1 data page (Thrift `DataPageHeader`).
struct DataPageHeader: Hashable, Sendable {
    var numValues: Int32
    var encoding: ParquetEncoding
    var definitionLevelEncoding: ParquetEncoding
    var repetitionLevelEncoding: ParquetEncoding
    var statistics: Statistics?
}

extension DataPageHeader: ThriftCompactEncodable, ThriftCompactDecodable {
    func encode(to writer: inout ThriftCompactWriter) {
        writer.writeI32Field(1, numValues)
        writer.writeI32Field(2, encoding.rawValue)
        writer.writeI32Field(3, definitionLevelEncoding.rawValue)
        writer.writeI32Field(4, repetitionLevelEncoding.rawValue)
        if let statistics { writer.writeStructField(5, statistics) }
    }

    init(from reader: inout ThriftCompactReader) throws {
        let offset = reader.absoluteOffset
        try reader.beginStruct()
        var numValues: Int32?
        var encoding: Int32?
        var definition: Int32?
        var repetition: Int32?
        while let field = try reader.readFieldHeader() {
            switch (field.id, field.type) {
            case (1, .i32): numValues = try reader.readI32()
            case (2, .i32): encoding = try reader.readI32()
            case (3, .i32): definition = try reader.readI32()
            case (4, .i32): repetition = try reader.readI32()
            case (5, .struct): statistics = try Statistics(from: &reader)
            default: try reader.skip(field.type)
            }
        }
        reader.endStruct()
        guard let numValues, let encoding, let definition, let repetition else {
            throw ParquetError.malformed("DataPageHeader misses a required field", at: offset)
        }
        self.numValues = numValues
        self.encoding = ParquetEncoding(rawValue: encoding)
        self.definitionLevelEncoding = ParquetEncoding(rawValue: definition)
        self.repetitionLevelEncoding = ParquetEncoding(rawValue: repetition)
    }
}
