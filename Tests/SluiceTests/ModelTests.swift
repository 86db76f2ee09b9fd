import Foundation
import Testing

@testable import Sluice

/// Unit tests of the model: context JSON, instance keys, parameters, statuses and fault-tolerance policies.
@Suite enum ModelTests {}

// MARK: - JSONText and ExecutionContext

extension ModelTests {
    @Suite struct JSONTextTests {
        @Test func integersStayIntegersAndDoublesStayDoubles() throws {
            #expect(try JSONText.encode(.double(1.0)) == "1.0")
            #expect(try JSONText.encode(.int(1)) == "1")
            #expect(try JSONText.decode("1.0") == .double(1.0))
            #expect(try JSONText.decode("1") == .int(1))
            #expect(try JSONText.decode("-0") == .int(0))
            #expect(try JSONText.decode("1e2") == .double(100))
            #expect(try JSONText.decode("2.5E-3") == .double(0.0025))
            for value: ContextValue in [.double(1.0), .double(-2.0), .double(0.1), .double(1e-7), .double(1e300), .double(123456789.0),
                .double(-0.5), .double(Double.greatestFiniteMagnitude), .double(Double.leastNonzeroMagnitude),
                .int(0), .int(-1), .int(Int.max), .int(Int.min)]
            {
                let text = try JSONText.encode(value)
                #expect(try JSONText.decode(text) == value, "\(value) encoded as \(text)")
            }
        }

        @Test func contextRoundTripKeepsKinds() throws {
            var context = ExecutionContext()
            context["count"] = 3
            context["one"] = 1.0
            context["ratio"] = 0.25
            context["name"] = "a.csv"
            context["done"] = false
            context["nothing"] = nil as ContextValue?
            let json = try context.json()
            let back = try ExecutionContext(json: json)
            #expect(back == context)
            #expect(back.int("count") == 3)
            #expect(back["one"] == .double(1.0))
            #expect(back.int("one") == nil)
            #expect(back.double("one") == 1.0)
            #expect(back.double("count") == 3.0)
            #expect(back.string("name") == "a.csv")
            #expect(back.bool("done") == false)
            #expect(!back.contains("nothing"))
        }

        @Test func keysAreWrittenSorted() throws {
            let value: ContextValue = ["b": 1, "a": [true, nil, ["z": 1.5, "y": "x"]], "c": [:], "A": []]
            #expect(try JSONText.encode(value) == #"{"A":[],"a":[true,null,{"y":"x","z":1.5}],"b":1,"c":{}}"#)
            let one: ExecutionContext = ["z": 1, "m": 2, "a": 3]
            let other: ExecutionContext = ["a": 3, "z": 1, "m": 2]
            #expect(try one.json() == other.json())
            #expect(try one.json() == #"{"a":3,"m":2,"z":1}"#)
        }

        @Test(arguments: [
            "plain",
            "",
            "quote \" and backslash \\ and slash /",
            "new\nline\r\ttab",
            "controls \u{0} \u{1} \u{8} \u{C} \u{1F} \u{7F}",
            "emoji 😀👩‍👩‍👧 flags 🇨🇭",
            "combining e\u{301} vs é",
            "ünïcødé 中文 العربية",
        ])
        func stringsRoundTrip(_ text: String) throws {
            let encoded = try JSONText.encode(.string(text))
            #expect(try JSONText.decode(encoded) == .string(text))
            #expect(!encoded.dropFirst().dropLast().unicodeScalars.contains { $0.value < 0x20 }, "raw control character in \(encoded)")
        }

        @Test func controlCharactersAreEscaped() throws {
            #expect(try JSONText.encode("a\u{1}b\u{1F}") == #""a\u0001b\u001f""#)
            #expect(try JSONText.encode("q\"b\\n\n") == #""q\"b\\n\n""#)
        }

        @Test func escapesAreDecoded() throws {
            #expect(try JSONText.decode(#""\ud83d\ude00""#) == "😀")
            #expect(try JSONText.decode(#""\u00e9\u00E9""#) == "éé")
            #expect(try JSONText.decode(#""\/\b\f\n\r\t\"\\""#) == .string("/\u{8}\u{C}\n\r\t\"\\"))
            #expect(try JSONText.decode(#""a\u0000b""#) == .string("a\u{0}b"))
        }

