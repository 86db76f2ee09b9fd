import Foundation

/// Encodes an `Encodable` struct into a ``Record``: one field per stored property, in
/// declaration order (the order the type's `encode(to:)` writes its keys).
///
/// Values map to ``RecordValue`` cases: `Bool` → bool; integer types → int; `Double`/`Float` →
/// double; `Decimal` → decimal; `String`, `UUID`, `URL` → string; ``CalendarDate`` → date;
/// `Date` → timestamp; `Data`/`[UInt8]` → bytes; a ``RecordValue`` stays itself; `nil` → null
/// (the field is kept); enums with raw values and other single-value types → their value.
/// Records are flat: a nested struct, array or dictionary is an error naming the field (encode
/// it as a string yourself if it must travel in a record).
public struct RecordEncoder: Sendable {
    /// Creates an encoder.
    public init() {}

    /// The record for `value`; throws ``BatchError`` (`validation`) naming the field at fault.
    public func encode<T: Encodable>(_ value: T) throws -> Record {
        let encoder = RecordFieldsEncoder()
        try value.encode(to: encoder)
        return encoder.record
    }
}

/// Decodes a `Decodable` struct from a ``Record``, converting compatible values.
///
/// Conversions: integers from ints, numeric strings (an untyped CSV field) and whole
/// doubles/decimals; `Double`/`Float` from any number or numeric string; `Decimal` from any
/// number (doubles through their shortest text) or numeric string; `Bool` from bools, `true`/
/// `false` strings (any case) and the ints 0/1; `String` from any non-null value (its text);
/// `Date` from timestamps, dates (midnight UTC) and ISO strings; ``CalendarDate`` from dates and
/// `yyyy-MM-dd` strings; `Data`/`[UInt8]` from bytes and base64 strings; `URL` from strings; optionals from null or
/// a missing field; other single-value types (enums with raw values) through those. Anything
/// else throws ``BatchError`` (`validation`) naming the field and value; errors a type's own
/// `init(from:)` throws carry the field as their coding path.
public struct RecordDecoder: Sendable {
    /// Creates a decoder.
    public init() {}

    /// A `T` read from the fields of `record`.
    public func decode<T: Decodable>(_ type: T.Type, from record: Record) throws -> T {
        try T(from: RecordFieldsDecoder(record: record))
    }
}

extension Record {
    /// The record of an `Encodable` value (see ``RecordEncoder``).
    public init<T: Encodable>(encoding value: T) throws {
        self = try RecordEncoder().encode(value)
    }

    /// The record's fields as a `Decodable` type (see ``RecordDecoder``).
    public func decode<T: Decodable>(as type: T.Type = T.self) throws -> T {
        try RecordDecoder().decode(type, from: self)
    }
}

// MARK: - Encoding

/// The top-level encoder: collects the fields a keyed container writes.
private final class RecordFieldsEncoder: Encoder {
    var record = Record()
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(RecordFieldsContainer<Key>(encoder: self))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        FailingUnkeyedContainer(field: nil)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        FailingSingleValueContainer()
    }
}

/// Writes each key as a field of the encoder's record.
private struct RecordFieldsContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let encoder: RecordFieldsEncoder
    var codingPath: [any CodingKey] { [] }

    func set(_ value: RecordValue, _ key: Key) { encoder.record[key.stringValue] = Optional(value) }

    mutating func encodeNil(forKey key: Key) throws { set(.null, key) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { set(.bool(value), key) }
    mutating func encode(_ value: String, forKey key: Key) throws { set(.string(value), key) }
    mutating func encode(_ value: Double, forKey key: Key) throws { set(.double(value), key) }
    mutating func encode(_ value: Float, forKey key: Key) throws { set(.double(Double(value)), key) }
    mutating func encode(_ value: Int, forKey key: Key) throws { set(.int(value), key) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        set(try FieldValueEncoder.value(of: value, field: key.stringValue), key)
    }
    mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) } else { set(.null, key) }
    }
    mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws { try present(value, key) }
    mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws { try present(value, key) }
    mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws { try present(value, key) }
    mutating func encodeIfPresent(_ value: Float?, forKey key: Key) throws { try present(value, key) }
    mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws { try present(value, key) }
    mutating func encodeIfPresent(_ value: Int8?, forKey key: Key) throws { try present(value, key) }
    mutating func encodeIfPresent(_ value: Int16?, forKey key: Key) throws { try present(value, key) }
    mutating func encodeIfPresent(_ value: Int32?, forKey key: Key) throws { try present(value, key) }
    mutating func encodeIfPresent(_ value: Int64?, forKey key: Key) throws { try present(value, key) }
    mutating func encodeIfPresent(_ value: UInt?, forKey key: Key) throws { try present(value, key) }
    mutating func encodeIfPresent(_ value: UInt8?, forKey key: Key) throws { try present(value, key) }
    mutating func encodeIfPresent(_ value: UInt16?, forKey key: Key) throws { try present(value, key) }
    mutating func encodeIfPresent(_ value: UInt32?, forKey key: Key) throws { try present(value, key) }
    mutating func encodeIfPresent(_ value: UInt64?, forKey key: Key) throws { try present(value, key) }

    private func present<T: Encodable>(_ value: T?, _ key: Key) throws {
        set(try value.map { try FieldValueEncoder.value(of: $0, field: key.stringValue) } ?? .null, key)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        KeyedEncodingContainer(FailingKeyedContainer<NestedKey>(field: key.stringValue))
    }
    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        FailingUnkeyedContainer(field: key.stringValue)
    }
    mutating func superEncoder() -> any Encoder { encoder }
    mutating func superEncoder(forKey key: Key) -> any Encoder { encoder }
}

