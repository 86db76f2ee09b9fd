import Foundation
import Sluice
import Testing

@Suite struct RecordCodableTests {
    enum Status: String, Codable { case open, closed }

    struct Order: Codable, Equatable {
        var id: Int
        var customer: String
        var amount: Decimal
        var rate: Double
        var paid: Bool
        var day: CalendarDate
        var at: Date
        var blob: Data
        var status: Status
        var note: String?
    }

    let order = Order(
        id: 7, customer: "ada", amount: Decimal(string: "12.10")!, rate: 0.5, paid: true,
        day: CalendarDate("2026-11-30")!, at: Date(timeIntervalSince1970: 1_800_000_000), blob: Data([1, 2, 3]),
        status: .open, note: nil)

    @Test func encodesFieldsInDeclarationOrderWithRecordTypes() throws {
        let record = try Record(encoding: order)
        #expect(record.names == ["id", "customer", "amount", "rate", "paid", "day", "at", "blob", "status", "note"])
        #expect(record["id"] == 7)
        #expect(record["amount"] == .decimal(Decimal(string: "12.10")!))
        #expect(record["rate"] == .double(0.5))
        #expect(record["paid"] == true)
        #expect(record["day"] == .date(CalendarDate("2026-11-30")!))
        #expect(record["at"] == .timestamp(Date(timeIntervalSince1970: 1_800_000_000)))
        #expect(record["blob"] == .bytes([1, 2, 3]))
        #expect(record["status"] == "open")
        #expect(record["note"] == .null)
    }

    @Test func roundTrips() throws {
        var withNote = order
        withNote.note = "rush"
        #expect(try Record(encoding: order).decode(as: Order.self) == order)
        #expect(try Record(encoding: withNote).decode(as: Order.self) == withNote)
    }

    struct Untyped: Decodable, Equatable {
        var id: Int
        var small: Int8
        var amount: Decimal
        var rate: Double
        var ratio: Float
        var paid: Bool
        var day: CalendarDate
        var at: Date
        var label: String
        var bytes: [UInt8]
        var missing: Int?
        var empty: String?
    }

