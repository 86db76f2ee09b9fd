/// Legacy logical annotation of a schema node (Thrift `ConvertedType`); kept for old readers.
struct ConvertedType: RawRepresentable, Hashable, Sendable {
    let rawValue: Int32
    init(rawValue: Int32) { self.rawValue = rawValue }

    static let utf8 = ConvertedType(rawValue: 0)
    static let map = ConvertedType(rawValue: 1)
    static let mapKeyValue = ConvertedType(rawValue: 2)
    static let list = ConvertedType(rawValue: 3)
    static let decimal = ConvertedType(rawValue: 5)
    static let date = ConvertedType(rawValue: 6)
    static let timestampMillis = ConvertedType(rawValue: 9)
    static let timestampMicros = ConvertedType(rawValue: 10)
}
