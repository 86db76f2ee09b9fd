/// Header of a version 2 data page (Thrift `DataPageHeaderV2`): levels are stored uncompressed ahead of the values.
struct DataPageHeaderV2: Hashable, Sendable {
    var numValues: Int32
    var numNulls: Int32
    var numRows: Int32
    var encoding: ParquetEncoding
    var definitionLevelsByteLength: Int32
    var repetitionLevelsByteLength: Int32
    var isCompressed: Bool = true
    var statistics: Statistics?
}

extension DataPageHeaderV2: ThriftCompactEncodable, ThriftCompactDecodable {
    func encode(to writer: inout ThriftCompactWriter) {
        writer.writeI32Field(1, numValues)
        writer.writeI32Field(2, numNulls)
        writer.writeI32Field(3, numRows)
        writer.writeI32Field(4, encoding.rawValue)
        writer.writeI32Field(5, definitionLevelsByteLength)
        writer.writeI32Field(6, repetitionLevelsByteLength)
        writer.writeBoolField(7, isCompressed)
        if let statistics { writer.writeStructField(8, statistics) }
    }

    init(from reader: inout ThriftCompactReader) throws {
        let offset = reader.absoluteOffset
        try reader.beginStruct()
        var numValues: Int32?
        var numNulls: Int32?
        var numRows: Int32?
        var encoding: Int32?
        var definitionLength: Int32?
        var repetitionLength: Int32?
        while let field = try reader.readFieldHeader() {
            switch (field.id, field.type) {
            case (1, .i32): numValues = try reader.readI32()
            case (2, .i32): numNulls = try reader.readI32()
            case (3, .i32): numRows = try reader.readI32()
            case (4, .i32): encoding = try reader.readI32()
            case (5, .i32): definitionLength = try reader.readI32()
            case (6, .i32): repetitionLength = try reader.readI32()
            case (7, let type) where type.isBoolean: isCompressed = try reader.readBool()
            case (8, .struct): statistics = try Statistics(from: &reader)
            default: try reader.skip(field.type)
            }
        }
        reader.endStruct()
        guard let numValues, let numNulls, let numRows, let encoding, let definitionLength, let repetitionLength else {
            throw ParquetError.malformed("DataPageHeaderV2 misses a required field", at: offset)
        }
        self.numValues = numValues
        self.numNulls = numNulls
        self.numRows = numRows
        self.encoding = ParquetEncoding(rawValue: encoding)
        self.definitionLevelsByteLength = definitionLength
        self.repetitionLevelsByteLength = repetitionLength
    }
}
