import Foundation
import Sluice
import Testing
@testable import SluiceFiles

@Suite struct FieldConversionTests {
    private func convert(_ text: String, _ type: ColumnType) -> Result<RecordValue, FieldConversion.FieldError> {
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBufferPointer { p in
            Result { () throws(FieldConversion.FieldError) in try FieldConversion(nullValues: [], trim: false).value(UnsafeBufferPointer(p), as: type) }
        }
    }

    @Test(arguments: [
        ("9223372036854775807", ColumnType.int, RecordValue.int(.max)), ("-9223372036854775808", .int, .int(.min)), (" +5 ", .int, .int(5)),
        // 18 digits take the unchecked loop, 19 the checked one.
        ("-999999999999999999", .int, .int(-999_999_999_999_999_999)), ("1000000000000000000", .int, .int(1_000_000_000_000_000_000)),
        ("-0", .int, .int(0)), ("007", .int, .int(7)),
        ("0.1", .decimal, .decimal(Decimal(string: "0.1")!)), ("-12345678901234567890.5", .decimal, .decimal(Decimal(string: "-12345678901234567890.5")!)),
        ("1.5e3", .decimal, .decimal(1500)), (".5", .double, .double(0.5)), ("N", .bool, .bool(false)), ("TRUE", .bool, .bool(true)),
        ("2024-01-31", .timestamp, .timestamp(Date(timeIntervalSince1970: 1_706_659_200))),
        ("2024-01-31 01:02", .timestamp, .timestamp(Date(timeIntervalSince1970: 1_706_662_920))),
        ("2024-01-31T01:02:03-0130", .timestamp, .timestamp(Date(timeIntervalSince1970: 1_706_662_923 + 5400))),
    ])
    func convertsValidText(text: String, type: ColumnType, expected: RecordValue) throws {
        #expect(try convert(text, type).get() == expected)
    }

    @Test(arguments: [
        ("9223372036854775808", ColumnType.int), ("-9223372036854775809", .int), ("99999999999999999999", .int), ("1.0", .int), ("12a", .int),
        ("12345678901234567a", .int), ("-", .int), ("+", .int), ("1-2", .int), ("1,5", .double), ("inf", .double),
        ("1e", .decimal), ("abc", .decimal), ("maybe", .bool), ("2023-02-29", .date), ("2024-1-01", .date),
        ("2024-01-31T25:00", .timestamp), ("2024-01-31T01:02:03+", .timestamp), ("2024-01-31X", .timestamp),
    ])
    func rejectsInvalidText(text: String, type: ColumnType) {
        guard case .failure(let error) = convert(text, type) else {
            Issue.record("'\(text)' converted as \(type)")
            return
        }
        #expect(error.message == "'\(text.trimmingCharacters(in: .whitespaces))' is not a valid \(type.rawValue)")
    }

    @Test func boolWordsInAnyCase() throws {
        for word in ["true", "TRUE", "tRuE", "t", "T", "yes", "YES", "y", "Y", "1"] { #expect(try convert(word, .bool).get() == .bool(true), "\(word)") }
        for word in ["false", "FALSE", "fAlSe", "f", "F", "no", "No", "n", "N", "0"] { #expect(try convert(word, .bool).get() == .bool(false), "\(word)") }
        for word in ["tru", "truex", "yess", "ye", "2", "t\u{0}", "\u{0}t", "ÿ", "falsey", "on", "off", "nö"] {
            guard case .failure = convert(word, .bool) else {
                Issue.record("'\(word)' converted as bool")
                continue
            }
        }
    }
}
