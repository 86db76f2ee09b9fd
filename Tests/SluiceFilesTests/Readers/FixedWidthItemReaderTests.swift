import Foundation
import Sluice
import Testing
@testable import SluiceFiles

@Suite struct FixedWidthItemReaderTests {
    private let layout = [FixedWidthField("id", width: 4, type: .int), FixedWidthField("name", width: 6),
                          FixedWidthField("amount", width: 8, start: 12, type: .decimal)]

    @Test func readsFieldsByCharacterPositionTrimmingPadding() async throws {
        let dir = try ReaderTestDirectory()
        defer { dir.remove() }
        let path = try dir.write("p.txt", "   1Zoë   |    12.50\r\n  22Al\n\n   3Bob   |   -1.00 extra\n")
        let records = try await readAll(try FixedWidthItemReader(path: path, fields: layout))
        #expect(records == [
            Record([("id", 1), ("name", "Zoë"), ("amount", .decimal(Decimal(string: "12.50")!))]),
            Record([("id", 22), ("name", "Al"), ("amount", .null)]),
            Record([("id", 3), ("name", "Bob"), ("amount", .decimal(-1))]),
        ])
    }

    @Test func keepsPaddingWithoutTrim() async throws {
        let dir = try ReaderTestDirectory()
        defer { dir.remove() }
        let path = try dir.write("k.txt", "ab  cd\n")
        let fields = [FixedWidthField("a", width: 4), FixedWidthField("b", width: 2)]
        let properties = try JSONDecoder().decode(FixedWidthReaderProperties.self, from: Data(#"{"path": "k.txt", "trim": false, "fields": [{"name": "a", "width": 4}, {"name": "b", "width": 2}]}"#.utf8))
        #expect(properties.fields == fields)
        let records = try await readAll(try FixedWidthItemReader(properties: properties, baseDirectory: dir.path))
        #expect(records == [Record([("a", "ab  "), ("b", "cd")])])
    }

    @Test func aBadValueIsAParseErrorAndConsumed() async throws {
        let dir = try ReaderTestDirectory()
        defer { dir.remove() }
        let path = try dir.write("b.txt", "   1a\n   xb\n   3c\n")
        let reader = try FixedWidthItemReader(path: path, fields: [FixedWidthField("id", width: 4, type: .int), FixedWidthField("c", width: 1)])
        try await reader.open(ExecutionContext())
        let (records, errors) = try await readSkippingErrors(reader)
        #expect(records.map { $0["id"] } == [.int(1), .int(3)])
        #expect(errors == [BatchError(.parse, "\(path):2: field 'id' (characters 1-4): 'x' is not a valid int")])
    }

    @Test func rejectsInvalidLayouts() {
        #expect(throws: BatchError(.validation, "fixed reader 'fixed.reader': the layout has no fields")) { try FixedWidthItemReader(path: "f", fields: []) }
        #expect(throws: BatchError(.validation, "fixed reader 'fixed.reader': field 'a' needs a positive width, not 0")) {
            try FixedWidthItemReader(path: "f", fields: [FixedWidthField("a", width: 0)])
        }
        #expect(throws: BatchError(.validation, "fixed reader 'fixed.reader': the layout names 'a' twice")) {
            try FixedWidthItemReader(path: "f", fields: [FixedWidthField("a", width: 1), FixedWidthField("a", width: 1)])
        }
        #expect(throws: BatchError(.validation, "fixed reader 'fixed.reader': field 'a' starts at 0; positions start at 1")) {
            try FixedWidthItemReader(path: "f", fields: [FixedWidthField("a", width: 1, start: 0)])
        }
        #expect(throws: BatchError(.validation, "fixed reader 'fixed.reader': field 1 has an empty name")) {
            try FixedWidthItemReader(path: "f", fields: [FixedWidthField("", width: 1)])
        }
        #expect(throws: BatchError(.validation, "fixed reader 'fixed.reader': skip-lines must not be negative, not -2")) {
            try FixedWidthItemReader(path: "f", fields: [FixedWidthField("a", width: 1)], skipLines: -2)
        }
    }
}