        @Test func nestedValuesRoundTrip() throws {
            let value: ContextValue = [
                "list": [1, 2.5, "three", nil, true, [], [:], [[[1.0]]]],
                "object": ["inner": ["deeper": ["deepest": -1]]],
                "unicode": ["ключ": "значение", "😀": "smile"],
            ]
            let text = try JSONText.encode(value)
            #expect(try JSONText.decode(text) == value)
            let spaced = " {\n \"a\" : [ 1 , 2.0 ] ,\t\"b\" : { } } \n"
            #expect(try JSONText.decode(spaced) == ["a": [1, 2.0], "b": [:]])
        }

        @Test(arguments: [
            "", " ", "{", "[1,2", #"{"a":1"#, #""abc"#, "1 2", "{} x", "[1,]", "[,1]", #"{"a" 1}"#, #"{a:1}"#,
            #"{"a":1,}"#, "nul", "tru", "-", "1.2.3", "1e999", "NaN", "Infinity", #""\x""#, #""\u12""#, #""\uZZZZ""#,
            #""\ud83d""#, #""\ud83dx""#, #""\ud83d\u0041""#, #""\ude00""#,
        ])
        func invalidJSONIsRejected(_ text: String) {
            #expect(throws: JSONText.Error.self) { try JSONText.decode(text) }
        }

        @Test func tooDeepNestingIsRejected() throws {
            let shallow = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
            #expect(try JSONText.decode(shallow) != .null)
            let deep = String(repeating: "[", count: 1000) + String(repeating: "]", count: 1000)
            #expect(throws: JSONText.Error.self) { try JSONText.decode(deep) }
            let deepObject = String(repeating: #"{"a":"#, count: 1000) + "1" + String(repeating: "}", count: 1000)
            #expect(throws: JSONText.Error.self) { try JSONText.decode(deepObject) }
        }

        @Test func nonFiniteDoublesCannotBeEncoded() {
            for value: ContextValue in [.double(.nan), .double(.infinity), .double(-.infinity), [1, .double(.nan)], ["x": .double(.infinity)]] {
                #expect(throws: JSONText.Error.self) { try JSONText.encode(value) }
            }
            var context = ExecutionContext()
            context["bad"] = .double(.nan)
            #expect(throws: JSONText.Error.self) { try context.json() }
        }

        @Test func contextJSONMustBeAnObject() {
            #expect(throws: JSONText.Error.self) { try ExecutionContext(json: "[1]") }
            #expect(throws: JSONText.Error.self) { try ExecutionContext(json: "1") }
            #expect(throws: JSONText.Error.self) { try ExecutionContext(json: "{") }
            #expect((try? ExecutionContext(json: "{}")) == ExecutionContext())
        }

        // Foundation's JSON coders write 1.0 as 1 and read 1.0 back as an Int, so this round trip
        // avoids integral doubles; repositories store contexts with `json()` / `init(json:)`.
        @Test func contextCodableRoundTrip() throws {
            let context: ExecutionContext = [
                "count": 42, "ratio": 0.75, "name": "ünï \"q\"\n", "flag": true, "none": nil,
                "list": [1, "two", 3.5, [false]], "object": ["k": ["v": -7]],
            ]
            let data = try JSONEncoder().encode(context)
            let back = try JSONDecoder().decode(ExecutionContext.self, from: data)
            #expect(back == context)
            #expect(back.int("count") == 42)
            #expect(back["ratio"] == .double(0.75))
            // Decoding JSON written by JSONText through Codable keeps the kinds too.
            let viaText = try JSONDecoder().decode(ExecutionContext.self, from: Data(try context.json().utf8))
            #expect(viaText == context)
        }

        @Test func contextHelpers() {
            var context: ExecutionContext = ["a": 1]
            context.merge(["b": 2, "a": 3])
            #expect(context == ["a": 3, "b": 2])
            context["a"] = nil
            #expect(!context.contains("a"))
            #expect(context.contains("b"))
            context.removeAll()
            #expect(context.isEmpty)
            #expect(ContextValue.int(2).doubleValue == 2.0)
            #expect(ContextValue.double(2).intValue == nil)
            #expect(ContextValue.string("x").description == #""x""#)
            #expect(ContextValue.double(.nan).description == "<non-finite>")
        }
    }
}

// MARK: - SHA-256 and instance keys

extension ModelTests {
    @Suite struct InstanceKeyTests {
        // Expected digests computed with Python's hashlib.
        @Test(arguments: [
            ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
            ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
            ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
            (String(repeating: "a", count: 55), "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"),
            (String(repeating: "a", count: 56), "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"),
            (String(repeating: "a", count: 64), "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"),
        ])
        func sha256KnownVectors(_ input: String, _ digest: String) {
            #expect(SHA256.hex(Array(input.utf8)) == digest)
        }

