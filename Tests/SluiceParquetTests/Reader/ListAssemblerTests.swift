import Testing
@testable import SluiceParquet

/// Levels → rows for list columns, including the malformed level sequences a damaged file gives.
@Suite struct ListAssemblerTests {
    let optionalShape = ParquetListShape(isListOptional: true, isElementOptional: true)   // levels 0...3

    @Test func assemblesNullEmptyAndNullElementRowsAcrossPages() throws {
        var lists = ListAssembler(shape: optionalShape, column: "c")
        // Rows: null, [], [1, null, 2] (split over two pages), [3]
        try lists.add(repetition: [0, 0, 0, 1], definition: [0, 1, 3, 2], values: [.int64(1)], at: 0)
        try lists.add(repetition: [1, 0], definition: [3, 3], values: [.int64(2), .int64(3)], at: 10)
        #expect(try lists.finish(rowCount: 4, at: 0) == [.null, .list([]), .list([.int64(1), .null, .int64(2)]), .list([.int64(3)])])
    }

    @Test func requiredListsHaveNoNullRows() throws {
        var lists = ListAssembler(shape: ParquetListShape(isListOptional: false, isElementOptional: false), column: "c")  // levels 0...1
        try lists.add(repetition: [0, 0, 1], definition: [0, 1, 1], values: [.int32(5), .int32(6)], at: 0)
        #expect(try lists.finish(rowCount: 2, at: 0) == [.list([]), .list([.int32(5), .int32(6)])])
    }

    @Test func malformedLevelsThrowWithTheOffset() {
        func code(_ body: () throws -> Void) -> ParquetError.Code? {
            do { try body() } catch let error as ParquetError { return error.code } catch { return nil }
            return nil
        }
        var continuation = ListAssembler(shape: optionalShape, column: "c")
        #expect(code { try continuation.add(repetition: [1], definition: [3], values: [.int64(1)], at: 7) } == .malformed)
        var nullThenMore = ListAssembler(shape: optionalShape, column: "c")
        #expect(code { try nullThenMore.add(repetition: [0, 1], definition: [0, 3], values: [.int64(1)], at: 7) } == .malformed)
        var tooHigh = ListAssembler(shape: optionalShape, column: "c")
        #expect(code { try tooHigh.add(repetition: [0], definition: [4], values: [], at: 7) } == .malformed)
        var missingValue = ListAssembler(shape: optionalShape, column: "c")
        #expect(code { try missingValue.add(repetition: [0], definition: [3], values: [], at: 7) } == .malformed)
        var mismatched = ListAssembler(shape: optionalShape, column: "c")
        #expect(code { try mismatched.add(repetition: [0, 0], definition: [3], values: [.int64(1)], at: 7) } == .malformed)
        var wrongRows = ListAssembler(shape: optionalShape, column: "c")
        #expect(code {
            try wrongRows.add(repetition: [0], definition: [1], values: [], at: 7)
            _ = try wrongRows.finish(rowCount: 2, at: 7)
        } == .malformed)
    }
}
