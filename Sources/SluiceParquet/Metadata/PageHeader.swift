/// The header preceding every page in a column chunk (Thrift `PageHeader`).
struct PageHeader: Hashable, Sendable {
    var type: PageType
    var uncompressedPageSize: Int32
    var compressedPageSize: Int32
    var crc: Int32?
    var dataPageHeader: DataPageHeader?
    var dictionaryPageHeader: DictionaryPageHeader?
    var dataPageHeaderV2: DataPageHeaderV2?
}

extension PageHeader: ThriftCompactEncodable, ThriftCompactDecodable {
    func encode(to writer: inout ThriftCompactWriter) {
        writer.writeI32Field(1, type.rawValue)
        writer.writeI32Field(2, uncompressedPageSize)
        writer.writeI32Field(3, compressedPageSize)
        if let crc { writer.writeI32Field(4, crc) }
        if let dataPageHeader { writer.writeStructField(5, dataPageHeader) }
        if let dictionaryPageHeader { writer.writeStructField(7, dictionaryPageHeader) }
        if let dataPageHeaderV2 { writer.writeStructField(8, dataPageHeaderV2) }
    }

    init(from reader: inout ThriftCompactReader) throws {
        let offset = reader.absoluteOffset
        try reader.beginStruct()
        var type: Int32?
        var uncompressed: Int32?
        var compressed: Int32?
        while let field = try reader.readFieldHeader() {
            switch (field.id, field.type) {
            case (1, .i32): type = try reader.readI32()
            case (2, .i32): uncompressed = try reader.readI32()
            case (3, .i32): compressed = try reader.readI32()
            case (4, .i32): crc = try reader.readI32()
            case (5, .struct): dataPageHeader = try DataPageHeader(from: &reader)
            case (7, .struct): dictionaryPageHeader = try DictionaryPageHeader(from: &reader)
            case (8, .struct): dataPageHeaderV2 = try DataPageHeaderV2(from: &reader)
            default: try reader.skip(field.type)
            }
        }
        reader.endStruct()
        guard let type, let uncompressed, let compressed else {
            throw ParquetError.malformed("PageHeader misses a required field", at: offset)
        }
        guard uncompressed >= 0, compressed >= 0 else {
            throw ParquetError.malformed("negative page size", at: offset)
        }
        self.type = PageType(rawValue: type)
        self.uncompressedPageSize = uncompressed
        self.compressedPageSize = compressed
    }
}