        @Test func sha256MillionAs() {
            #expect(SHA256.hex([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        }

        @Test func keyIsStableAcrossProcesses() {
            // SHA-256 of the identity text "1:a|int|1:1;1:b|string|1:x", computed outside Swift.
            let parameters: JobParameters = ["b": JobParameter(.string("x")), "a": JobParameter(.int(1))]
            #expect(parameters.identityText == "1:a|int|1:1;1:b|string|1:x")
            #expect(JobInstance.key(for: parameters) == "5df9729f4a3b1ceefbf1b8b29bd1a01dcc42fcd00d4deea6472c00f490df70be")
            #expect(JobInstance.key(for: JobParameters()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        }

        @Test func keyIgnoresInsertionOrder() throws {
            let day = try #require(CalendarDate(year: 2024, month: 1, day: 2))
            var one = JobParameters()
            one["a"] = JobParameter(.int(1))
            one["b"] = JobParameter(.string("x"))
            one["c"] = JobParameter(.date(day))
            var other = JobParameters()
            other["c"] = JobParameter(.date(day))
            other["b"] = JobParameter(.string("x"))
            other["a"] = JobParameter(.int(1))
            #expect(JobInstance.key(for: one) == JobInstance.key(for: other))
            #expect(JobInstance.key(for: one).count == 64)
            #expect(JobInstance.key(for: one).allSatisfy { $0.isHexDigit && !$0.isUppercase })
        }

        @Test func keyChangesWithIdentifyingValueOrType() {
            let base: JobParameters = ["a": JobParameter(.int(1)), "b": JobParameter(.string("x"))]
            let key = JobInstance.key(for: base)
            var changedValue = base
            changedValue["a"] = JobParameter(.int(2))
            var changedType = base
            changedType["a"] = JobParameter(.string("1"))
            var changedName = JobParameters()
            changedName["A"] = JobParameter(.int(1))
            changedName["b"] = JobParameter(.string("x"))
            var added = base
            added["c"] = JobParameter(.bool(true))
            for other in [changedValue, changedType, changedName, added] {
                #expect(JobInstance.key(for: other) != key)
            }
            // Length prefixes keep names and values with separators apart.
            let tricky1: JobParameters = ["a": JobParameter(.string("x;1:b|string|1:y"))]
            let tricky2: JobParameters = ["a": JobParameter(.string("x")), "b": JobParameter(.string("y"))]
            #expect(JobInstance.key(for: tricky1) != JobInstance.key(for: tricky2))
        }

        @Test func keyIgnoresNonIdentifyingAndSecretParameters() {
            let base: JobParameters = ["a": JobParameter(.int(1))]
            var more = base
            more["note"] = JobParameter(.string("anything"), identifying: false)
            more["dbPassword"] = JobParameter(.string("hunter2"), secret: true)
            more["apiToken"] = JobParameter(.string("t"), identifying: true, secret: true)
            #expect(JobInstance.key(for: more) == JobInstance.key(for: base))
            #expect(JobInstance.key(for: more.masked) == JobInstance.key(for: base))
            #expect(more.identifying.names == ["a"])
        }
    }
}

// MARK: - Parameters

extension ModelTests {
    @Suite struct ParameterTests {
        let declarations: [String: JobParameterDeclaration] = [
            "count": JobParameterDeclaration(.int, required: true),
            "rate": JobParameterDeclaration(.double, identifying: false),
            "enabled": JobParameterDeclaration(.bool),
            "day": JobParameterDeclaration(.date, default: CalendarDate(year: 2024, month: 1, day: 1).map { .date($0) }),
            "at": JobParameterDeclaration(.timestamp),
            "pin": JobParameterDeclaration(.int, secret: true),
        ]

