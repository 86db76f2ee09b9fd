import Testing
@testable import SluiceParquet

@Suite struct ParquetDecimalTests {
    @Test func normalisesAndFormats() {
        #expect(ParquetDecimal(unscaled: -12_340, scale: 3).description == "-12.340")
        #expect(ParquetDecimal(unscaled: 5, scale: 4).description == "0.0005")
        #expect(ParquetDecimal(unscaled: 0, scale: 2).description == "0.00")
        #expect(ParquetDecimal(unscaled: 7, scale: 0).description == "7")
        #expect(ParquetDecimal(unscaled: Int64.min, scale: 0).description == "-9223372036854775808")
        #expect(ParquetDecimal(unscaledBigEndian: [0x00, 0x00, 0x7F], scale: 0).unscaledBigEndian == [0x7F])
        #expect(ParquetDecimal(unscaledBigEndian: [0xFF, 0xFF, 0x80], scale: 0).unscaledBigEndian == [0x80])
        #expect(ParquetDecimal(unscaledBigEndian: [], scale: 1).description == "0.0")
        // 2^80 does not fit 64 bits.
        let big = ParquetDecimal(unscaledBigEndian: [0x01] + [UInt8](repeating: 0, count: 10), scale: 2)
        #expect(big.description == "12089258196146291747061.76")
        #expect(big.unscaledInt64 == nil)
        #expect(ParquetDecimal(unscaled: -3, scale: 0).bigEndianBytes(count: 4) == [0xFF, 0xFF, 0xFF, 0xFD])
    }

    @Test func ordersByUnscaledValue() {
        let values: [Int64] = [-300, -2, 0, 1, 255, 70_000]
        for (index, low) in values.enumerated() {
            for high in values[(index + 1)...] {
                #expect(ParquetDecimal.unscaledLess(ParquetDecimal(unscaled: low, scale: 0), ParquetDecimal(unscaled: high, scale: 0)))
                #expect(!ParquetDecimal.unscaledLess(ParquetDecimal(unscaled: high, scale: 0), ParquetDecimal(unscaled: low, scale: 0)))
            }
        }
    }

    @Test func narrowAndWideValuesCompareEqualAndOrderAcrossRepresentations() {
        // The same value given as an integer or as (padded) bytes is one value.
        #expect(ParquetDecimal(unscaled: 128, scale: 1) == ParquetDecimal(unscaledBigEndian: [0, 0, 0, 0x80], scale: 1))
        #expect(ParquetDecimal(unscaled: -1, scale: 0) == ParquetDecimal(unscaledBigEndian: [0xFF, 0xFF], scale: 0))
        #expect(ParquetDecimal(unscaled: 128, scale: 0).unscaledBigEndian == [0x00, 0x80])
        #expect(ParquetDecimal(unscaled: Int64.min, scale: 0).unscaledBigEndian == [0x80, 0, 0, 0, 0, 0, 0, 0])
        #expect(ParquetDecimal(unscaledBigEndian: [0x80, 0, 0, 0, 0, 0, 0, 0], scale: 0).unscaledInt64 == Int64.min)
        // Nine bytes that sign-extend from eight stay narrow.
        #expect(ParquetDecimal(unscaledBigEndian: [0xFF, 0x80, 0, 0, 0, 0, 0, 0, 1], scale: 0).unscaledInt64 == Int64.min + 1)
        let wideNegative = ParquetDecimal(unscaledBigEndian: [0xFE] + [UInt8](repeating: 0, count: 9), scale: 0)
        let widePositive = ParquetDecimal(unscaledBigEndian: [0x01] + [UInt8](repeating: 0, count: 9), scale: 0)
        let ordered = [wideNegative, ParquetDecimal(unscaled: Int64.min, scale: 0), ParquetDecimal(unscaled: -1, scale: 0),
                       ParquetDecimal(unscaled: 0, scale: 0), ParquetDecimal(unscaled: Int64.max, scale: 0), widePositive]
        for (index, low) in ordered.enumerated() {
            for high in ordered[(index + 1)...] {
                #expect(ParquetDecimal.unscaledLess(low, high), "\(low) < \(high)")
                #expect(!ParquetDecimal.unscaledLess(high, low), "\(high) ≮ \(low)")
            }
        }
        #expect(ParquetDecimal(unscaled: -99_999, scale: 2).digitCount == 5)
        #expect(ParquetDecimal(unscaled: 0, scale: 2).digitCount == 1)
        #expect(widePositive.digitCount == 22)
    }

    @Test func choosesTheSmallestStorage() {
        #expect(ParquetDecimalType(precision: 9, scale: 0).storage == .int32)
        #expect(ParquetDecimalType(precision: 18, scale: 0).storage == .int64)
        #expect(ParquetDecimalType(precision: 19, scale: 0).storage == .fixedLength(9))
        #expect(ParquetDecimalType(precision: 38, scale: 0).storage == .fixedLength(16))
    }
}
