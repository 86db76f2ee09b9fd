/// A tiny decoder over an ordered tree, standing in for the project's YAML decoder: mappings
/// list their keys in document order (Foundation's JSONDecoder does not promise that).
enum OrderedTree {
    case scalar(String)
    case list([OrderedTree])
    case map([(String, OrderedTree)])
    case null

    /// Decodes `T` from the tree.
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try T(from: OrderedTreeDecoder(tree: self, codingPath: []))
    }
}

struct OrderedTreeDecoder: Decoder, SingleValueDecodingContainer {
    let tree: OrderedTree
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .map(let entries) = tree else { throw mismatch("a mapping") }
        return KeyedDecodingContainer(Keyed<Key>(entries: entries, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .list(let elements) = tree else { throw mismatch("a list") }
        return Unkeyed(elements: elements, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

    func decodeNil() -> Bool { if case .null = tree { true } else { false } }

    func decode(_ type: String.Type) throws -> String {
        guard case .scalar(let text) = tree else { throw mismatch("a string") }
        return text
    }

    func decode(_ type: Bool.Type) throws -> Bool {
        guard let value = Bool(try decode(String.self)) else { throw mismatch("a bool") }
        return value
    }

    func decode(_ type: Int.Type) throws -> Int {
        guard let value = Int(try decode(String.self)) else { throw mismatch("an int") }
        return value
    }

    func decode(_ type: Double.Type) throws -> Double {
        guard let value = Double(try decode(String.self)) else { throw mismatch("a double") }
        return value
    }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try T(from: self)
    }

    private func mismatch(_ expected: String) -> DecodingError {
        .typeMismatch(Any.self, .init(codingPath: codingPath, debugDescription: "expected \(expected)"))
    }

    struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let entries: [(String, OrderedTree)]
        let codingPath: [any CodingKey]
        var allKeys: [Key] { entries.compactMap { Key(stringValue: $0.0) } }

        func contains(_ key: Key) -> Bool { entries.contains { $0.0 == key.stringValue } }

        func tree(_ key: Key) throws -> OrderedTree {
            guard let entry = entries.first(where: { $0.0 == key.stringValue }) else {
                throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "missing"))
            }
            return entry.1
        }

        func decodeNil(forKey key: Key) throws -> Bool {
            if case .null = try tree(key) { true } else { false }
        }

        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
            try T(from: OrderedTreeDecoder(tree: try tree(key), codingPath: codingPath + [key]))
        }

        func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
            try OrderedTreeDecoder(tree: try tree(key), codingPath: codingPath + [key]).container(keyedBy: type)
        }

        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
            try OrderedTreeDecoder(tree: try tree(key), codingPath: codingPath + [key]).unkeyedContainer()
        }

        func superDecoder() throws -> any Decoder { OrderedTreeDecoder(tree: .map(entries), codingPath: codingPath) }
        func superDecoder(forKey key: Key) throws -> any Decoder { OrderedTreeDecoder(tree: try tree(key), codingPath: codingPath) }
    }

    struct Unkeyed: UnkeyedDecodingContainer {
        let elements: [OrderedTree]
        let codingPath: [any CodingKey]
        var currentIndex = 0
        var count: Int? { elements.count }
        var isAtEnd: Bool { currentIndex >= elements.count }

        init(elements: [OrderedTree], codingPath: [any CodingKey]) {
            self.elements = elements
            self.codingPath = codingPath
        }

        mutating func next() -> OrderedTreeDecoder {
            defer { currentIndex += 1 }
            return OrderedTreeDecoder(tree: elements[currentIndex], codingPath: codingPath)
        }

        mutating func decodeNil() throws -> Bool {
            guard case .null = elements[currentIndex] else { return false }
            currentIndex += 1
            return true
        }

        mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try T(from: next()) }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
            try next().container(keyedBy: type)
        }

        mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer { try next().unkeyedContainer() }
        mutating func superDecoder() throws -> any Decoder { next() }
    }
}