        @Test func parseTypesDeclaredParameters() throws {
            let p = try JobParameters.parse(
                ["count": "5", "rate": "0.5", "enabled": "yes", "at": "2024-11-30T10:00:00.125Z", "file": "in.csv"],
                declarations: declarations)
            #expect(p["count"] == JobParameter(.int(5)))
            #expect(p["rate"] == JobParameter(.double(0.5), identifying: false))
            #expect(p["enabled"]?.value == .bool(true))
            #expect(p["day"]?.value == CalendarDate(year: 2024, month: 1, day: 1).map { .date($0) })
            #expect(p["day"]?.identifying == true)
            guard case .timestamp(let at)? = p["at"]?.value else {
                Issue.record("at is not a timestamp: \(String(describing: p["at"]))")
                return
            }
            #expect(Timestamps.format(at) == "2024-11-30T10:00:00.125Z")
            #expect(p["file"] == JobParameter(.string("in.csv")))
            #expect(p["pin"] == nil)
            #expect(p.names == ["at", "count", "day", "enabled", "file", "rate"])
        }

        @Test func givenValueWinsOverDefault() throws {
            let p = try JobParameters.parse(["count": "1", "day": "2025-06-30"], declarations: declarations)
            #expect(p["day"]?.value == CalendarDate(year: 2025, month: 6, day: 30).map { .date($0) })
        }

        @Test func missingRequiredParameterIsNamed() {
            #expect(throws: JobParametersInvalid(name: "count", reason: "is required")) {
                try JobParameters.parse(["rate": "1.5"], declarations: declarations)
            }
        }

        @Test(arguments: [("count", "abc"), ("count", "1.5"), ("rate", "fast"), ("enabled", "maybe"), ("day", "2023-02-29"), ("at", "yesterday")])
        func badValuesAreRejected(_ name: String, _ text: String) {
            var texts = ["count": "1"]
            texts[name] = text
            do {
                _ = try JobParameters.parse(texts, declarations: declarations)
                Issue.record("\(name)=\(text) was accepted")
            } catch {
                #expect(error.name == name)
                #expect(error.description.contains(name))
                #expect(error.description.contains("'\(text)'"))
            }
        }

        @Test func secretValuesNeverAppearInErrors() {
            for (texts, declarations) in [
                (["count": "1", "pin": "hunter2"], declarations),
                (["dbPassword": "hunter2"], ["dbPassword": JobParameterDeclaration(.int)]),
            ] {
                do {
                    _ = try JobParameters.parse(texts, declarations: declarations)
                    Issue.record("a bad secret was accepted")
                } catch {
                    #expect(!error.description.contains("hunter2"), "\(error.description)")
                    #expect(!error.reason.contains("hunter2"))
                    #expect(error.description.contains(JobParameter.mask))
                }
            }
        }

        @Test func undeclaredNamesAreIdentifyingStringsOrSecrets() throws {
            let p = try JobParameters.parse(["file": "42", "dbPassword": "hunter2", "API_TOKEN": "t", "clientSecret": "s"])
            #expect(p["file"] == JobParameter(.string("42")))
            #expect(p["file"]?.identifying == true)
            for name in ["dbPassword", "API_TOKEN", "clientSecret"] {
                #expect(p[name]?.secret == true, "\(name)")
                #expect(p[name]?.identifying == false, "\(name)")
            }
            #expect(p.identifying.names == ["file"])
            #expect(JobParameter.looksSecret("dbPassword"))
            #expect(JobParameter.looksSecret("privateKey"))
            #expect(!JobParameter.looksSecret("file"))
        }

        @Test func declaredSecretIsSecretEvenWithAPlainName() throws {
            let p = try JobParameters.parse(["count": "1", "pin": "1234"], declarations: declarations)
            #expect(p["pin"]?.secret == true)
            #expect(p["pin"]?.identifying == false)
            #expect(p["pin"]?.value == .int(1234))
        }

