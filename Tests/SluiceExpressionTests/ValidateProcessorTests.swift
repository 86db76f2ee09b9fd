import Foundation
import Sluice
import SluiceExpression
import Testing

@Suite struct ValidateProcessorTests {
    /// The validation message for `item`, failing the test when it passes.
    func problems(_ processor: ValidateProcessor, _ item: Record) throws -> String {
        let error = try #require(throws: BatchError.self) { try processor.validate(item) }
        #expect(error.category == .validation)
        return error.message
    }

    @Test func requiredFieldsMustBePresentNotNullNotEmpty() throws {
        let processor = ValidateProcessor(required: ["id", "email"])
        #expect(try processor.validate(Record([("id", 1), ("email", "a@b")])) == Record([("id", 1), ("email", "a@b")]))
        #expect(try problems(processor, Record([("id", 1)])) == "field 'email' is required but missing")
        #expect(try problems(processor, Record([("id", .null), ("email", "")]))
            == "field 'id' is required but null; field 'email' is required but empty")
    }

    @Test func typesConvertCleanStrings() throws {
        let processor = ValidateProcessor(types: [
            ("id", .int), ("amount", .decimal), ("rate", .double), ("ok", .bool), ("day", .date), ("at", .timestamp),
            ("name", .string),
        ])
        let item = Record([
            ("id", "12"), ("amount", "10.10"), ("rate", "0.5"), ("ok", "TRUE"), ("day", "2026-11-30"),
            ("at", "2026-11-30T10:00:00Z"), ("name", "x"),
        ])
        let result = try processor.validate(item)
        #expect(result["id"] == 12)
        #expect(result["amount"] == decimal("10.10"))
        #expect(result["rate"] == .double(0.5))
        #expect(result["ok"] == true)
        #expect(result["day"] == .date(CalendarDate("2026-11-30")!))
        #expect(result["at"] == .timestamp(Timestamps.parse("2026-11-30T10:00:00Z")!))
        #expect(result["name"] == "x")
        #expect(result.names == item.names)
    }

    @Test func typesWidenAndNarrowNumbersCleanly() throws {
        let processor = ValidateProcessor(types: [("a", .double), ("b", .decimal), ("c", .int), ("d", .int), ("e", .decimal)])
        let result = try processor.validate(Record([("a", 2), ("b", 3), ("c", .double(4)), ("d", decimal("5.0")), ("e", .double(0.1))]))
        #expect(result == Record([("a", .double(2)), ("b", decimal("3")), ("c", 4), ("d", 5), ("e", decimal("0.1"))]))
    }

    @Test func typesTurnEmptyStringsIntoNullAndSkipAbsentFields() throws {
        let processor = ValidateProcessor(types: [("qty", .int), ("note", .string), ("gone", .int)])
        let result = try processor.validate(Record([("qty", ""), ("note", "")]))
        #expect(result == Record([("qty", .null), ("note", "")]))
    }

    @Test func typeFailuresNameFieldAndValue() throws {
        let processor = ValidateProcessor(types: [("id", .int), ("ok", .bool), ("day", .date), ("name", .string), ("n", .int)])
        let message = try problems(processor, Record([("id", "12a"), ("ok", "yes"), ("day", "30/11/2026"), ("name", 5), ("n", .double(1.5))]))
        #expect(message == "field 'id': expected int, got string '12a'; field 'ok': expected bool, got string 'yes'; "
            + "field 'day': expected date, got string '30/11/2026'; field 'name': expected string, got int 5; "
            + "field 'n': expected int, got double 1.5")
    }

    @Test func rangesAreInclusiveAndExact() throws {
        let processor = ValidateProcessor(ranges: [("amount", ValueRange(min: 0, max: Decimal(string: "100.5")!))])
        for ok: RecordValue in [0, 100, decimal("100.5"), "50", .double(0)] {
            #expect(throws: Never.self) { try processor.validate(Record([("amount", ok)])) }
        }
        #expect(try problems(processor, Record([("amount", -1)])) == "field 'amount': int -1 is below the minimum 0")
        #expect(try problems(processor, Record([("amount", decimal("100.51"))])) == "field 'amount': decimal 100.51 is above the maximum 100.5")
        #expect(try problems(processor, Record([("amount", "abc")])) == "field 'amount': string 'abc' is not a number (range 0...100.5)")
        #expect(try processor.validate(Record([("amount", .null)])) == Record([("amount", .null)]))
    }

    @Test func halfOpenRanges() throws {
        let atLeast = ValidateProcessor(ranges: [("n", ValueRange(min: 1))])
        #expect(try problems(atLeast, Record([("n", 0)])) == "field 'n': int 0 is below the minimum 1")
        #expect(try problems(atLeast, Record([("n", true)])) == "field 'n': bool true is not a number (range >= 1)")
        let atMost = ValidateProcessor(ranges: [("n", ValueRange(max: 1))])
        #expect(try problems(atMost, Record([("n", 2)])) == "field 'n': int 2 is above the maximum 1")
        #expect(try problems(atMost, Record([("n", "x")])) == "field 'n': string 'x' is not a number (range <= 1)")
    }

    @Test func patternsMatchTheWholeValue() throws {
        let processor = ValidateProcessor(patterns: [("email", try FieldPattern("[^@]+@[^@]+")), ("zip", try FieldPattern("[0-9]{5}"))])
        #expect(throws: Never.self) { try processor.validate(Record([("email", "a@b"), ("zip", 12345)])) }
        #expect(try problems(processor, Record([("email", "a@b@c")])) == "field 'email': string 'a@b@c' does not match pattern [^@]+@[^@]+")
        #expect(try problems(processor, Record([("zip", 123456)])) == "field 'zip': int 123456 does not match pattern [0-9]{5}")
    }

    @Test func rulesMustHoldAndNameTheirFields() throws {
        let processor = ValidateProcessor(rules: [
            ValidationRule(try Expression("qty > 0"), message: "qty must be positive"),
            ValidationRule(try Expression("price * qty < 100")),
        ])
        #expect(throws: Never.self) { try processor.validate(Record([("qty", 1), ("price", 5)])) }
        #expect(try problems(processor, Record([("qty", -1), ("price", 5)]))
            == "rule \"qty > 0\" failed: qty must be positive (qty: int -1)")
        #expect(try problems(processor, Record([("qty", 10), ("price", 50)]))
            == "rule \"price * qty < 100\" failed (price: int 50, qty: int 10)")
        #expect(try problems(processor, Record([("qty", .null)])).hasPrefix("rule \"qty > 0\" failed: qty must be positive (qty: null)"))
    }

    @Test func ruleErrorsAreReported() throws {
        let processor = ValidateProcessor(rules: [ValidationRule(try Expression("qty + 1"))])
        #expect(try problems(processor, Record([("qty", 1)]))
            == "rule \"qty + 1\" could not be checked: expression \"qty + 1\": expected a bool result, got int 2")
    }

    @Test func rulesRunOnConvertedValuesOnlyAfterTheFieldChecksPass() throws {
        let processor = ValidateProcessor(
            required: ["qty"], types: [("qty", .int)], rules: [ValidationRule(try Expression("qty + 1 == 3"), message: "never")])
        #expect(try processor.validate(Record([("qty", "2")])) == Record([("qty", 2)]))
        #expect(try problems(processor, Record([("qty", "x")])) == "field 'qty': expected int, got string 'x'")
    }

    @Test func rulesSeeTheScope() throws {
        let scope = ExpressionScope(["jobParameters": ["max": .value(5)]])
        let processor = ValidateProcessor(rules: [ValidationRule(try Expression("n <= jobParameters['max']"))], scope: scope)
        #expect(throws: Never.self) { try processor.validate(Record([("n", 5)])) }
        #expect(try problems(processor, Record([("n", 6)])) == "rule \"n <= jobParameters['max']\" failed (n: int 6)")
    }

    @Test func chunksKeepEarlierResultsOnFailure() async throws {
        let processor = ValidateProcessor(types: [("n", .int)])
        var outputs: [Record] = []
        try await processor.process([Record([("n", "1")]), Record([("n", "2")])], into: &outputs)
        #expect(outputs == [Record([("n", 1)]), Record([("n", 2)])])
        await #expect(throws: BatchError.self) { try await processor.process([Record([("n", "3")]), Record([("n", "x")])], into: &outputs) }
        #expect(outputs.count == 3)
        #expect(try await processor.process(Record([("n", "4")])) == Record([("n", 4)]))
    }

    @Test func propertiesDecodeAndCompile() throws {
        let tree = OrderedTree.map([
            ("required", .list([.scalar("id"), .scalar("email")])),
            ("types", .map([("id", .scalar("int")), ("amount", .scalar("decimal"))])),
            ("ranges", .map([("amount", .map([("min", .scalar("0")), ("max", .scalar("10000.5"))]))])),
            ("patterns", .map([("email", .scalar("^[^@]+@[^@]+$"))])),
            ("rules", .list([.map([("if", .scalar("qty > 0")), ("message", .scalar("qty must be positive"))])])),
        ])
        let properties = try tree.decode(ValidateProperties.self)
        #expect(properties.types.entries.map(\.name) == ["id", "amount"])
        #expect(properties.ranges["amount"] == ValueRange(min: 0, max: Decimal(string: "10000.5")!))
        #expect(properties.rules == [ValidationRuleProperties(if: "qty > 0", message: "qty must be positive")])
        let processor = try ValidateProcessor(properties: properties)
        let valid = try processor.validate(Record([("id", "1"), ("email", "a@b"), ("amount", "10"), ("qty", 1)]))
        #expect(valid == Record([("id", 1), ("email", "a@b"), ("amount", decimal("10")), ("qty", 1)]))
        #expect(try problems(processor, Record([("id", "1"), ("email", "ab"), ("amount", "10"), ("qty", 1)]))
            == "field 'email': string 'ab' does not match pattern ^[^@]+@[^@]+$")
    }

    @Test func unknownTypeNamesFailToDecodeWithAHint() throws {
        let tree = OrderedTree.map([("types", .map([("id", .scalar("integer"))]))])
        let error = try #require(throws: DecodingError.self) { try tree.decode(ValidateProperties.self) }
        guard case .dataCorrupted(let context) = error else {
            Issue.record("unexpected \(error)")
            return
        }
        #expect(context.debugDescription
            == "unknown type 'integer'; expected one of string, int, double, decimal, bool, date, timestamp")
        let typo = try #require(throws: DecodingError.self) {
            try OrderedTree.map([("types", .map([("id", .scalar("strng"))]))]).decode(ValidateProperties.self)
        }
        guard case .dataCorrupted(let typoContext) = typo else { return }
        #expect(typoContext.debugDescription.hasPrefix("unknown type 'strng' (did you mean 'string'?)"))
    }

    @Test func rangeBoundsDecodeExactlyOrFail() throws {
        let range = try OrderedTree.map([("min", .scalar("0.1")), ("max", .null)]).decode(ValueRange.self)
        #expect(range == ValueRange(min: Decimal(string: "0.1")!))
        #expect(throws: DecodingError.self) { try OrderedTree.map([("min", .scalar("low"))]).decode(ValueRange.self) }
    }

    @Test func propertyErrorsNameTheProperty() throws {
        let badPattern = #expect(throws: ProcessorPropertyError.self) {
            try ValidateProcessor(properties: ValidateProperties(patterns: ["email": "(unclosed"]))
        }
        #expect(badPattern?.property == "patterns.email")
        #expect(badPattern?.message.hasPrefix("invalid regular expression") == true)
        let badRule = #expect(throws: ProcessorPropertyError.self) {
            try ValidateProcessor(properties: ValidateProperties(rules: [.init(if: "a > 0"), .init(if: "a >")]))
        }
        #expect(badRule?.description == "rules[1].if: unexpected end of expression, expected a value at column 4")
        let badRange = #expect(throws: ProcessorPropertyError.self) {
            try ValidateProcessor(properties: ValidateProperties(ranges: ["n": ValueRange(min: 5, max: 1)]))
        }
        #expect(badRange?.description == "ranges.n: min 5 is greater than max 1")
    }
}
