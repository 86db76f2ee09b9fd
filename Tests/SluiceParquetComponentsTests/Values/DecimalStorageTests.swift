import Foundation
import SluiceParquet
import Testing
@testable import SluiceParquetComponents

@Suite struct DecimalStorageTests {
    private static func decimal(_ text: String) -> Decimal {
        Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))!
    }

    @Test func readsSignificandsOfUpTo64BitsFromTheStorage() {
        #expect(DecimalStorage.isUnderstood)
        let cases: [(String, UInt64)] = [("0", 0), ("123.45", 12_345), ("-0.5", 5), ("65536", 65_536),
                                         ("18446744073709551615", .max), ("4294967303e-3", 4_294_967_303)]
        for (text, magnitude) in cases {
            #expect(DecimalStorage.magnitude64(Self.decimal(text)) == magnitude, "\(text)")
        }
        // Results of arithmetic too, whose mantissa shrank.
        #expect(DecimalStorage.magnitude64(Self.decimal("100000000000000000000.5") - Self.decimal("100000000000000000000")) == 5)
        #expect(DecimalStorage.magnitude64(Self.decimal("18446744073709551616")) == nil)
    }

    @Test func parquetDecimalsMatchTheDigitPath() {
        let cases: [(String, Int64)] = [("123.45", 12_345), ("-123.45", -12_345), ("0.10", 10), ("999999999.99", 99_999_999_999),
                                        ("-7", -700), ("1e2", 10_000)]
        for (text, unscaled) in cases {
            #expect(ExactDecimal.parquet(Self.decimal(text), scale: 2, precision: 18) == ParquetDecimal(unscaled: unscaled, scale: 2), "\(text)")
        }
        #expect(ExactDecimal.parquet(Self.decimal("1.005"), scale: 2, precision: 18) == nil)
        #expect(ExactDecimal.parquet(Self.decimal("123456789"), scale: 2, precision: 9) == nil)
    }
}