/// Encodes one field's value: the known types directly, anything else through its
/// single-value encoding (nested containers are errors).
private final class FieldValueEncoder: Encoder, SingleValueEncodingContainer {
    let field: String
    var value: RecordValue?
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(field: String) { self.field = field }

    static func value<T: Encodable>(of value: T, field: String) throws -> RecordValue {
        if let known = known(value) { return known }
        let encoder = FieldValueEncoder(field: field)
        try value.encode(to: encoder)
        guard let result = encoder.value else { throw RecordCoding.nested(field) }
        return result
    }

    private static func known(_ value: Any) -> RecordValue? {
        switch value {
        case let v as RecordValue: v
        case let v as Decimal: .decimal(v)
        case let v as Date: .timestamp(v)
        case let v as CalendarDate: .date(v)
        case let v as Data: .bytes(Array(v))
        case let v as [UInt8]: .bytes(v)
        case let v as URL: .string(v.absoluteString)
        default: nil
        }
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(FailingKeyedContainer<Key>(field: field))
    }
    func unkeyedContainer() -> any UnkeyedEncodingContainer { FailingUnkeyedContainer(field: field) }
    func singleValueContainer() -> any SingleValueEncodingContainer { self }

    func encodeNil() throws { value = .null }
    func encode(_ v: Bool) throws { value = .bool(v) }
    func encode(_ v: String) throws { value = .string(v) }
    func encode(_ v: Double) throws { value = .double(v) }
    func encode(_ v: Float) throws { value = .double(Double(v)) }
    func encode(_ v: Int) throws { value = .int(v) }
    func encode(_ v: Int8) throws { value = .int(Int(v)) }
    func encode(_ v: Int16) throws { value = .int(Int(v)) }
    func encode(_ v: Int32) throws { value = .int(Int(v)) }
    func encode(_ v: Int64) throws { value = .int(Int(v)) }
    func encode(_ v: UInt) throws { value = .int(try RecordCoding.int(v, field: field)) }
    func encode(_ v: UInt8) throws { value = .int(Int(v)) }
    func encode(_ v: UInt16) throws { value = .int(Int(v)) }
    func encode(_ v: UInt32) throws { value = .int(Int(v)) }
    func encode(_ v: UInt64) throws { value = .int(try RecordCoding.int(v, field: field)) }
    func encode<T: Encodable>(_ v: T) throws { value = try FieldValueEncoder.value(of: v, field: field) }
}

/// A nested keyed container: records are flat, so any use of it fails.
private struct FailingKeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let field: String
    var codingPath: [any CodingKey] { [] }
    mutating func encodeNil(forKey key: Key) throws { throw RecordCoding.nested(field) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { throw RecordCoding.nested(field) }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        KeyedEncodingContainer(FailingKeyedContainer<NestedKey>(field: field))
    }
    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer { FailingUnkeyedContainer(field: field) }
    mutating func superEncoder() -> any Encoder { FieldValueEncoder(field: field) }
    mutating func superEncoder(forKey key: Key) -> any Encoder { FieldValueEncoder(field: field) }
}

