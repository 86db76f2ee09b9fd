import Foundation
import Sluice
import SluiceExpression
import Testing

@Suite struct FunctionTests {
    let item = Record([("name", "  Ada Lovelace "), ("word", "Straße"), ("n", .null), ("qty", "7"), ("flag", true)])

    @Test func textFunctions() throws {
        #expect(try value("upper('abc')") == "ABC")
        #expect(try value("lower('ÀBC')") == "àbc")
        #expect(try value("trim(name)", item) == "Ada Lovelace")
        #expect(try value("length(word)", item) == 6)
        #expect(try value("length('👍🏽a')") == 2)
    }

    @Test func substrIsZeroBasedAndClamped() throws {
        #expect(try value("substr('abcdef', 0, 2)") == "ab")
        #expect(try value("substr('abcdef', 2)") == "cdef")
        #expect(try value("substr('abcdef', 4, 10)") == "ef")
        #expect(try value("substr('abc', 5)") == "")
        #expect(try value("substr('héllo', 1, 3)") == "éll")
        #expect(try value("substr('abc', qty, 1)", item) == "")
        #expect(try value("substr('abcdefgh', qty)", item) == "h")
    }

    @Test func substrRejectsNegativeOrNonIntArguments() throws {
        #expect(try #require(syntaxError("substr('abc', -1)")).message == "substr(): argument 2 must not be negative, got int -1")
        #expect(try #require(syntaxError("substr('abc', 0, -2)")).message == "substr(): argument 3 must not be negative, got int -2")
        #expect(try #require(syntaxError("substr('abc', 1.5)")).message == "substr() expects an int as argument 2, got decimal 1.5")
        #expect(try #require(syntaxError("substr('abc', 0, 'x')")).message == "substr() expects an int as argument 3, got string 'x'")
    }

    @Test func textFunctionsRejectNonStrings() throws {
        for function in ["upper", "lower", "trim", "length"] {
            let error = try #require(try evaluationError("\(function)(flag)", item))
            #expect(error.message == "expression \"\(function)(flag)\": \(function)() expects a string as argument 1, got bool true (field flag)")
            #expect(error.category == .validation)
        }
    }

    @Test func functionsOfNullAreNull() throws {
        for source in ["upper(n)", "lower(n)", "trim(n)", "length(n)", "substr(n, 1)", "substr('a', n)", "int(n)",
                       "double(n)", "string(n)", "round(n)", "round(1.5, n)", "abs(n)"] {
            #expect(try value(source, item) == .null, "\(source)")
        }
    }

    @Test func coalesceReturnsTheFirstNonNullLazily() throws {
        let item = Record([("n", .null), ("zero", 0), ("x", 3)])
        #expect(try value("coalesce(n, x)", item) == 3)
        #expect(try value("coalesce(n, missing, 'dflt')", item) == "dflt")
        #expect(try value("coalesce(n, missing)", item) == .null)
        #expect(try value("coalesce(x, 1 / zero)", item) == 3)
    }

    @Test func intConversions() throws {
        #expect(try value("int(42)") == 42)
        #expect(try value("int(2.9)") == 2)
        #expect(try value("int(-2.9)") == -2)
        #expect(try value("int(2.9e0)") == 2)
        #expect(try value("int(' 12 ')") == 12)
        #expect(try value("int('12.7')") == 12)
        #expect(try value("int(qty)", item) == 7)
        let error = try #require(try evaluationError("int(name)", item))
        #expect(error.message == "expression \"int(name)\": int(): cannot convert string '  Ada Lovelace ' (field name) to int")
        #expect(try #require(syntaxError("int(true)")).message == "int(): cannot convert bool true to int")
        #expect(try #require(syntaxError("int(1e30)")).message == "int(): cannot convert double 1e+30 to int")
        #expect(try #require(syntaxError("int(99999999999999999999.5)")).message.hasPrefix("int(): cannot convert decimal"))
    }

    @Test func doubleConversions() throws {
        #expect(try value("double(2)") == .double(2))
        #expect(try value("double(0.5)") == .double(0.5))
        #expect(try value("double('1e2')") == .double(100))
        #expect(try value("double(qty)", item) == .double(7))
        #expect(try evaluationError("double(word)", item)?.message
            == "expression \"double(word)\": double(): cannot convert string 'Straße' (field word) to double")
        #expect(try #require(syntaxError("double(true)")).message == "double(): cannot convert bool true to double")
    }

    @Test func stringConversion() throws {
        #expect(try value("string(42)") == "42")
        #expect(try value("string(1.50)") == "1.5")
        #expect(try value("string(true)") == "true")
        #expect(try value("string(12) + 'x'") == "12x")
        let day = Record([("d", .date(CalendarDate("2026-11-30")!))])
        #expect(try value("string(d)", day) == "2026-11-30")
    }

    @Test func roundIsHalfAwayFromZeroAndKeepsTheType() throws {
        #expect(try value("round(2.5)") == decimal("3"))
        #expect(try value("round(-2.5)") == decimal("-3"))
        #expect(try value("round(2.345, 2)") == decimal("2.35"))
        #expect(try value("round(1234, -2)") == 1200)
        #expect(try value("round(1250, -2)") == 1300)
        #expect(try value("round(7)") == 7)
        #expect(try value("round(2.5e0)") == .double(3))
        #expect(try value("round(1.2345e0, 2)") == .double(1.23))
        #expect(try value("round('2.5')") == decimal("3"))
        #expect(try value("round(1.25, '1')") == decimal("1.3"))
    }

    @Test func roundRejectsBadArguments() throws {
        #expect(try #require(syntaxError("round('x')")).message == "round() expects a number as argument 1, got string 'x'")
        #expect(try #require(syntaxError("round(1.5, 1.5)")).message == "round() expects an int as argument 2, got decimal 1.5")
        #expect(try #require(syntaxError("round(1.5, 40)")).message == "round(): argument 2 must be between -18 and 18, got int 40")
        let big = Record([("big", .int(Int.max))])
        #expect(try evaluationError("round(big, -1)", big)?.message
            == "expression \"round(big, -1)\": round(): the result for int \(Int.max) (field big) is out of range")
    }

    @Test func absolute() throws {
        #expect(try value("abs(-3)") == 3)
        #expect(try value("abs(-2.5)") == decimal("2.5"))
        #expect(try value("abs(-2.5e0)") == .double(2.5))
        #expect(try value("abs('-4')") == 4)
        #expect(try #require(syntaxError("abs(true)")).message == "abs() expects a number as argument 1, got bool true")
        let small = Record([("small", .int(Int.min))])
        #expect(try evaluationError("abs(small)", small)?.message.hasSuffix("is out of range") == true)
    }
}