        @Test func maskedReplacesSecrets() throws {
            let p = try JobParameters.parse(["count": "1", "pin": "1234", "dbPassword": "hunter2", "file": "a.csv"], declarations: declarations)
            let masked = p.masked
            #expect(masked["pin"]?.value == .string("******"))
            #expect(masked["dbPassword"]?.value == .string(JobParameter.mask))
            #expect(masked["pin"]?.secret == true)
            #expect(masked["file"] == p["file"])
            #expect(masked["count"] == p["count"])
            #expect(masked.count == p.count)
            #expect(!"\(masked)".contains("hunter2"))
        }

        @Test func requiredValidator() {
            let v = JobParametersValidators.required("a", "b")
            #expect(throws: Never.self) { try v.validate(["a": JobParameter(.int(1)), "b": JobParameter(.int(2))]) }
            #expect(throws: JobParametersInvalid(name: "b", reason: "is required")) {
                try v.validate(["a": JobParameter(.int(1))])
            }
        }

        @Test func typesValidator() {
            let v = JobParametersValidators.types(["n": .int, "d": .date])
            #expect(throws: Never.self) { try v.validate(["n": JobParameter(.int(1))]) }
            #expect(throws: Never.self) { try v.validate([:]) }
            do {
                try v.validate(["n": JobParameter(.string("1"))])
                Issue.record("a string passed as an int")
            } catch {
                #expect(error.name == "n")
                #expect(error.reason.contains("int"))
            }
        }

        @Test func customAndAllValidators() {
            let positive = JobParametersValidators.custom { p throws(JobParametersInvalid) in
                if let n = p.int("n"), n <= 0 { throw JobParametersInvalid(name: "n", reason: "must be positive") }
            }
            let all = JobParametersValidators.all([JobParametersValidators.required("n"), positive])
            #expect(throws: Never.self) { try all.validate(["n": JobParameter(.int(3))]) }
            #expect(throws: JobParametersInvalid(name: "n", reason: "is required")) { try all.validate([:]) }
            #expect(throws: JobParametersInvalid(name: "n", reason: "must be positive")) {
                try all.validate(["n": JobParameter(.int(0))])
            }
            let declared = JobParametersValidators.declared(["n": JobParameterDeclaration(.int, required: true)])
            #expect(throws: JobParametersInvalid(name: "n", reason: "is required")) { try declared.validate([:]) }
        }

        @Test func runIdIncrementer() {
            let inc = RunIdIncrementer()
            #expect(inc.next(after: nil) == ["run.id": JobParameter(.int(1))])
            let previous: JobParameters = ["run.id": JobParameter(.int(5)), "file": JobParameter(.string("a.csv"))]
            let next = inc.next(after: previous)
            #expect(next.int("run.id") == 6)
            #expect(next["run.id"]?.identifying == true)
            #expect(next["file"] == previous["file"])
            #expect(RunIdIncrementer(key: "n").next(after: ["n": JobParameter(.int(9))]).int("n") == 10)
            #expect(JobInstance.key(for: next) != JobInstance.key(for: previous))
        }

        @Test func timestampIncrementerIsStrictlyIncreasing() {
            let inc = TimestampIncrementer()
            var previous = inc.next(after: ["file": JobParameter(.string("a.csv"))])
            #expect(previous.string("file") == "a.csv")
            var keys: Set<String> = [JobInstance.key(for: previous)]
            for _ in 0..<50 {
                let next = inc.next(after: previous)
                guard case .timestamp(let a)? = previous["run.timestamp"]?.value,
                    case .timestamp(let b)? = next["run.timestamp"]?.value
                else {
                    Issue.record("run.timestamp missing")
                    return
                }
                #expect(b > a)
                #expect(Timestamps.format(b) != Timestamps.format(a))
                keys.insert(JobInstance.key(for: next))
                previous = next
            }
            #expect(keys.count == 51)
            let future = Date().addingTimeInterval(3600)
            let afterFuture = inc.next(after: ["run.timestamp": JobParameter(.timestamp(future))])
            // One whole millisecond after the last value, at the precision repositories store.
            let expected = Date(timeIntervalSince1970: ((future.timeIntervalSince1970 * 1000).rounded() + 1) / 1000)
            #expect(afterFuture["run.timestamp"]?.value == .timestamp(expected))
        }
    }
}

// MARK: - Dates and times

