import Testing
@testable import SluiceParquet

/// The writer's dictionary finds values by bytes (``EncodedValueDictionary/insert(raw:byteLimit:)``)
/// and fixed-width numbers by their bits (``EncodedValueDictionary/insert(number:byteCount:byteLimit:)``);
/// both must agree on every value, or a chunk fed both ways would point rows at the wrong entry.
@Suite struct EncodedValueDictionaryTests {
    private static func raw(_ value: UInt64, _ byteCount: Int, into dictionary: inout EncodedValueDictionary) -> EncodedValueDictionary.Insertion {
        var little = value.littleEndian
        return withUnsafeBytes(of: &little) { dictionary.insert(raw: UnsafeRawBufferPointer(rebasing: $0[..<byteCount]), byteLimit: 1 << 20) }
    }

    @Test(arguments: [4, 8])
    func numbersAndBytesFindTheSameEntries(byteCount: Int) {
        var dictionary = EncodedValueDictionary()
        // Negative Int32s arrive sign-extended; the dictionary stores and hashes their four bytes.
        let values: [Int64] = (0..<3_000).map { Int64($0 % 2 == 0 ? $0 : -$0) * 7_919 }
        var expected: [Int64: UInt32] = [:]
        for (k, value) in values.enumerated() {
            let bits = UInt64(bitPattern: value)
            let insertion = k % 3 == 0 ? Self.raw(bits, byteCount, into: &dictionary)
                : dictionary.insert(number: bits, byteCount: byteCount, byteLimit: 1 << 20)
            let key = byteCount == 8 ? value : Int64(Int32(truncatingIfNeeded: value))
            if let index = expected[key] {
                #expect(insertion == .existing(index), "value \(value)")
            } else {
                #expect(insertion == .added(UInt32(expected.count)), "value \(value)")
                expected[key] = UInt32(expected.count)
            }
        }
        // Every value again, the other way round: found, never added.
        for (k, value) in values.enumerated() {
            let bits = UInt64(bitPattern: value)
            let key = byteCount == 8 ? value : Int64(Int32(truncatingIfNeeded: value))
            let insertion = k % 3 == 0 ? dictionary.insert(number: bits, byteCount: byteCount, byteLimit: 1 << 20)
                : Self.raw(bits, byteCount, into: &dictionary)
            #expect(insertion == .existing(expected[key]!))
        }
        #expect(dictionary.count == expected.count)
        #expect(dictionary.byteSize == expected.count * byteCount)
        // The entries hold the little-endian bytes of the values, in order of first appearance.
        for (key, index) in expected {
            var little = UInt64(bitPattern: key).littleEndian
            let bytes = withUnsafeBytes(of: &little) { Array($0[..<byteCount]) }
            #expect(Array(dictionary.entry(Int(index))) == bytes)
        }
    }

    @Test func aNumberPastTheByteLimitIsRefused() {
        var dictionary = EncodedValueDictionary()
        #expect(dictionary.insert(number: 1, byteCount: 8, byteLimit: 16) == .added(0))
        #expect(dictionary.insert(number: 2, byteCount: 8, byteLimit: 16) == .added(1))
        #expect(dictionary.insert(number: 3, byteCount: 8, byteLimit: 16) == .full)
        #expect(dictionary.insert(number: 2, byteCount: 8, byteLimit: 16) == .existing(1))
        #expect(dictionary.count == 2)
    }

    @Test func byteArraysFoundByValueOrByEncodingAreTheSameEntries() {
        var dictionary = EncodedValueDictionary()
        // Lengths 0 to 40 cover the short stream (under a word), the first word and every tail.
        let values: [[UInt8]] = (0..<600).map { i in (0..<(i % 41)).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ i / 41) } }
        var expected: [[UInt8]: UInt32] = [:]
        for (k, value) in values.enumerated() {
            let encoded = withUnsafeBytes(of: UInt32(value.count).littleEndian, Array.init) + value
            #expect(EncodedValueDictionary.hash(lengthPrefixed: value.withUnsafeBytes { $0 }) == encoded.withUnsafeBytes { EncodedValueDictionary.hash($0) })
            let insertion = k % 2 == 0 ? dictionary.insert(encoded, byteLimit: 1 << 20)
                : value.withUnsafeBytes { dictionary.insert(lengthPrefixed: $0, byteLimit: 1 << 20) }
            if let index = expected[value] {
                #expect(insertion == .existing(index), "value \(value)")
            } else {
                #expect(insertion == .added(UInt32(expected.count)), "value \(value)")
                #expect(Array(dictionary.entry(expected.count)) == encoded)
                expected[value] = UInt32(expected.count)
            }
        }
        for value in expected.keys {
            let encoded = withUnsafeBytes(of: UInt32(value.count).littleEndian, Array.init) + value
            #expect(value.withUnsafeBytes { dictionary.insert(lengthPrefixed: $0, byteLimit: 1 << 20) } == .existing(expected[value]!))
            #expect(dictionary.insert(encoded, byteLimit: 1 << 20) == .existing(expected[value]!))
        }
        // Past the byte limit nothing is added: the limit counts the length prefix too.
        var small = EncodedValueDictionary()
        #expect(([1, 2, 3] as [UInt8]).withUnsafeBytes { small.insert(lengthPrefixed: $0, byteLimit: 7) } == .added(0))
        #expect(([4, 5, 6] as [UInt8]).withUnsafeBytes { small.insert(lengthPrefixed: $0, byteLimit: 13) } == .full)
    }
}
