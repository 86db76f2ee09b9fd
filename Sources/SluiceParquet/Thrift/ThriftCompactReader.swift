/// Decodes Thrift compact-protocol structures defensively.
///
/// Every length and count is checked against the remaining bytes and against ``Limits`` before
/// anything is allocated; nesting depth is bounded so crafted input cannot exhaust the stack.
struct ThriftCompactReader {
    /// Sanity limits for decoding untrusted metadata.
    struct Limits: Sendable {
        var maxDepth = 64
        var maxListCount = 10_000_000
        var maxBinaryLength = 256 * 1024 * 1024
    }

    private(set) var input: ByteReader
    let limits: Limits
    private var lastFieldID: Int16 = 0
    private var fieldIDStack: [Int16] = []
    private var pendingBoolean: Bool?

    init(_ input: ByteReader, limits: Limits = Limits()) {
        self.input = input
        self.limits = limits
    }

    var absoluteOffset: Int { input.absoluteOffset }
    var position: Int { input.position }

    mutating func beginStruct() throws {
        guard fieldIDStack.count < limits.maxDepth else {
            throw ParquetError.malformed("thrift structures nested deeper than \(limits.maxDepth)", at: absoluteOffset)
        }
        fieldIDStack.append(lastFieldID)
        lastFieldID = 0
    }

    mutating func endStruct() {
        lastFieldID = fieldIDStack.popLast() ?? 0
    }

    /// Reads a field header; returns nil at the struct's stop byte.
    mutating func readFieldHeader() throws -> (type: ThriftCompactType, id: Int16)? {
        let offset = absoluteOffset
        let byte = try input.readByte()
        if byte == 0 { return nil }
        guard let type = ThriftCompactType(rawValue: byte & 0x0F) else {
            throw ParquetError.malformed("unknown thrift field type \(byte & 0x0F)", at: offset)
        }
        let delta = byte >> 4
        let id: Int16
        if delta != 0 {
            let next = Int(lastFieldID) + Int(delta)
            guard next <= Int(Int16.max) else { throw ParquetError.malformed("thrift field id overflows", at: offset) }
            id = Int16(next)
        } else {
            id = try readI16()
        }
        lastFieldID = id
        pendingBoolean = type.isBoolean ? (type == .booleanTrue) : nil
        return (type, id)
    }

    /// Reads a boolean: the value carried by the preceding field header, or a byte inside a list.
    mutating func readBool() throws -> Bool {
        if let value = pendingBoolean {
            pendingBoolean = nil
            return value
        }
        let offset = absoluteOffset
        switch try input.readByte() {
        case 1: return true
        case 0, 2: return false
        case let other: throw ParquetError.malformed("invalid thrift boolean \(other)", at: offset)
        }
    }

    mutating func readByte() throws -> Int8 {
        Int8(bitPattern: try input.readByte())
    }

    mutating func readI16() throws -> Int16 {
        let offset = absoluteOffset
        let value = try input.readZigZagVarint()
        guard let result = Int16(exactly: value) else { throw ParquetError.malformed("i16 out of range", at: offset) }
        return result
    }

    mutating func readI32() throws -> Int32 {
        let offset = absoluteOffset
        let value = try input.readZigZagVarint()
        guard let result = Int32(exactly: value) else { throw ParquetError.malformed("i32 out of range", at: offset) }
        return result
    }

    mutating func readI64() throws -> Int64 {
        try input.readZigZagVarint()
    }

    mutating func readDouble() throws -> Double {
        Double(bitPattern: try input.readLittleEndian(UInt64.self))
    }

    mutating func readBinary() throws -> [UInt8] {
        let offset = absoluteOffset
        let length = try input.readUnsignedVarint()
        guard length <= UInt64(limits.maxBinaryLength) else {
            throw ParquetError(.limitExceeded, "binary length \(length) exceeds limit", offset: offset)
        }
        return try input.readBytes(Int(length), "thrift binary")
    }

    mutating func readString() throws -> String {
        String(decoding: try readBinary(), as: UTF8.self)
    }

