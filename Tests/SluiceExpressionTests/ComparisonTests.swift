import Foundation
import Sluice
import SluiceExpression
import Testing

@Suite struct ComparisonTests {
    @Test func everyComparisonOperator() throws {
        #expect(try value("1 == 1") == true)
        #expect(try value("1 != 1") == false)
        #expect(try value("1 < 2") == true)
        #expect(try value("2 <= 2") == true)
        #expect(try value("1 > 2") == false)
        #expect(try value("2 >= 3") == false)
    }

    @Test func numbersCompareAcrossTypes() throws {
        let item = Record([("i", 2), ("d", .double(2)), ("m", decimal("2.0"))])
        #expect(try value("i == d and d == m and m == i", item) == true)
        #expect(try value("m < 2.5", item) == true)
        #expect(try value("d > 1.5", item) == true)
    }

    @Test func numericStringsCompareAsNumbers() throws {
        let item = Record([("qty", "10"), ("code", "abc")])
        #expect(try value("qty > 9", item) == true)
        #expect(try value("qty == 10.0", item) == true)
        let error = try #require(try evaluationError("code > 1", item))
        #expect(error.message == "expression \"code > 1\": cannot compare string 'abc' (field code) with int using '>'")
    }

    @Test func stringsCompareLexicographically() throws {
        #expect(try value("'abc' < 'abd'") == true)
        #expect(try value("'b' > 'abc'") == true)
        #expect(try value("'x' == 'x'") == true)
    }

    @Test func boolsOnlyTestForEquality() throws {
        let item = Record([("flag", true), ("text", "TRUE"), ("other", "yes")])
        #expect(try value("flag == true", item) == true)
        #expect(try value("flag != false", item) == true)
        #expect(try value("flag == text", item) == true)
        let ordering = try #require(try evaluationError("flag < true", item))
        #expect(ordering.message == "expression \"flag < true\": cannot compare bool true (field flag) with bool true using '<': bool values can only be tested with == and !=")
        #expect(try evaluationError("flag == other", item)?.message
            == "expression \"flag == other\": cannot compare bool with string 'yes' (field other) using '=='")
        #expect(try evaluationError("flag == 1", item)?.message
            == "expression \"flag == 1\": cannot compare bool true (field flag) with int 1 using '=='")
    }

    @Test func bytesOnlyTestForEquality() throws {
        let item = Record([("a", .bytes([1, 2])), ("b", .bytes([1, 2]))])
        #expect(try value("a == b", item) == true)
        #expect(try evaluationError("a < b", item)?.message.hasSuffix("bytes values can only be tested with == and !=") == true)
    }

    @Test func nullComparisons() throws {
        let item = Record([("n", .null), ("m", .null), ("x", 5)])
        #expect(try value("n == null", item) == true)
        #expect(try value("null == n", item) == true)
        #expect(try value("x == null", item) == false)
        #expect(try value("x != null", item) == true)
        #expect(try value("n != null", item) == false)
        #expect(try value("missing == null", item) == true)
        #expect(try value("n == 5", item) == false)
        #expect(try value("n != 5", item) == false)
        #expect(try value("n < 5", item) == false)
        #expect(try value("n >= 5", item) == false)
        #expect(try value("n == m", item) == false)
        #expect(try value("not (n > 5)", item) == true)
    }

    @Test func datesAndTimestamps() throws {
        let day = CalendarDate("2026-11-30")!
        let noon = Timestamps.parse("2026-11-30T12:00:00Z")!
        let item = Record([("day", .date(day)), ("at", .timestamp(noon)), ("text", "2026-12-01"), ("bad", "soon")])
        #expect(try value("day == '2026-11-30'", item) == true)
        #expect(try value("day < '2026-12-01'", item) == true)
        #expect(try value("day < text", item) == true)
        #expect(try value("at > day", item) == true)
        #expect(try value("at < '2026-11-30T12:00:01Z'", item) == true)
        #expect(try value("at >= '2026-11-30'", item) == true)
        #expect(try value("day == at", item) == false)
        let error = try #require(try evaluationError("day < bad", item))
        #expect(error.message == "expression \"day < bad\": cannot compare date with string 'soon' (field bad) using '<'")
        #expect(try evaluationError("day > 3", item)?.message
            == "expression \"day > 3\": cannot compare date 2026-11-30 (field day) with int 3 using '>'")
    }

    @Test func datesBeforeTheEpochAndLeapDaysCompare() throws {
        let item = Record([("old", .date(CalendarDate("1969-12-31")!)), ("leap", .date(CalendarDate("2024-02-29")!))])
        #expect(try value("old < '1970-01-01T00:00:00Z'", item) == true)
        #expect(try value("old >= '1969-12-31T00:00:00Z'", item) == true)
        #expect(try value("leap == '2024-02-29T00:00:00Z'", item) == true)
    }

    @Test func membership() throws {
        let item = Record([("status", "A"), ("qty", "2"), ("n", .null)])
        #expect(try value("status in ['A', 'B']", item) == true)
        #expect(try value("status in ['C']", item) == false)
        #expect(try value("status not in ['C']", item) == true)
        #expect(try value("qty in [1, 2, 3]", item) == true)
        #expect(try value("status in []", item) == false)
        #expect(try value("n in ['A']", item) == false)
        #expect(try value("n in ['A', null]", item) == true)
        #expect(try value("n not in ['A']", item) == true)
        #expect(try value("status in [lower('a'), upper('a')]", item) == true)
        #expect(try value("1 in [n, 1]", item) == true)
    }

    @Test func membershipTypeErrors() throws {
        let item = Record([("status", "A")])
        let error = try #require(try evaluationError("status in [1, 2]", item))
        #expect(error.message == "expression \"status in [1, 2]\": cannot compare string 'A' (field status) with int using '=='")
    }

    @Test func logicShortCircuits() throws {
        let item = Record([("zero", 0), ("x", 1)])
        #expect(try value("false and 1 / zero > 0", item) == false)
        #expect(try value("true or 1 / zero > 0", item) == true)
        #expect(try value("x > 0 and x < 2", item) == true)
        #expect(try value("x > 5 or x == 1", item) == true)
        #expect(try value("null or true") == true)
        #expect(try value("null and true") == false)
        #expect(try value("not null") == true)
    }

    @Test func logicRequiresBools() throws {
        let item = Record([("x", 1)])
        #expect(try evaluationError("x and true", item)?.message == "expression \"x and true\": 'and' expects a bool, got int 1 (field x)")
        #expect(try evaluationError("false or x", item)?.message == "expression \"false or x\": 'or' expects a bool, got int 1 (field x)")
        #expect(try evaluationError("not x", item)?.message == "expression \"not x\": 'not' expects a bool, got int 1 (field x)")
    }
}
