/// Encodes Thrift structures with the compact protocol, the encoding Parquet uses for its footer and page headers.
struct ThriftCompactWriter {
    var bytes: [UInt8] = []
    private var lastFieldID: Int16 = 0
    private var fieldIDStack: [Int16] = []

    init() {}

    mutating func writeStruct(_ body: (inout ThriftCompactWriter) -> Void) {
        fieldIDStack.append(lastFieldID)
        lastFieldID = 0
        body(&self)
        bytes.append(0)
        lastFieldID = fieldIDStack.popLast() ?? 0
    }

    mutating func writeFieldHeader(_ type: ThriftCompactType, id: Int16) {
        let delta = Int(id) - Int(lastFieldID)
        if delta > 0 && delta <= 15 {
            bytes.append(UInt8(delta) << 4 | type.rawValue)
        } else {
            bytes.append(type.rawValue)
            bytes.appendZigZagVarint(Int64(id))
        }
        lastFieldID = id
    }

    mutating func writeBoolField(_ id: Int16, _ value: Bool) {
        writeFieldHeader(value ? .booleanTrue : .booleanFalse, id: id)
    }

    mutating func writeByteField(_ id: Int16, _ value: Int8) {
        writeFieldHeader(.byte, id: id)
        bytes.append(UInt8(bitPattern: value))
    }

    mutating func writeI16Field(_ id: Int16, _ value: Int16) {
        writeFieldHeader(.i16, id: id)
        bytes.appendZigZagVarint(Int64(value))
    }

    mutating func writeI32Field(_ id: Int16, _ value: Int32) {
        writeFieldHeader(.i32, id: id)
        bytes.appendZigZagVarint(Int64(value))
    }

    mutating func writeI64Field(_ id: Int16, _ value: Int64) {
        writeFieldHeader(.i64, id: id)
        bytes.appendZigZagVarint(value)
    }

    mutating func writeDoubleField(_ id: Int16, _ value: Double) {
        writeFieldHeader(.double, id: id)
        bytes.appendLittleEndian(value.bitPattern)
    }

    mutating func writeBinaryField(_ id: Int16, _ value: [UInt8]) {
        writeFieldHeader(.binary, id: id)
        writeBinary(value)
    }

    mutating func writeStringField(_ id: Int16, _ value: String) {
        writeBinaryField(id, Array(value.utf8))
    }

    mutating func writeStructField(_ id: Int16, _ body: (inout ThriftCompactWriter) -> Void) {
        writeFieldHeader(.struct, id: id)
        writeStruct(body)
    }

    mutating func writeStructField<T: ThriftCompactEncodable>(_ id: Int16, _ value: T) {
        writeStructField(id) { value.encode(to: &$0) }
    }

    mutating func writeListField<T: ThriftCompactEncodable>(_ id: Int16, _ values: [T]) {
        writeFieldHeader(.list, id: id)
        writeListHeader(.struct, count: values.count)
        for value in values { writeStruct { value.encode(to: &$0) } }
    }

    mutating func writeI32ListField(_ id: Int16, _ values: [Int32]) {
        writeFieldHeader(.list, id: id)
        writeListHeader(.i32, count: values.count)
        for value in values { bytes.appendZigZagVarint(Int64(value)) }
    }

    mutating func writeStringListField(_ id: Int16, _ values: [String]) {
        writeFieldHeader(.list, id: id)
        writeListHeader(.binary, count: values.count)
        for value in values { writeBinary(Array(value.utf8)) }
    }

    mutating func writeListHeader(_ elementType: ThriftCompactType, count: Int) {
        if count < 15 {
            bytes.append(UInt8(count) << 4 | elementType.rawValue)
        } else {
            bytes.append(0xF0 | elementType.rawValue)
            bytes.appendUnsignedVarint(UInt64(count))
        }
    }

    mutating func writeBinary(_ value: [UInt8]) {
        bytes.appendUnsignedVarint(UInt64(value.count))
        bytes.append(contentsOf: value)
    }
}
