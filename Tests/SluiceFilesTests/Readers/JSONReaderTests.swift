import Foundation
import Sluice
import Testing
@testable import SluiceFiles

@Suite struct JSONReaderTests {
    @Test func ndjsonMapsJSONValuesToRecordValues() async throws {
        let dir = try ReaderTestDirectory()
        defer { dir.remove() }
        let path = try dir.write("v.ndjson", #"""
            {"i": -7, "d": 2.5, "e": 1e2, "big": 92233720368547758070, "s": "a\"b\\c\/\n\u00e9\ud83d\ude00", "t": true, "f": false, "n": null, "o": {"x": [1, 2]}, "a": [ ]}

            {"i": 1, "s": "plain"}
            {}
            """#)
        let records = try await readAll(try NDJSONItemReader(path: path))
        #expect(records.count == 3)
        let first = records[0]
        #expect(first.names == ["i", "d", "e", "big", "s", "t", "f", "n", "o", "a"])
        #expect(first.values == [.int(-7), .double(2.5), .double(100), .double(92233720368547758070), .string("a\"b\\c/\né😀"),
                                 .bool(true), .bool(false), .null, .string(#"{"x": [1, 2]}"#), .string("[ ]")])
        #expect(records[1] == Record([("i", 1), ("s", "plain")]))
        #expect(records[2] == Record())
    }

    @Test func aRepeatedNameKeepsItsLastValue() async throws {
        let dir = try ReaderTestDirectory()
        defer { dir.remove() }
        let path = try dir.write("r.ndjson", #"{"a": 1, "b": 2, "a": 3}"#)
        #expect(try await readAll(try NDJSONItemReader(path: path)) == [Record([("a", 3), ("b", 2)])])
    }

    @Test(arguments: [
        (#"{"a" 1}"#, "6", "expected ':' after a member name, found '1'"),
        (#"[1, 2]"#, "1", "expected a JSON object, found '['"),
        (#"{"a": 1} x"#, "10", "unexpected 'x' after the object"),
        (#"{"a": tru}"#, "7", "unexpected 't'; expected a value"),
        (#"{"a": "\q"}"#, "8", #"invalid escape \q in a string"#),
        (#"{"a": 01}"#, "7", "a number must not start with 0"),
        (#"{"a": [1 2]}"#, "10", "expected ',' or ']' in an array, found '2'"),
        (#"{"a": "open"#, "", "the line ends inside a JSON value"),
    ])
    func aBadNDJSONLineIsAParseErrorAndConsumed(line: String, column: String, message: String) async throws {
        let dir = try ReaderTestDirectory()
        defer { dir.remove() }
        let path = try dir.write("b.ndjson", "{\"ok\": 1}\n\(line)\n{\"ok\": 2}\n")
        let reader = try NDJSONItemReader(path: path)
        try await reader.open(ExecutionContext())
        let (records, errors) = try await readSkippingErrors(reader)
        #expect(records.map { $0["ok"] } == [.int(1), .int(2)])
        let location = column.isEmpty ? "2" : "2:\(column)"
        #expect(errors == [BatchError(.parse, "\(path):\(location): \(message)")])
    }

    @Test func invalidUTF8InNDJSONIsAParseError() async throws {
        let dir = try ReaderTestDirectory()
        defer { dir.remove() }
        let path = try dir.write("u.ndjson", bytes: Array("{\"s\": \"".utf8) + [0xFF] + Array("\"}\n".utf8))
        let reader = try NDJSONItemReader(path: path)
        try await reader.open(ExecutionContext())
        await #expect(throws: BatchError(.parse, "\(path):1:8: the text is not valid UTF-8")) { try await reader.read() }
        #expect(try await reader.read() == nil)
    }

    @Test func jsonArrayStreamsElementsAcrossLines() async throws {
        let dir = try ReaderTestDirectory()
        defer { dir.remove() }
        let path = try dir.write("a.json", "\u{FEFF} [\n  {\"id\": 1,\n   \"tags\": [\"x\"]},\n  {\"id\": 2}\n]\n")
        let reader = try JSONArrayItemReader(properties: JSONArrayReaderProperties(path: "a.json"), baseDirectory: dir.path)
        #expect(try await readAll(reader) == [Record([("id", 1), ("tags", #"["x"]"#)]), Record([("id", 2)])])
        let empty = try dir.write("e.json", "[ ]")
        #expect(try await readAll(try JSONArrayItemReader(path: empty)).isEmpty)
    }

    @Test func aMalformedArrayElementIsSkippedToTheNextElement() async throws {
        let dir = try ReaderTestDirectory()
        defer { dir.remove() }
        let path = try dir.write("m.json", "[\n{\"id\": 1},\n{\"id\": x, \"s\": \"a,]\"},\n7,\n{\"id\": 4}\n{\"id\": 5}]")
        let reader = try JSONArrayItemReader(path: path)
        try await reader.open(ExecutionContext())
        let (records, errors) = try await readSkippingErrors(reader)
        #expect(records == [Record([("id", 1)]), Record([("id", 4)])])
        #expect(errors.map(\.message) == [
            "\(path):3:8: unexpected 'x'; expected a value",
            "\(path):4:1: expected a JSON object, found '7'",
            "\(path):6:1: expected ',' or ']' after an element, found '{'",
        ])
    }

    @Test(arguments: [
        ("{\"id\": 1}", "1", "expected a JSON array starting with '[', found '{'"),
        ("", "1", "the file holds no JSON array"),
        ("[{\"id\": 1}", "11", "the file ends before the array is closed with ']'"),
        ("[{\"id\": 1}, {\"id\"", "18", "the file ends inside an element"),
        ("[{\"id\": 1}] []", "13", "unexpected '[' after the closing ']' of the array"),
    ])
    func aBrokenArrayGivesUpTheFile(text: String, column: String, message: String) async throws {
        let dir = try ReaderTestDirectory()
        defer { dir.remove() }
        let path = try dir.write("x.json", text)
        let reader = try JSONArrayItemReader(path: path)
        try await reader.open(ExecutionContext())
        let (records, errors) = try await readSkippingErrors(reader)
        #expect(records.count == (text.hasPrefix("[{") ? 1 : 0))
        #expect(errors.map(\.message) == ["\(path):1:\(column): \(message)"])
    }

    @Test func decodesProperties() throws {
        let ndjson = try JSONDecoder().decode(NDJSONReaderProperties.self, from: Data(#"{"path": "e/*.ndjson", "name": "events"}"#.utf8))
        #expect(ndjson == NDJSONReaderProperties(path: "e/*.ndjson", name: "events"))
        let reader = try NDJSONItemReader(properties: ndjson, baseDirectory: "/jobs")
        #expect(reader.path == "/jobs/e/*.ndjson")
        #expect(reader.name == "events")
    }
}