/// An array container: records are flat, so any use of it fails.
private struct FailingUnkeyedContainer: UnkeyedEncodingContainer {
    let field: String?
    var codingPath: [any CodingKey] { [] }
    var count: Int { 0 }
    private var failure: BatchError { field.map(RecordCoding.nested) ?? RecordCoding.notKeyed }
    mutating func encodeNil() throws { throw failure }
    mutating func encode<T: Encodable>(_ value: T) throws { throw failure }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        KeyedEncodingContainer(FailingKeyedContainer<NestedKey>(field: field ?? ""))
    }
    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer { self }
    mutating func superEncoder() -> any Encoder { FieldValueEncoder(field: field ?? "") }
}

/// A top-level single value: a record needs named fields, so any use of it fails.
private struct FailingSingleValueContainer: SingleValueEncodingContainer {
    var codingPath: [any CodingKey] { [] }
    mutating func encodeNil() throws { throw RecordCoding.notKeyed }
    mutating func encode<T: Encodable>(_ value: T) throws { throw RecordCoding.notKeyed }
}

// MARK: - Decoding

/// The top-level decoder: offers the record's fields as a keyed container.
private struct RecordFieldsDecoder: Decoder {
    let record: Record
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(RecordFieldsReader<Key>(record: record))
    }
    func unkeyedContainer() throws -> any UnkeyedDecodingContainer { throw RecordCoding.notKeyed }
    func singleValueContainer() throws -> any SingleValueDecodingContainer { throw RecordCoding.notKeyed }
}

/// Reads each key from the field of the same name.
private struct RecordFieldsReader<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let record: Record
    var codingPath: [any CodingKey] { [] }
    var allKeys: [Key] { record.names.compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool { record[key.stringValue] != nil }

    func decodeNil(forKey key: Key) throws -> Bool { record[key.stringValue]?.isNull ?? true }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        guard let value = record[key.stringValue] else {
            throw BatchError(.validation, "field '\(key.stringValue)' is missing")
        }
        return try FieldValueDecoder(field: key.stringValue, value: value).decode(type)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        throw RecordCoding.nested(key.stringValue)
    }
    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        throw RecordCoding.nested(key.stringValue)
    }
    func superDecoder() throws -> any Decoder { RecordFieldsDecoder(record: record) }
    func superDecoder(forKey key: Key) throws -> any Decoder { RecordFieldsDecoder(record: record) }
}

/// Decodes one field's value, converting compatible values.
private struct FieldValueDecoder: Decoder, SingleValueDecodingContainer {
    let field: String
    let value: RecordValue
    var codingPath: [any CodingKey] { [RecordCoding.FieldKey(stringValue: field)] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> { throw RecordCoding.nested(field) }
    func unkeyedContainer() throws -> any UnkeyedDecodingContainer { throw RecordCoding.nested(field) }
    func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

    func decodeNil() -> Bool { value.isNull }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        if let known = try known(type) { return known }
        return try T(from: self)
    }

    func decode(_ type: Bool.Type) throws -> Bool {
        switch value {
        case .bool(let b): return b
        case .int(0): return false
        case .int(1): return true
        case .string(let s) where s.lowercased() == "true": return true
        case .string(let s) where s.lowercased() == "false": return false
        default: throw mismatch("Bool")
        }
    }

    func decode(_ type: String.Type) throws -> String {
        guard !value.isNull else { throw mismatch("String") }
        return value.description
    }

    func decode(_ type: Double.Type) throws -> Double {
        switch value {
        case .double(let d): return d
        case .int(let i): return Double(i)
        case .decimal(let d): if let v = Double(d.description) { return v }
        case .string(let s): if let v = Double(s.trimmingCharacters(in: .whitespaces)) { return v }
        default: break
        }
        throw mismatch("Double")
    }

