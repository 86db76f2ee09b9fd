import Foundation
import Sluice
import Testing
@testable import SluiceFiles

@Suite struct CSVItemReaderTests {
    @Test func readsQuotedFieldsEmbeddedNewlinesCRLFAndBOM() async throws {
        let dir = try ReaderTestDirectory()
        defer { dir.remove() }
        let text = "\u{FEFF}id,name,note\r\n1,\"Smith, Jo\",\"said \"\"hi\"\"\"\r\n2,Ann,\"two\nlines\"\r\n\r\n3,Bo,\n"
        let path = try dir.write("people.csv", text)
        let records = try await readAll(try CSVItemReader(path: path))
        #expect(records.map(\.names) == Array(repeating: ["id", "name", "note"], count: 3))
        #expect(column(records, "name") == [.string("Smith, Jo"), .string("Ann"), .string("Bo")])
        #expect(column(records, "note") == [.string("said \"hi\""), .string("two\nlines"), .string("")])
        #expect(column(records, "id") == [.string("1"), .string("2"), .string("3")])
    }

    @Test func convertsTypedColumnsAndEmptyFieldsToNull() async throws {
        let dir = try ReaderTestDirectory()
        defer { dir.remove() }
        let path = try dir.write("t.csv", """
            i,d,x,b,day,at,s
            -42,12.50,1e3,Yes,2024-02-29,2024-03-01T12:30:05.250+01:00,
            ,,,,,,
            """)
        let columns: [ColumnSpec] = [ColumnSpec("i", type: .int), ColumnSpec("d", type: .decimal), ColumnSpec("x", type: .double),
                                     ColumnSpec("b", type: .bool), ColumnSpec("day", type: .date), ColumnSpec("at", type: .timestamp)]
        let records = try await readAll(try CSVItemReader(path: path, columns: columns))
        let first = records[0]
        #expect(first["i"] == .int(-42))
        #expect(first["d"] == .decimal(Decimal(string: "12.50")!))
        #expect(first["x"] == .double(1000))
        #expect(first["b"] == .bool(true))
        #expect(first["day"] == .date(CalendarDate(year: 2024, month: 2, day: 29)!))
        #expect(first["at"] == .timestamp(Date(timeIntervalSince1970: 1_709_292_605.25)))
        #expect(records[1].values == [.null, .null, .null, .null, .null, .null, .string("")])
    }

    @Test func appliesNullValuesAndTrim() async throws {
        let dir = try ReaderTestDirectory()
        defer { dir.remove() }
        let path = try dir.write("n.csv", "a,b\n  x  ,NULL\n,\\N\n")
        let records = try await readAll(try CSVItemReader(path: path, nullValues: ["NULL", "\\N", ""], trim: true))
        #expect(records.map(\.values) == [[.string("x"), .null], [.null, .null]])
    }

    @Test func namesFieldsFromColumnsOrByPositionWithoutHeader() async throws {
        let dir = try ReaderTestDirectory()
        defer { dir.remove() }
        let path = try dir.write("h.csv", "1,a\n2,b\n")
        let named = try await readAll(try CSVItemReader(path: path, header: false, columns: [ColumnSpec("id", type: .int), "name"]))
        #expect(named == [Record([("id", 1), ("name", "a")]), Record([("id", 2), ("name", "b")])])
        let positional = try await readAll(try CSVItemReader(path: path, header: false))
        #expect(positional.first?.names == ["column1", "column2"])
    }

    @Test func skipsLinesBeforeTheHeader() async throws {
        let dir = try ReaderTestDirectory()
        defer { dir.remove() }
        let path = try dir.write("s.csv", "exported 2024-01-01\n\"a, \"quoted\nid\n7\n")
        let records = try await readAll(try CSVItemReader(path: path, skipLines: 2))
        #expect(records == [Record([("id", "7")])])
    }

    @Test func tsvHasNoQuotingByDefault() async throws {
        let dir = try ReaderTestDirectory()
        defer { dir.remove() }
        let path = try dir.write("t.tsv", "a\tb\n\"x\ty \"z\n")
        let reader = try CSVItemReader(properties: CSVReaderProperties(path: "t.tsv"), baseDirectory: dir.path, dialect: .tsv)
        #expect(reader.name == "tsv.reader")
        #expect(reader.path == path)
        let records = try await readAll(reader)
        #expect(records == [Record([("a", "\"x"), ("b", "y \"z")])])
    }

