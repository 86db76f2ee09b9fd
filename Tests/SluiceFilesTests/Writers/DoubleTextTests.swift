import Foundation
import Testing
import Sluice
@testable import SluiceFiles

/// The writers' fast path for doubles must print exactly what `Double.description` prints.
@Suite struct DoubleTextTests {
    static func text(_ value: Double) -> String {
        var buffer: [UInt8] = []
        RecordBytes.appendDouble(value, to: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }

    @Test(arguments: [0.0, -0.0, 1, -1, 0.1, 0.2, 0.3, 1.0 / 3, 2.0 / 3, 0.0001, 0.00012345, 0.00009999, 1e-5, 123.45, -123.45,
                      123456789012345.0, 999999999999999.0, 99999999999999.9, 1e15, 1e16, 2.5e15, 12345678901234.5,
                      9007199254740993, 0.000123456789012345, 5e-324, .greatestFiniteMagnitude, .infinity, -.infinity, 4.35, 1.005, 0.045])
    func edgeCasesPrintLikeDescription(_ value: Double) {
        #expect(Self.text(value) == value.description)
    }

    @Test func shortDecimalsPrintLikeDescription() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<100_000 {
            let digits = Double(Int64.random(in: -999_999_999_999_999...999_999_999_999_999, using: &generator) >> Int.random(in: 0...48, using: &generator))
            let value = digits / pow(10, Double(Int.random(in: 0...18, using: &generator)))
            #expect(Self.text(value) == value.description, "\(value)")
        }
    }

    @Test func arbitraryDoublesPrintLikeDescription() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<100_000 {
            let value = Double(bitPattern: UInt64.random(in: .min ... .max, using: &generator))
            guard !value.isNaN else { continue }
            #expect(Self.text(value) == value.description, "\(value.bitPattern)")
        }
    }

    @Test func theFastPathTakesOnlyPlainShortValues() {
        #expect(DecimalText.shortDigits(123.45)! == (12345, 2))
        #expect(DecimalText.shortDigits(100)! == (100, 0))
        #expect(DecimalText.shortDigits(1.0 / 3) == nil)  // 16 digits
        #expect(DecimalText.shortDigits(1e15) == nil)
        #expect(DecimalText.shortDigits(0.00009) == nil)  // printed with an exponent
    }
}
