import Testing
@testable import SluiceFiles

/// The scanner finds unquoted field ends eight bytes at a time; these records put delimiters and
/// line breaks at every offset of a word, next to bytes that differ from them in one bit.
@Suite struct CSVRecordScannerTests {
    /// Bytes a field may hold: letters, UTF-8 continuation and lead bytes, a quote inside the
    /// field, and neighbours of the special bytes (`+` `-` next to `,`, tab and 0x0B/0x0C next to LF and CR).
    private static let fieldBytes: [UInt8] = Array("aZ09\"+-.;| ".utf8) + [0x09, 0x0B, 0x0C, 0x0E, 0x80, 0xAC, 0xC3, 0xE2, 0xFF, 0x2C ^ 0x80, 0x0A ^ 0x80]

    private struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    @Test(arguments: [UInt8(ascii: ","), UInt8(ascii: "\t"), UInt8(ascii: ";")])
    func findsEveryFieldEndAtEveryOffset(delimiter: UInt8) {
        var random = Generator(state: UInt64(delimiter))
        let breaks: [[UInt8]] = [[0x0A], [0x0D, 0x0A], [0x0D]]
        for _ in 0..<400 {
            let fieldCount = 1 + random.next(6)
            var expected: [[UInt8]] = []
            for _ in 0..<fieldCount {
                var field: [UInt8] = (0..<random.next(20)).map { _ in Self.fieldBytes[random.next(Self.fieldBytes.count)] }
                field.removeAll { $0 == delimiter }
                if field.first == UInt8(ascii: "\"") { field[0] = UInt8(ascii: "a") }
                expected.append(field)
            }
            let lineBreak = breaks[random.next(breaks.count)]
            let lead = (0..<random.next(9)).map { _ in UInt8(ascii: "x") }  // shifts the record within the words
            var bytes = lead + expected.joined(separator: [delimiter]) + lineBreak + Array("next\n".utf8)
            var scanner = CSVRecordScanner(delimiter: delimiter, quote: UInt8(ascii: "\""))
            let outcome = bytes.withUnsafeMutableBufferPointer { scanner.scan(UnsafeBufferPointer($0), at: lead.count, atEnd: true) }
            guard case .record(let end, let lines) = outcome else {
                Issue.record("no record for \(expected): \(outcome)")
                continue
            }
            #expect(lines == 1)
            #expect(end == bytes.count - 5)
            let found = scanner.fields.map { Array(bytes[$0.start..<$0.end]) }
            #expect(found == expected)
        }
    }

    @Test func aFieldRunningToTheEndOfTheBytesNeedsMoreUnlessAtTheEnd() {
        let bytes = Array("abcdefghijklmnop,qrstuvwxyz0123456789".utf8)
        var scanner = CSVRecordScanner(delimiter: UInt8(ascii: ","), quote: UInt8(ascii: "\""))
        let (partial, whole) = bytes.withUnsafeBufferPointer { buffer in
            (scanner.scan(buffer, at: 0, atEnd: false), scanner.scan(buffer, at: 0, atEnd: true))
        }
        guard case .needMore = partial else {
            Issue.record("expected needMore, got \(partial)")
            return
        }
        guard case .record(let end, _) = whole else {
            Issue.record("expected a record, got \(whole)")
            return
        }
        #expect(end == bytes.count)
        #expect(scanner.fields.map { $0.end - $0.start } == [16, 20])
    }
}