    @Test func badValueIsAParseErrorNamingFileLineColumnAndValue() async throws {
        let dir = try ReaderTestDirectory()
        defer { dir.remove() }
        let path = try dir.write("orders.csv", "id,qty\n1,2\n2,x\n3,4\n")
        let reader = try CSVItemReader(path: path, columns: [ColumnSpec("qty", type: .int)])
        try await reader.open(ExecutionContext())
        let (records, errors) = try await readSkippingErrors(reader)
        #expect(records.map { $0["id"] } == [.string("1"), .string("3")])
        #expect(errors == [BatchError(.parse, "\(path):3: column 'qty': 'x' is not a valid int")])
    }

    @Test func wrongFieldCountIsAParseErrorAndConsumed() async throws {
        let dir = try ReaderTestDirectory()
        defer { dir.remove() }
        let path = try dir.write("c.csv", "a,b,c\n1,2,3\n1,2\n4,5,6\n")
        let reader = try CSVItemReader(path: path)
        try await reader.open(ExecutionContext())
        let (records, errors) = try await readSkippingErrors(reader)
        #expect(records.count == 2)
        #expect(errors.map(\.message) == ["\(path):3: the record has 2 field(s), but the header has 3"])
        #expect(errors.first?.category == .parse)
    }

    @Test func unterminatedQuoteAtEndOfFileIsAParseError() async throws {
        let dir = try ReaderTestDirectory()
        defer { dir.remove() }
        let path = try dir.write("q.csv", "a,b\n1,2\n3,\"open\nstill open\n")
        let reader = try CSVItemReader(path: path)
        try await reader.open(ExecutionContext())
        let (records, errors) = try await readSkippingErrors(reader)
        #expect(records.count == 1)
        #expect(errors.map(\.message) == ["\(path):3: a quoted field is not closed before the end of the file"])
    }

    @Test func textAfterClosingQuoteSkipsToTheNextLine() async throws {
        let dir = try ReaderTestDirectory()
        defer { dir.remove() }
        let path = try dir.write("g.csv", "a,b\n\"x\"y,1\n2,3\n")
        let reader = try CSVItemReader(path: path)
        try await reader.open(ExecutionContext())
        let (records, errors) = try await readSkippingErrors(reader)
        #expect(records == [Record([("a", "2"), ("b", "3")])])
        #expect(errors.map(\.message) == ["\(path):2:4: unexpected character 'y' after the closing quote of field 1"])
    }

    @Test func invalidUTF8IsAParseErrorWithLine() async throws {
        let dir = try ReaderTestDirectory()
        defer { dir.remove() }
        let path = try dir.write("u.csv", bytes: Array("a\nok\n".utf8) + [0xC3, 0x28, 0x0A] + Array("fine\n".utf8))
        let reader = try CSVItemReader(path: path)
        try await reader.open(ExecutionContext())
        let (records, errors) = try await readSkippingErrors(reader)
        #expect(records.map { $0["a"] } == [.string("ok"), .string("fine")])
        #expect(errors.map(\.message) == ["\(path):3: column 'a': the text is not valid UTF-8"])
    }

    @Test(arguments: [
        ("a,a\n1,2\n", "the header names the column 'a' twice"),
        ("a,,c\n1,2,3\n", "header field 2 is empty; every column needs a name"),
    ])
    func badHeaderGivesUpTheFile(text: String, message: String) async throws {
        let dir = try ReaderTestDirectory()
        defer { dir.remove() }
        let path = try dir.write("bad.csv", text)
        let reader = try CSVItemReader(path: path)
        try await reader.open(ExecutionContext())
        let (records, errors) = try await readSkippingErrors(reader)
        #expect(records.isEmpty)
        #expect(errors.map(\.message) == ["\(path):1: \(message)"])
    }

