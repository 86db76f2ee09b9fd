import Foundation
import Sluice
@testable import SluicePostgres
import Testing

@Suite("COPY text encoding")
struct CopyTextEncoderTests {
    private func encoded(_ row: [RecordValue]) -> String {
        var encoder = CopyTextEncoder(capacity: 64)
        encoder.append(row: row)
        return String(decoding: encoder.bytes, as: UTF8.self)
    }

    @Test func valuesOfEveryKind() throws {
        let date = try #require(CalendarDate(year: 2026, month: 3, day: 7))
        #expect(encoded([.int(0), .int(-42), .int(Int.max), .int(Int.min)]) == "0\t-42\t9223372036854775807\t-9223372036854775808\n")
        #expect(encoded([.double(1.5), .double(.infinity), .double(-.infinity), .double(.nan)]) == "1.5\tInfinity\t-Infinity\tNaN\n")
        #expect(encoded([.bool(true), .bool(false), .null, .date(date)]) == "t\tf\t\\N\t2026-03-07\n")
        #expect(encoded([.bytes([0x00, 0xAB, 0xFF])]) == "\\\\x00abff\n")
        #expect(encoded([.decimal(Decimal(string: "12.340")!)]) == "12.34\n")
        #expect(encoded([.timestamp(Date(timeIntervalSince1970: 1_764_500_000.123456))]) == "2025-11-30 10:53:20.123456+00\n")
        #expect(encoded([.timestamp(Date(timeIntervalSince1970: -1))]) == "1969-12-31 23:59:59.000000+00\n")
    }

    @Test func textIsEscapedOnlyWhenNeeded() {
        #expect(encoded([.string("plain text, with ünïcode")]) == "plain text, with ünïcode\n")
        #expect(encoded([.string("a\\b\tc\nd\re")]) == "a\\\\b\\tc\\nd\\re\n")
        #expect(encoded([.string("")]) == "\n")
    }
}