    func decode(_ type: Float.Type) throws -> Float { Float(try decode(Double.self)) }
    func decode(_ type: Int.Type) throws -> Int { try integer() }
    func decode(_ type: Int8.Type) throws -> Int8 { try integer() }
    func decode(_ type: Int16.Type) throws -> Int16 { try integer() }
    func decode(_ type: Int32.Type) throws -> Int32 { try integer() }
    func decode(_ type: Int64.Type) throws -> Int64 { try integer() }
    func decode(_ type: UInt.Type) throws -> UInt { try integer() }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try integer() }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try integer() }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try integer() }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try integer() }

    /// An integer of type `T` from an int, a numeric string or a whole double/decimal.
    private func integer<T: FixedWidthInteger>() throws -> T {
        let whole: Int?
        switch value {
        case .int(let i): whole = i
        case .string(let s): whole = Int(s.trimmingCharacters(in: .whitespaces))
        case .double(let d): whole = Int(exactly: d)
        case .decimal(let d): whole = Int(d.description)
        default: whole = nil
        }
        guard let whole, let result = T(exactly: whole) else { throw mismatch("\(T.self)") }
        return result
    }

    /// The types records carry natively, converted here rather than through their own Codable.
    private func known<T>(_ type: T.Type) throws -> T? {
        switch type {
        case is Decimal.Type: return try decimal() as? T
        case is Date.Type: return try date() as? T
        case is CalendarDate.Type: return try calendarDate() as? T
        case is Data.Type: return Data(try bytes()) as? T
        case is [UInt8].Type: return try bytes() as? T
        case is URL.Type: return try url() as? T
        default: return nil
        }
    }

    private func decimal() throws -> Decimal {
        switch value {
        case .decimal(let d): return d
        case .int(let i): return Decimal(i)
        case .double(let d): if d.isFinite, let v = Decimal(string: "\(d)") { return v }
        case .string(let s):
            let text = s.trimmingCharacters(in: .whitespaces)
            if text.utf8.allSatisfy({ RecordCoding.numberCharacters.contains($0) }), Double(text) != nil,
                let v = Decimal(string: text)
            {
                return v
            }
        default: break
        }
        throw mismatch("Decimal")
    }

    private func date() throws -> Date {
        switch value {
        case .timestamp(let t): return t
        case .date(let d): if let v = RecordCoding.midnight(d) { return v }
        case .string(let s):
            if let t = Timestamps.parse(s) { return t }
            if let d = CalendarDate(s), let v = RecordCoding.midnight(d) { return v }
        default: break
        }
        throw mismatch("Date")
    }

    private func calendarDate() throws -> CalendarDate {
        switch value {
        case .date(let d): return d
        case .string(let s): if let d = CalendarDate(s) { return d }
        default: break
        }
        throw mismatch("CalendarDate")
    }

    private func url() throws -> URL {
        guard case .string(let s) = value, let url = URL(string: s) else { throw mismatch("URL") }
        return url
    }

    private func bytes() throws -> [UInt8] {
        switch value {
        case .bytes(let b): return b
        case .string(let s): if let data = Data(base64Encoded: s) { return Array(data) }
        default: break
        }
        throw mismatch("bytes")
    }

    private func mismatch(_ type: String) -> BatchError {
        let shown: String
        switch value {
        case .null: shown = "null"
        case .string(let s): shown = "string '\(s.count > 60 ? s.prefix(57) + "..." : Substring(s))'"
        case .bytes(let b): shown = "bytes (\(b.count) bytes)"
        default: shown = "\(value.typeName) \(value.description)"
        }
        return BatchError(.validation, "field '\(field)': cannot read \(shown) as \(type)")
    }
}

/// Errors and conversions shared by the record encoder and decoder.
private enum RecordCoding {
    /// A nested struct, array or dictionary in a field.
    static func nested(_ field: String) -> BatchError {
        BatchError(.validation, "field '\(field)': nested values (structs, arrays, dictionaries) do not fit a flat record; encode them as a string")
    }

    /// Something other than a struct with named fields at the top level.
    static let notKeyed = BatchError(.validation, "a record encodes and decodes only types with named fields (structs)")

    /// An unsigned integer as an int, if it fits.
    static func int<T: BinaryInteger>(_ value: T, field: String) throws -> Int {
        guard let result = Int(exactly: value) else {
            throw BatchError(.validation, "field '\(field)': \(value) does not fit a 64-bit signed int")
        }
        return result
    }

    /// A coding key naming a field, for the coding path of errors.
    struct FieldKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// The characters of a decimal number in text (digits, sign, point, exponent).
    static let numberCharacters = Set("0123456789+-.eE".utf8)

    /// A day's midnight in UTC.
    static func midnight(_ date: CalendarDate) -> Date? {
        var calendar = Calendar(identifier: .gregorian)
        guard let utc = TimeZone(identifier: "UTC") else { return nil }
        calendar.timeZone = utc
        return calendar.date(from: DateComponents(year: date.year, month: date.month, day: date.day))
    }
}
