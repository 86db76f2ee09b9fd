/// A Thrift struct that can write its fields with ``ThriftCompactWriter`` (the struct's stop byte is written by the caller).
protocol ThriftCompactEncodable {
    func encode(to writer: inout ThriftCompactWriter)
}

/// A Thrift struct that can be read from ``ThriftCompactReader``, including its stop byte.
protocol ThriftCompactDecodable {
    init(from reader: inout ThriftCompactReader) throws
}

extension ThriftCompactEncodable {
    /// The struct encoded as a top-level compact-protocol message body.
    func compactEncoded() -> [UInt8] {
        var writer = ThriftCompactWriter()
        writer.writeStruct { encode(to: &$0) }
        return writer.bytes
    }
}
