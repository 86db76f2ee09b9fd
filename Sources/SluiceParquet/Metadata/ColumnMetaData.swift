/// Location, size and statistics of one column chunk (Thrift `ColumnMetaData`).
struct ColumnMetaData: Hashable, Sendable {
    var type: PhysicalType
    var encodings: [ParquetEncoding]
    var pathInSchema: [String]
    var codec: ParquetCompressionCodec
    var numValues: Int64
    var totalUncompressedSize: Int64
    var totalCompressedSize: Int64
    var dataPageOffset: Int64
    var dictionaryPageOffset: Int64?
    var statistics: Statistics?
}

extension ColumnMetaData: ThriftCompactEncodable, ThriftCompactDecodable {
    func encode(to writer: inout ThriftCompactWriter) {
        writer.writeI32Field(1, type.rawValue)
        writer.writeI32ListField(2, encodings.map(\.rawValue))
        writer.writeStringListField(3, pathInSchema)
        writer.writeI32Field(4, codec.rawValue)
        writer.writeI64Field(5, numValues)
        writer.writeI64Field(6, totalUncompressedSize)
        writer.writeI64Field(7, totalCompressedSize)
        writer.writeI64Field(9, dataPageOffset)
        if let dictionaryPageOffset { writer.writeI64Field(11, dictionaryPageOffset) }
        if let statistics { writer.writeStructField(12, statistics) }
    }

    init(from reader: inout ThriftCompactReader) throws {
        let offset = reader.absoluteOffset
        try reader.beginStruct()
        var type: PhysicalType?
        var encodings: [ParquetEncoding]?
        var path: [String]?
        var codec: ParquetCompressionCodec?
        var numValues: Int64?
        var uncompressed: Int64?
        var compressed: Int64?
        var dataPageOffset: Int64?
        while let field = try reader.readFieldHeader() {
            let fieldOffset = reader.absoluteOffset
            switch (field.id, field.type) {
            case (1, .i32):
                let raw = try reader.readI32()
                guard let value = PhysicalType(rawValue: raw) else {
                    throw ParquetError.malformed("unknown physical type \(raw)", at: fieldOffset)
                }
                type = value
            case (2, .list): encodings = try reader.readI32List().map(ParquetEncoding.init(rawValue:))
            case (3, .list): path = try reader.readStringList()
            case (4, .i32): codec = ParquetCompressionCodec(rawValue: try reader.readI32())
            case (5, .i64): numValues = try reader.readI64()
            case (6, .i64): uncompressed = try reader.readI64()
            case (7, .i64): compressed = try reader.readI64()
            case (9, .i64): dataPageOffset = try reader.readI64()
            case (11, .i64): dictionaryPageOffset = try reader.readI64()
            case (12, .struct): statistics = try Statistics(from: &reader)
            default: try reader.skip(field.type)
            }
        }
        reader.endStruct()
        guard let type, let encodings, let path, let codec, let numValues, let uncompressed, let compressed,
              let dataPageOffset else {
            throw ParquetError.malformed("ColumnMetaData misses a required field", at: offset)
        }
        self.type = type
        self.encodings = encodings
        self.pathInSchema = path
        self.codec = codec
        self.numValues = numValues
        self.totalUncompressedSize = uncompressed
        self.totalCompressedSize = compressed
        self.dataPageOffset = dataPageOffset
    }
}
