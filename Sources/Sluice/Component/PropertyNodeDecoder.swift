import Foundation

/// The `Decoder` over one ``PropertyNode``; see ``PropertyDecoder``.
struct PropertyNodeDecoder: Decoder {
    let node: PropertyNode
    let codingPath: [any CodingKey]
    let session: PropertyDecodingSession
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard let entries = node.entries else {
            if isNull || session.tolerant { return KeyedDecodingContainer(PropertyKeyedContainer(self, entries: [])) }
            throw DecodingError.typeMismatch([String: Any].self, .init(codingPath: codingPath, debugDescription: "expected a map"))
        }
        session.register(node, path: codingPath)
        return KeyedDecodingContainer(PropertyKeyedContainer(self, entries: entries))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard let items = node.items else {
            if isNull || session.tolerant { return PropertyUnkeyedContainer(self, items: []) }
            throw DecodingError.typeMismatch([Any].self, .init(codingPath: codingPath, debugDescription: "expected a list"))
        }
        return PropertyUnkeyedContainer(self, items: items)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { PropertySingleValueContainer(decoder: self) }

    func child(_ node: PropertyNode, key: any CodingKey) -> PropertyNodeDecoder {
        PropertyNodeDecoder(node: node, codingPath: codingPath + [key], session: session)
    }

    // MARK: Values

    var isNull: Bool {
        if case .null = node.content { return true }
        return false
    }

    /// Decodes any type, handling the special types and scalars here.
    func decodeValue<T: Decodable>(_ type: T.Type) throws -> T {
        if T.self == PropertyNode.self, let node = node as? T { return node }
        if T.self == String.self, let v = try decodeString() as? T { return v }
        if T.self == Int.self, let v = try decodeInteger() as? T { return v }
        if T.self == Bool.self, let v = try decodeBool() as? T { return v }
        if T.self == Double.self, let v = try decodeDouble() as? T { return v }
        if T.self == Decimal.self, let v = try decodeDecimal() as? T { return v }
        if T.self == Date.self, let v = try decodeDate() as? T { return v }
        if T.self == URL.self, let v = URL(string: try decodeString()) as? T { return v }
        return try T(from: self)
    }

    private func scalar(_ type: Any.Type) throws -> (text: String, quoted: Bool) {
        if session.tolerant, node.scalarText == nil { return ("#{}", false) }
        switch node.content {
        case .scalar(let text, let quoted): return (text, quoted)
        case .null: throw DecodingError.valueNotFound(type, .init(codingPath: codingPath, debugDescription: "null"))
        default: throw DecodingError.typeMismatch(type, .init(codingPath: codingPath, debugDescription: "not a scalar"))
        }
    }

    /// `#{...}` (bound when the step starts) and `${...}` (substituted at load) are values to come.
    private func isLateBound(_ text: String) -> Bool {
        session.tolerant || (session.allowsLateBinding && (text.contains("#{") || text.contains("${")))
    }

    func decodeString() throws -> String { try scalar(String.self).text }

    func decodeInteger() throws -> Int {
        let text = try scalar(Int.self).text
        if isLateBound(text) { return 0 }
        guard let value = Int(text.replacingOccurrences(of: "_", with: "")) else {
            throw DecodingError.typeMismatch(Int.self, .init(codingPath: codingPath, debugDescription: "not an integer"))
        }
        return value
    }

    func decodeDouble() throws -> Double {
        let text = try scalar(Double.self).text
        if isLateBound(text) { return 0 }
        guard let value = Double(text.replacingOccurrences(of: "_", with: "")), value.isFinite else {
            throw DecodingError.typeMismatch(Double.self, .init(codingPath: codingPath, debugDescription: "not a number"))
        }
        return value
    }