extension ModelTests {
    @Suite struct DateTests {
        @Test func calendarDateParsing() {
            #expect(CalendarDate("2024-11-30") == CalendarDate(year: 2024, month: 11, day: 30))
            #expect(CalendarDate("2024-02-29") != nil)
            #expect(CalendarDate("2000-02-29") != nil)
            #expect(CalendarDate("2023-02-29") == nil)
            #expect(CalendarDate("1900-02-29") == nil)
            #expect(CalendarDate("2024-04-31") == nil)
            #expect(CalendarDate("0001-01-01") != nil)
            #expect(CalendarDate("9999-12-31") != nil)
            for bad in ["", "2024", "2024-1-01", "2024-01-1", "24-01-01", "2024/01/01", "2024-13-01", "2024-00-10",
                "2024-01-00", "2024-01-32", "0000-01-01", "2024-01-01T00:00", "abcd-ef-gh", " 2024-01-01", "2024-01-01-"]
            {
                #expect(CalendarDate(bad) == nil, "\(bad) was accepted")
            }
        }

        @Test func calendarDateDescriptionAndOrder() throws {
            #expect(CalendarDate(year: 5, month: 3, day: 7)?.description == "0005-03-07")
            #expect(CalendarDate(year: 2024, month: 12, day: 31)?.description == "2024-12-31")
            let a = try #require(CalendarDate("2024-01-31"))
            let b = try #require(CalendarDate("2024-02-01"))
            #expect(a < b)
            #expect(CalendarDate(a.description) == a)
            let data = try JSONEncoder().encode([a])
            #expect(String(decoding: data, as: UTF8.self) == #"["2024-01-31"]"#)
            #expect(try JSONDecoder().decode([CalendarDate].self, from: data) == [a])
            #expect(throws: DecodingError.self) { try JSONDecoder().decode([CalendarDate].self, from: Data(#"["2023-02-29"]"#.utf8)) }
        }

        @Test func timestampsFormatAndParse() throws {
            let whole = Date(timeIntervalSince1970: 1_732_960_800)
            #expect(Timestamps.format(whole) == "2024-11-30T10:00:00Z")
            #expect(Timestamps.parse("2024-11-30T10:00:00Z") == whole)
            let withMillis = Date(timeIntervalSince1970: 1_732_960_800.125)
            #expect(Timestamps.format(withMillis) == "2024-11-30T10:00:00.125Z")
            let parsed = try #require(Timestamps.parse("2024-11-30T10:00:00.125Z"))
            #expect(abs(parsed.timeIntervalSince(withMillis)) < 0.0005)
            #expect(Timestamps.format(Date(timeIntervalSince1970: 1_732_960_800.007)) == "2024-11-30T10:00:00.007Z")
            #expect(Timestamps.format(Date(timeIntervalSince1970: 1_732_960_800.9996)) == "2024-11-30T10:00:01Z")
            #expect(Timestamps.format(Date(timeIntervalSince1970: -0.5)) == "1969-12-31T23:59:59.500Z")
            #expect(Timestamps.parse("2024-11-30T12:00:00+02:00") == whole)
            #expect(Timestamps.parse("garbage") == nil)
            #expect(Timestamps.parse("2024-11-30") == nil)
            for millis in [0, 1, 5, 10, 99, 100, 123, 500, 999] {
                let date = Date(timeIntervalSince1970: 1_700_000_000 + Double(millis) / 1000)
                let text = Timestamps.format(date)
                let back = try #require(Timestamps.parse(text), "\(text)")
                #expect(Timestamps.format(back) == text)
                #expect(abs(back.timeIntervalSince(date)) < 0.0005, "\(text)")
            }
        }

        @Test func timestampParameterTextRoundTrips() throws {
            let value = JobParameter.Value.timestamp(Date(timeIntervalSince1970: 1_732_960_800.25))
            let back = try #require(JobParameterType.timestamp.parse(value.description))
            #expect(back.description == value.description)
            #expect(JobParameterType.int.parse("-12") == .int(-12))
            #expect(JobParameterType.double.parse("inf") == nil)
            #expect(JobParameterType.bool.parse("FALSE") == .bool(false))
            #expect(JobParameterType.date.parse("2024-02-29") == CalendarDate(year: 2024, month: 2, day: 29).map { .date($0) })
            #expect(JobParameterType.date.parse("2023-02-29") == nil)
        }
    }
}