    @Test func typedColumnMissingFromHeaderIsAnError() async throws {
        let dir = try ReaderTestDirectory()
        defer { dir.remove() }
        let path = try dir.write("m.csv", "a,b\n1,2\n")
        let reader = try CSVItemReader(path: path, columns: [ColumnSpec("qty", type: .int)])
        try await reader.open(ExecutionContext())
        await #expect(throws: BatchError(.parse, "\(path):1: the column 'qty' of `columns` is not in the header (a, b)")) { try await reader.read() }
    }

    @Test func missingFileAndUnmatchedGlobAreIOErrors() async throws {
        let dir = try ReaderTestDirectory()
        defer { dir.remove() }
        let missing = try CSVItemReader(path: "nope.csv", baseDirectory: dir.path)
        await #expect(throws: BatchError(.io, "csv reader 'csv.reader': the file '\(dir.path)/nope.csv' does not exist")) {
            try await missing.open(ExecutionContext())
        }
        let glob = try CSVItemReader(path: "in/*.csv", baseDirectory: dir.path)
        await #expect(throws: BatchError(.io, "csv reader 'csv.reader': no file matches the pattern '\(dir.path)/in/*.csv'")) {
            try await glob.open(ExecutionContext())
        }
    }

    @Test func rejectsInvalidSettings() throws {
        #expect(throws: BatchError(.validation, "csv reader 'csv.reader': the delimiter must be one ASCII character other than a line break, not '\n'")) {
            try CSVItemReader(path: "x.csv", delimiter: "\n")
        }
        #expect(throws: BatchError(.validation, "csv reader 'csv.reader': the quote and the delimiter are both ','")) {
            try CSVItemReader(path: "x.csv", quote: ",")
        }
        #expect(throws: BatchError(.validation, "csv reader 'csv.reader': `columns` names 'a' twice")) {
            try CSVItemReader(path: "x.csv", columns: ["a", "a"])
        }
        #expect(throws: BatchError(.validation, "csv reader 'csv.reader': column 1 of `columns` has an empty name")) {
            try CSVItemReader(path: "x.csv", columns: [""])
        }
        #expect(throws: BatchError(.validation, "csv reader 'csv.reader': skip-lines must not be negative, not -1")) {
            try CSVItemReader(path: "x.csv", skipLines: -1)
        }
        #expect(throws: BatchError(.validation, "csv reader 'csv.reader': the path is empty")) { try CSVItemReader(path: "") }
        #expect(throws: BatchError(.validation, "csv reader: the name (the prefix of its restart state) is empty")) {
            try CSVItemReader(path: "x.csv", name: "")
        }
        #expect(throws: BatchError(.validation, "csv reader 'csv.reader': the encoding 'latin1' is not supported; files must be UTF-8")) {
            try CSVItemReader(properties: CSVReaderProperties(path: "x.csv", encoding: "latin1"), baseDirectory: "")
        }
        #expect(throws: BatchError(.validation, "csv reader 'csv.reader': the delimiter must be one character, not ';;'")) {
            try CSVItemReader(properties: CSVReaderProperties(path: "x.csv", delimiter: ";;"), baseDirectory: "")
        }
        #expect(throws: BatchError(.validation, "csv reader 'csv.reader': the quote must be one character or empty, not 'ab'")) {
            try CSVItemReader(properties: CSVReaderProperties(path: "x.csv", quote: "ab"), baseDirectory: "")
        }
    }

    @Test func decodesPropertiesAndColumnSpecs() throws {
        let json = """
            {"path": "in/*.csv", "header": false, "delimiter": "\\\\t", "quote": "", "skipLines": 1, "nullValues": ["NULL"],
             "columns": ["id", {"name": "amount", "type": "decimal"}, {"name": "note"}]}
            """
        let properties = try JSONDecoder().decode(CSVReaderProperties.self, from: Data(json.utf8))
        #expect(properties.columns == [ColumnSpec("id"), ColumnSpec("amount", type: .decimal), ColumnSpec("note")])
        #expect(properties.delimiter == "\\t")
        #expect(properties.skipLines == 1)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(ColumnSpec.self, from: Data(#"{"name": "x", "type": "money"}"#.utf8))
        }
    }
}
