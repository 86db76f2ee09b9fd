/// Column chunk or page statistics (Thrift `Statistics`), with plain-encoded min and max.
struct Statistics: Hashable, Sendable {
    var legacyMax: [UInt8]?
    var legacyMin: [UInt8]?
    var nullCount: Int64?
    var distinctCount: Int64?
    var maxValue: [UInt8]?
    var minValue: [UInt8]?
}

extension Statistics: ThriftCompactEncodable, ThriftCompactDecodable {
    func encode(to writer: inout ThriftCompactWriter) {
        if let legacyMax { writer.writeBinaryField(1, legacyMax) }
        if let legacyMin { writer.writeBinaryField(2, legacyMin) }
        if let nullCount { writer.writeI64Field(3, nullCount) }
        if let distinctCount { writer.writeI64Field(4, distinctCount) }
        if let maxValue { writer.writeBinaryField(5, maxValue) }
        if let minValue { writer.writeBinaryField(6, minValue) }
    }

    init(from reader: inout ThriftCompactReader) throws {
        try reader.beginStruct()
        while let field = try reader.readFieldHeader() {
            switch (field.id, field.type) {
            case (1, .binary): legacyMax = try reader.readBinary()
            case (2, .binary): legacyMin = try reader.readBinary()
            case (3, .i64): nullCount = try reader.readI64()
            case (4, .i64): distinctCount = try reader.readI64()
            case (5, .binary): maxValue = try reader.readBinary()
            case (6, .binary): minValue = try reader.readBinary()
            default: try reader.skip(field.type)
            }
        }
        reader.endStruct()
    }
}