    @Test func decodesFromUntypedCSVStrings() throws {
        let record = Record([
            ("id", " 12 "), ("small", "-3"), ("amount", "0.10"), ("rate", "2.5"), ("ratio", "0.25"), ("paid", "TRUE"),
            ("day", "2026-11-30"), ("at", "2026-11-30T10:00:00Z"), ("label", "x"), ("bytes", "AQI="), ("empty", .null),
        ])
        let value = try record.decode(as: Untyped.self)
        #expect(value == Untyped(
            id: 12, small: -3, amount: Decimal(string: "0.1")!, rate: 2.5, ratio: 0.25, paid: true,
            day: CalendarDate("2026-11-30")!, at: Timestamps.parse("2026-11-30T10:00:00Z")!, label: "x", bytes: [1, 2],
            missing: nil, empty: nil))
    }

    @Test func convertsCompatibleTypedValues() throws {
        let record = Record([
            ("id", .double(12)), ("small", .decimal(5)), ("amount", .double(0.1)), ("rate", 3), ("ratio", .decimal(Decimal(string: "0.5")!)),
            ("paid", 1), ("day", .date(CalendarDate("2026-11-30")!)), ("at", .date(CalendarDate("1970-01-02")!)),
            ("label", 42), ("bytes", .bytes([9])),
        ])
        let value = try RecordDecoder().decode(Untyped.self, from: record)
        #expect(value.id == 12)
        #expect(value.small == 5)
        #expect(value.amount == Decimal(string: "0.1")!)
        #expect(value.rate == 3)
        #expect(value.ratio == 0.5)
        #expect(value.paid)
        #expect(value.at == Date(timeIntervalSince1970: 86_400))
        #expect(value.label == "42")
        #expect(value.bytes == [9])
    }

    struct One<T: Decodable>: Decodable { var v: T }

    /// The validation message decoding field `v` holding `value` as `T` raises.
    func failure<T: Decodable>(_ value: RecordValue, as type: T.Type) throws -> String {
        let error = try #require(throws: BatchError.self) { try Record([("v", value)]).decode(as: One<T>.self) }
        #expect(error.category == .validation)
        return error.message
    }

    @Test func incompatibleValuesNameTheFieldAndValue() throws {
        #expect(try failure("abc", as: Int.self) == "field 'v': cannot read string 'abc' as Int")
        #expect(try failure(300, as: Int8.self) == "field 'v': cannot read int 300 as Int8")
        #expect(try failure(.double(1.5), as: Int.self) == "field 'v': cannot read double 1.5 as Int")
        #expect(try failure("1.5abc", as: Decimal.self) == "field 'v': cannot read string '1.5abc' as Decimal")
        #expect(try failure("x", as: Double.self) == "field 'v': cannot read string 'x' as Double")
        #expect(try failure("yes", as: Bool.self) == "field 'v': cannot read string 'yes' as Bool")
        #expect(try failure(.null, as: String.self) == "field 'v': cannot read null as String")
        #expect(try failure("30.11.2026", as: CalendarDate.self) == "field 'v': cannot read string '30.11.2026' as CalendarDate")
        #expect(try failure("soon", as: Date.self) == "field 'v': cannot read string 'soon' as Date")
        #expect(try failure(5, as: Data.self) == "field 'v': cannot read int 5 as bytes")
        #expect(try failure(5, as: URL.self) == "field 'v': cannot read int 5 as URL")
    }

    @Test func errorsOfTheTypesOwnDecodingNameTheField() throws {
        let error = try #require(throws: DecodingError.self) { try Record([("v", "pending")]).decode(as: One<Status>.self) }
        guard case .dataCorrupted(let context) = error else {
            Issue.record("unexpected \(error)")
            return
        }
        #expect(context.codingPath.map(\.stringValue) == ["v"])
    }

    @Test func missingFieldsFail() throws {
        let error = try #require(throws: BatchError.self) { try Record([("other", 1)]).decode(as: One<Int>.self) }
        #expect(error.message == "field 'v' is missing")
    }

    struct Nested: Decodable { var inner: One<Int>; var list: [Int] }
    struct Listed: Encodable { var list: [Int] }
    struct Inner: Encodable { var inner: Point }
    struct Point: Encodable { var x: Int }

    @Test func nestedValuesAreRejected() throws {
        let nested = "nested values (structs, arrays, dictionaries) do not fit a flat record; encode them as a string"
        let list = try #require(throws: BatchError.self) { try Record(encoding: Listed(list: [1])) }
        #expect(list.message == "field 'list': \(nested)")
        let inner = try #require(throws: BatchError.self) { try Record(encoding: Inner(inner: Point(x: 1))) }
        #expect(inner.message == "field 'inner': \(nested)")
        let decoded = try #require(throws: BatchError.self) { try Record([("inner", 1), ("list", 2)]).decode(as: Nested.self) }
        #expect(decoded.message == "field 'inner': \(nested)")
    }

    @Test func onlyStructsMapToRecords() throws {
        let error = try #require(throws: BatchError.self) { try Record(encoding: [1, 2]) }
        #expect(error.message == "a record encodes and decodes only types with named fields (structs)")
        #expect(throws: BatchError.self) { try Record(encoding: 5) }
        #expect(throws: BatchError.self) { try Record([("a", 1)]).decode(as: Int.self) }
    }

    struct Wide: Encodable { var big: UInt64 }

    @Test func unsignedValuesMustFitAnInt() throws {
        let error = try #require(throws: BatchError.self) { try Record(encoding: Wide(big: .max)) }
        #expect(error.message == "field 'big': 18446744073709551615 does not fit a 64-bit signed int")
        #expect(try Record(encoding: Wide(big: 5))["big"] == 5)
    }

    struct Renamed: Codable, Equatable {
        var orderId: Int
        var value: CalendarDate
        var link: URL
        enum CodingKeys: String, CodingKey {
            case orderId = "order_id"
            case value, link
        }
    }

    struct Raw: Encodable { var value: RecordValue }

    @Test func recordValuesPassThroughEncoding() throws {
        #expect(try Record(encoding: Raw(value: .date(CalendarDate("2026-01-02")!))) == Record([("value", .date(CalendarDate("2026-01-02")!))]))
    }

    @Test func codingKeysNameTheFields() throws {
        let item = Renamed(orderId: 3, value: CalendarDate("2026-01-02")!, link: URL(string: "https://example.com/a")!)
        let record = try Record(encoding: item)
        #expect(record == Record([("order_id", 3), ("value", .date(CalendarDate("2026-01-02")!)), ("link", "https://example.com/a")]))
        #expect(try record.decode(as: Renamed.self) == item)
    }
}