    /// Reads a list (or set) header; the count is bounded by the remaining bytes, since every element takes at least one byte.
    mutating func readListHeader() throws -> (elementType: ThriftCompactType, count: Int) {
        let offset = absoluteOffset
        let byte = try input.readByte()
        guard let elementType = ThriftCompactType(rawValue: byte & 0x0F) else {
            throw ParquetError.malformed("unknown thrift list element type \(byte & 0x0F)", at: offset)
        }
        var count = UInt64(byte >> 4)
        if count == 15 { count = try input.readUnsignedVarint() }
        guard count <= UInt64(limits.maxListCount) else {
            throw ParquetError(.limitExceeded, "list of \(count) elements exceeds limit", offset: offset)
        }
        guard count <= UInt64(input.remaining) else {
            throw ParquetError.truncated("list of \(count) elements cannot fit in \(input.remaining) bytes", at: offset)
        }
        return (elementType, Int(count))
    }

    /// Reads a list of structs, checking the declared element type.
    mutating func readStructList<T: ThriftCompactDecodable>(_: T.Type) throws -> [T] {
        let offset = absoluteOffset
        let header = try readListHeader()
        guard header.elementType == .struct else {
            throw ParquetError.malformed("expected a list of structs", at: offset)
        }
        var result: [T] = []
        result.reserveCapacity(header.count)
        for _ in 0..<header.count { result.append(try T(from: &self)) }
        return result
    }

    mutating func readI32List() throws -> [Int32] {
        let offset = absoluteOffset
        let header = try readListHeader()
        guard header.elementType == .i32 else { throw ParquetError.malformed("expected a list of i32", at: offset) }
        var result: [Int32] = []
        result.reserveCapacity(header.count)
        for _ in 0..<header.count { result.append(try readI32()) }
        return result
    }

    mutating func readStringList() throws -> [String] {
        let offset = absoluteOffset
        let header = try readListHeader()
        guard header.elementType == .binary else { throw ParquetError.malformed("expected a list of strings", at: offset) }
        var result: [String] = []
        result.reserveCapacity(header.count)
        for _ in 0..<header.count { result.append(try readString()) }
        return result
    }

    /// Skips a value of the given type, recursing into containers up to the depth limit.
    mutating func skip(_ type: ThriftCompactType) throws {
        try skip(type, depth: 0)
    }

    private mutating func skip(_ type: ThriftCompactType, depth: Int) throws {
        guard depth < limits.maxDepth else {
            throw ParquetError.malformed("thrift value nested deeper than \(limits.maxDepth)", at: absoluteOffset)
        }
        switch type {
        case .booleanTrue, .booleanFalse: _ = try readBool()
        case .byte: _ = try input.readByte()
        case .i16, .i32, .i64: _ = try input.readUnsignedVarint()
        case .double: _ = try input.skipRange(8, "double")
        case .binary:
            let offset = absoluteOffset
            let length = try input.readUnsignedVarint()
            guard length <= UInt64(input.remaining) else {
                throw ParquetError.truncated("binary of \(length) bytes exceeds input", at: offset)
            }
            _ = try input.skipRange(Int(length))
        case .list, .set:
            let header = try readListHeader()
            for _ in 0..<header.count { try skip(header.elementType, depth: depth + 1) }
        case .map:
            let offset = absoluteOffset
            let count = try input.readUnsignedVarint()
            guard count <= UInt64(input.remaining) else {
                throw ParquetError.truncated("map of \(count) entries exceeds input", at: offset)
            }
            if count == 0 { return }
            let types = try input.readByte()
            guard let keyType = ThriftCompactType(rawValue: types >> 4),
                  let valueType = ThriftCompactType(rawValue: types & 0x0F) else {
                throw ParquetError.malformed("unknown thrift map types", at: offset)
            }
            for _ in 0..<count {
                try skip(keyType, depth: depth + 1)
                try skip(valueType, depth: depth + 1)
            }
        case .struct:
            try beginStruct()
            while let field = try readFieldHeader() { try skip(field.type, depth: depth + 1) }
            endStruct()
        }
    }
}