// MARK: - Statuses

extension ModelTests {
    @Suite struct StatusTests {
        @Test func combinedTakesTheMoreSevereStatus() {
            #expect(BatchStatus.completed.combined(with: .failed) == .failed)
            #expect(BatchStatus.failed.combined(with: .completed) == .failed)
            #expect(BatchStatus.completed.combined(with: .completed) == .completed)
            #expect(BatchStatus.stopped.combined(with: .completed) == .stopped)
            #expect(BatchStatus.stopped.combined(with: .failed) == .failed)
            #expect(BatchStatus.failed.combined(with: .abandoned) == .abandoned)
            #expect(BatchStatus.unknown.combined(with: .abandoned) == .unknown)
            #expect(BatchStatus.started.combined(with: .completed) == .started)
            for a in BatchStatus.allCases {
                #expect(a.combined(with: .completed) == a)
                for b in BatchStatus.allCases {
                    #expect(a.combined(with: b) == b.combined(with: a))
                }
            }
        }

        @Test func runningAndRestartable() {
            let running = BatchStatus.allCases.filter(\.isRunning)
            #expect(Set(running) == [.starting, .started, .stopping])
            #expect(Set(BatchStatus.allCases.filter(\.isRestartable)) == [.failed, .stopped])
            #expect(BatchStatus.allCases.allSatisfy { $0.isFinished == !$0.isRunning })
            #expect(BatchStatus.stopping.description == "STOPPING")
            #expect(BatchStatus(rawValue: "ABANDONED") == .abandoned)
        }

        @Test(arguments: [
            (BatchStatus.completed, "COMPLETED"), (.failed, "FAILED"), (.stopped, "STOPPED"), (.stopping, "STOPPED"),
            (.starting, "EXECUTING"), (.started, "EXECUTING"), (.abandoned, "ABANDONED"), (.unknown, "UNKNOWN"),
        ])
        func exitStatusFromBatchStatus(_ status: BatchStatus, _ code: String) {
            #expect(Sluice.ExitStatus(status).code == code)
            #expect(Sluice.ExitStatus(status).description.isEmpty)
        }

        @Test func exitStatusDescribing() {
            let e = Sluice.ExitStatus.failed.describing("disk full")
            #expect(e.code == "FAILED")
            #expect(e.description == "disk full")
            #expect(e != .failed)
            #expect(Sluice.ExitStatus("COMPLETED WITH SKIPS").code == "COMPLETED WITH SKIPS")
        }
    }
}

// MARK: - Fault tolerance

extension ModelTests {
    struct PlainError: Error {}
    struct FlakyError: CategorizedError {
        var category: ErrorCategory { .transient }
    }

    @Suite struct FaultToleranceTests {
        @Test func errorMatcherByCategory() {
            let parse = BatchError(.parse, "line 3: bad quote")
            #expect(ErrorMatcher.parse.matches(parse))
            #expect(ErrorMatcher("parse").matches(parse))
            #expect(ErrorMatcher(ErrorCategory.parse).matches(parse))
            #expect(!ErrorMatcher.io.matches(parse))
            #expect(!ErrorMatcher.parse.matches(PlainError()))
            #expect(ErrorMatcher.transient.matches(FlakyError()))
            #expect(ErrorCategory.of(parse) == .parse)
            #expect(ErrorCategory.of(PlainError()) == nil)
            #expect(Failure(parse).category == "parse")
            #expect(Failure(PlainError()).category == "unclassified")
            #expect(Failure(PlainError()).type == "PlainError")
            #expect(Failure(parse).message == "line 3: bad quote")
        }

        @Test func errorMatcherBySwiftTypeName() {
            #expect(ErrorMatcher(ModelTests.PlainError.self).matches(PlainError()))
            #expect(ErrorMatcher("PlainError").matches(PlainError()))
            #expect(ErrorMatcher("BatchError").matches(BatchError(.io, "x")))
            #expect(ErrorMatcher("FlakyError").matches(FlakyError()))
            #expect(!ErrorMatcher(ModelTests.PlainError.self).matches(FlakyError()))
            #expect(!ErrorMatcher("PlainErr").matches(PlainError()))
            #expect([ErrorMatcher.io, "PlainError"].matches(PlainError()))
            #expect(![ErrorMatcher.io, .parse].matches(PlainError()))
        }