    func decodeDecimal() throws -> Decimal {
        let text = try scalar(Decimal.self).text
        if isLateBound(text) { return 0 }
        guard let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")), Double(text) != nil else {
            throw DecodingError.typeMismatch(Decimal.self, .init(codingPath: codingPath, debugDescription: "not a number"))
        }
        return value
    }

    func decodeBool() throws -> Bool {
        let (text, quoted) = try scalar(Bool.self)
        if isLateBound(text) { return false }
        switch text.lowercased() {
        case "true": return true
        case "false": return false
        // YAML 1.1 words count only unquoted: "yes" in quotes is text.
        case "yes" where !quoted, "on" where !quoted: return true
        case "no" where !quoted, "off" where !quoted: return false
        default: throw DecodingError.typeMismatch(Bool.self, .init(codingPath: codingPath, debugDescription: "not a boolean"))
        }
    }

    func decodeDate() throws -> Date {
        let text = try scalar(Date.self).text
        if isLateBound(text) { return Date(timeIntervalSince1970: 0) }
        if let date = Timestamps.parse(text) { return date }
        throw DecodingError.dataCorrupted(.init(codingPath: codingPath, debugDescription: "'\(text)' is not an ISO 8601 timestamp"))
    }
}

/// A keyed container over a map node; looks keys up by exact name, then by kebab-case.
struct PropertyKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let decoder: PropertyNodeDecoder
    let entries: [PropertyEntry]
    var codingPath: [any CodingKey] { decoder.codingPath }

    init(_ decoder: PropertyNodeDecoder, entries: [PropertyEntry]) {
        self.decoder = decoder
        self.entries = entries
    }

    /// Keys in document order, as written (so maps of user names keep them verbatim).
    var allKeys: [Key] {
        decoder.session.takesAllKeys(path: codingPath)
        return entries.compactMap { Key(stringValue: $0.key) ?? Key(stringValue: PropertyDecodingSession.camel($0.key)) }
    }

    private func entry(_ key: Key) -> PropertyEntry? {
        decoder.session.asked(key.stringValue, path: codingPath)
        return entries.first { $0.key == key.stringValue } ?? entries.first { PropertyDecodingSession.camel($0.key) == key.stringValue }
    }

    private func child(_ key: Key) throws -> PropertyNodeDecoder {
        guard let entry = entry(key) else {
            if decoder.session.tolerant { return decoder.child(PropertyNode(.null), key: key) }
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "missing"))
        }
        return decoder.child(entry.value, key: key)
    }

    func contains(_ key: Key) -> Bool { entry(key) != nil }

    func decodeNil(forKey key: Key) throws -> Bool {
        guard let entry = entry(key) else { return true }
        if case .null = entry.value.content { return true }
        return false
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try child(key).decodeValue(T.self) }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard let entry = entry(key) else { return nil }
        if case .null = entry.value.content { return nil }
        return try decoder.child(entry.value, key: key).decodeValue(T.self)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try child(key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer { try child(key).unkeyedContainer() }

    func superDecoder() throws -> any Decoder { decoder }

    func superDecoder(forKey key: Key) throws -> any Decoder { try child(key) }
}

/// An unkeyed container over a list node.
struct PropertyUnkeyedContainer: UnkeyedDecodingContainer {
    let decoder: PropertyNodeDecoder
    let items: [PropertyNode]
    var currentIndex = 0
    var codingPath: [any CodingKey] { decoder.codingPath }
    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }

    init(_ decoder: PropertyNodeDecoder, items: [PropertyNode]) {
        self.decoder = decoder
        self.items = items
    }

    private mutating func next(_ type: Any.Type) throws -> PropertyNodeDecoder {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(type, .init(codingPath: codingPath, debugDescription: "the list has no more items"))
        }
        defer { currentIndex += 1 }
        return decoder.child(items[currentIndex], key: PropertyKey(intValue: currentIndex))
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, case .null = items[currentIndex].content else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try next(T.self).decodeValue(T.self) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try next([String: Any].self).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer { try next([Any].self).unkeyedContainer() }

    mutating func superDecoder() throws -> any Decoder { try next(Any.self) }
}

/// A single-value container over any node.
struct PropertySingleValueContainer: SingleValueDecodingContainer {
    let decoder: PropertyNodeDecoder
    var codingPath: [any CodingKey] { decoder.codingPath }

    func decodeNil() -> Bool { decoder.isNull }
    func decode(_ type: Bool.Type) throws -> Bool { try decoder.decodeBool() }
    func decode(_ type: String.Type) throws -> String { try decoder.decodeString() }
    func decode(_ type: Double.Type) throws -> Double { try decoder.decodeDouble() }
    func decode(_ type: Int.Type) throws -> Int { try decoder.decodeInteger() }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try decoder.decodeValue(T.self) }
}
