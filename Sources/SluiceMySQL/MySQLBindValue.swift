#if MySQL
import Foundation
import Sluice

/// A statement parameter as it travels in MySQL's binary protocol.
enum MySQLBindValue: Sendable {
    case null
    case int(Int64)
    case uint(UInt64)
    case double(Double)
    /// Exact decimal text, bound as `DECIMAL` (never through `Double`).
    case decimal(String)
    case text(String)
    case bytes([UInt8])
    case timestamp(MySQLTimestamp)

    /// The parameter for an SQLKit bind: Swift's plain types directly, anything else through its
    /// single-value `Encodable` form (JSON text for keyed and unkeyed values).
    static func from(_ value: any Encodable) throws -> MySQLBindValue {
        switch value {
        // The most common types first: each miss is a dynamic cast.
        case let v as String: return .text(v)
        case let v as Int: return .int(Int64(v))
        case let v as Double: return .double(v)
        case let v as Bool: return .int(v ? 1 : 0)
        case let v as Date: return .timestamp(MySQLTimestamp(v))
        case let v as Decimal:
            guard v.isFinite else { throw BatchError(.validation, "cannot bind the decimal NaN to a MySQL parameter") }
            return .decimal(v.description)
        case let v as Data: return .bytes([UInt8](v))
        case let v as Int64: return .int(v)
        case let v as Int32: return .int(Int64(v))
        case let v as Int16: return .int(Int64(v))
        case let v as Int8: return .int(Int64(v))
        case let v as UInt: return .uint(UInt64(v))
        case let v as UInt64: return .uint(v)
        case let v as UInt32: return .uint(UInt64(v))
        case let v as UInt16: return .uint(UInt64(v))
        case let v as UInt8: return .uint(UInt64(v))
        case let v as Float: return .double(Double(v))
        case let v as [UInt8]: return .bytes(v)
        case let v as UUID: return .text(v.uuidString.lowercased())
        case let v as CalendarDate: return .text(v.description)
        default:
            let capture = MySQLBindCapture()
            do {
                try value.encode(to: capture)
                if let captured = capture.value { return captured }
            } catch MySQLBindCapture.NotSingleValue.error {}
            let json = try JSONEncoder().encode(value)
            return .text(String(decoding: json, as: UTF8.self))
        }
    }
}

/// An `Encoder` that captures one single value (an optional's nil, a raw-representable enum's raw
/// value...); keyed and unkeyed values are refused so the caller can use JSON instead.
final class MySQLBindCapture: Encoder {
    enum NotSingleValue: Error { case error }
    var value: MySQLBindValue?
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(Refusing<Key>())
    }
    func unkeyedContainer() -> any UnkeyedEncodingContainer { RefusingUnkeyed() }
    func singleValueContainer() -> any SingleValueEncodingContainer { Single(capture: self) }

    struct Single: SingleValueEncodingContainer {
        let capture: MySQLBindCapture
        var codingPath: [any CodingKey] { [] }
        mutating func encodeNil() throws { capture.value = .null }
        mutating func encode<T: Encodable>(_ value: T) throws { capture.value = try MySQLBindValue.from(value) }
    }

    struct Refusing<Key: CodingKey>: KeyedEncodingContainerProtocol {
        var codingPath: [any CodingKey] { [] }
        mutating func encodeNil(forKey key: Key) throws { throw NotSingleValue.error }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { throw NotSingleValue.error }
        mutating func nestedContainer<N: CodingKey>(keyedBy keyType: N.Type, forKey key: Key) -> KeyedEncodingContainer<N> {
            KeyedEncodingContainer(Refusing<N>())
        }
        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer { RefusingUnkeyed() }
        mutating func superEncoder() -> any Encoder { MySQLBindCapture() }
        mutating func superEncoder(forKey key: Key) -> any Encoder { MySQLBindCapture() }
    }

    struct RefusingUnkeyed: UnkeyedEncodingContainer {
        var codingPath: [any CodingKey] { [] }
        var count: Int { 0 }
        mutating func encodeNil() throws { throw NotSingleValue.error }
        mutating func encode<T: Encodable>(_ value: T) throws { throw NotSingleValue.error }
        mutating func nestedContainer<N: CodingKey>(keyedBy keyType: N.Type) -> KeyedEncodingContainer<N> {
            KeyedEncodingContainer(Refusing<N>())
        }
        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer { RefusingUnkeyed() }
        mutating func superEncoder() -> any Encoder { MySQLBindCapture() }
    }
}
#endif