        @Test func backoffNoneAndFixed() {
            #expect(Backoff.none.delay(forAttempt: 1) == .zero)
            #expect(Backoff.none.delay(forAttempt: 10) == .zero)
            #expect(Backoff.fixed(.seconds(2)).delay(forAttempt: 1) == .seconds(2))
            #expect(Backoff.fixed(.milliseconds(250)).delay(forAttempt: 7) == .milliseconds(250))
        }

        @Test func backoffExponentialIsCapped() {
            let b = Backoff.exponential(initial: .milliseconds(100), multiplier: 2, max: .seconds(1))
            #expect(b.delay(forAttempt: 1) == .milliseconds(100))
            #expect(b.delay(forAttempt: 2) == .milliseconds(200))
            #expect(b.delay(forAttempt: 3) == .milliseconds(400))
            #expect(b.delay(forAttempt: 4) == .milliseconds(800))
            #expect(b.delay(forAttempt: 5) == .seconds(1))
            #expect(b.delay(forAttempt: 50) == .seconds(1))
            #expect(b.delay(forAttempt: 0) == .milliseconds(100))
            let triple = Backoff.exponential(initial: .seconds(1), multiplier: 3, max: .seconds(60))
            #expect(triple.delay(forAttempt: 3) == .seconds(9))
            #expect(Backoff.exponential(initial: .seconds(1)).delay(forAttempt: 100) == .seconds(30))
        }

        @Test func backoffJitterStaysWithinTheWait() {
            let b = Backoff.exponential(initial: .milliseconds(100), multiplier: 2, max: .seconds(1), jitter: true)
            var seen = Set<Duration>()
            for _ in 0..<200 {
                let d3 = b.delay(forAttempt: 3)
                #expect(d3 >= .zero && d3 <= .milliseconds(400))
                let capped = b.delay(forAttempt: 30)
                #expect(capped >= .zero && capped <= .seconds(1))
                seen.insert(d3)
            }
            #expect(seen.count > 1, "jitter produced one value only")
        }

        @Test func durationSeconds() {
            #expect(Duration.milliseconds(1500).seconds == 1.5)
            #expect(Duration.seconds(-2).seconds == -2)
        }

        @Test func retryPolicy() {
            let policy = RetryPolicy(limit: 2, on: [.transient, "PlainError"])
            #expect(policy.shouldRetry(FlakyError(), retriesSoFar: 0))
            #expect(policy.shouldRetry(FlakyError(), retriesSoFar: 1))
            #expect(!policy.shouldRetry(FlakyError(), retriesSoFar: 2))
            #expect(policy.shouldRetry(PlainError(), retriesSoFar: 0))
            #expect(!policy.shouldRetry(BatchError(.parse, "x"), retriesSoFar: 0))
            #expect(!RetryPolicy.never.shouldRetry(FlakyError(), retriesSoFar: 0))
            #expect(!RetryPolicy(limit: 0, on: [.transient]).shouldRetry(FlakyError(), retriesSoFar: 0))
        }

        @Test func skipPolicy() {
            let policy = SkipPolicy(limit: 3, on: [.parse, .validation])
            #expect(policy.isSkippable(BatchError(.parse, "x")))
            #expect(policy.isSkippable(BatchError(.validation, "y")))
            #expect(!policy.isSkippable(BatchError(.io, "z")))
            #expect(!policy.isSkippable(PlainError()))
            #expect(!SkipPolicy.never.isSkippable(BatchError(.parse, "x")))
            #expect(SkipPolicy(limit: 1, on: [ErrorMatcher(ModelTests.PlainError.self)]).isSkippable(PlainError()))
        }

        @Test func stepCountersAddUp() {
            var a = StepCounters()
            a.readCount = 10
            a.writeCount = 7
            a.readSkipCount = 1
            a.processSkipCount = 2
            var b = StepCounters()
            b.readCount = 5
            b.writeSkipCount = 3
            b.commitCount = 2
            let sum = a + b
            #expect(sum.readCount == 15)
            #expect(sum.writeCount == 7)
            #expect(sum.skipCount == 6)
            #expect(sum.commitCount == 2)
        }
    }
}
