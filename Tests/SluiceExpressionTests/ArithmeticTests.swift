import Foundation
import Sluice
import SluiceExpression
import Testing

@Suite struct ArithmeticTests {
    @Test func intsStayInts() throws {
        #expect(try value("2 + 3") == 5)
        #expect(try value("2 - 3") == -1)
        #expect(try value("4 * 3") == 12)
        #expect(try value("7 % 3") == 1)
        #expect(try value("-7 % 3") == -1)
    }

    @Test func intDivisionIsExactNotTruncated() throws {
        #expect(try value("7 / 2") == decimal("3.5"))
        #expect(try value("6 / 3") == decimal("2"))
        #expect(try value("int(7 / 2)") == 3)
        #expect(try value("int(-7 / 2)") == -3)
    }

    @Test func decimalsAreExact() throws {
        let item = Record([("a", decimal("0.1")), ("b", decimal("0.2"))])
        #expect(try value("a + b", item) == decimal("0.3"))
        #expect(try value("a + b == 0.3", item) == true)
        #expect(try value("0.1 + 0.2 == 0.3") == true)
        #expect(try value("a * 3", item) == decimal("0.3"))
        #expect(try value("1 - a", item) == decimal("0.9"))
        #expect(try value("1 / 3 * 3 == 1") == false)
        #expect(try value("5.5 % 2") == decimal("1.5"))
        #expect(try value("-5.5 % 2") == decimal("-1.5"))
    }

    @Test func doublesWinOverDecimalsAndInts() throws {
        let item = Record([("d", .double(0.5)), ("m", decimal("1.5"))])
        #expect(try value("d + m", item) == .double(2))
        #expect(try value("d * 4", item) == .double(2))
        #expect(try value("d / 2", item) == .double(0.25))
        #expect(try value("5.5e0 % 2") == .double(1.5))
    }

    @Test func stringsConcatenate() throws {
        #expect(try value("'ab' + 'cd'") == "abcd")
        #expect(try value("'1' + '2'") == "12")
    }

    @Test func numericStringsAreConverted() throws {
        let item = Record([("amount", "12.50"), ("qty", "3"), ("rate", " 2 ")])
        #expect(try value("amount * qty", item) == decimal("37.5"))
        #expect(try value("qty + 1", item) == 4)
        #expect(try value("rate * 2", item) == 4)
        #expect(try value("-qty", item) == -3)
        #expect(try value("qty * 1e0", item) == .double(3))
    }

    @Test func nullPropagatesThroughArithmetic() throws {
        let item = Record([("n", .null)])
        #expect(try value("n + 1", item) == .null)
        #expect(try value("1 - n", item) == .null)
        #expect(try value("n * 2", item) == .null)
        #expect(try value("n / 2", item) == .null)
        #expect(try value("n % 2", item) == .null)
        #expect(try value("-n", item) == .null)
        #expect(try value("missing + 1", item) == .null)
        #expect(try value("'a' + n", item) == .null)
    }

    @Test func divisionByZeroFails() throws {
        let item = Record([("a", 10), ("zero", 0), ("dz", decimal("0")), ("fz", .double(0))])
        for source in ["a / zero", "a % zero", "a / dz", "a % dz", "a / fz", "a % fz"] {
            let error = try #require(try evaluationError(source, item))
            #expect(error.category == .validation)
            #expect(error.message.hasSuffix(": division by zero"), "\(error.message)")
        }
        let error = try #require(try evaluationError("a / zero", item))
        #expect(error.message == "expression \"a / zero\": cannot divide int 10 (field a) by int 0 (field zero): division by zero")
    }

    @Test func overflowFails() throws {
        let item = Record([("big", .int(Int.max)), ("small", .int(Int.min)), ("huge", .double(1e308))])
        for source in ["big + 1", "small - 1", "big * 2", "small % -1", "huge * 10", "-small"] {
            let error = try #require(try evaluationError(source, item), "\(source)")
            #expect(error.category == .validation)
            #expect(error.message.contains("out of range"), "\(error.message)")
        }
    }

    @Test func typeErrorsNameTheFieldAndValue() throws {
        let item = Record([("amount", "abc"), ("qty", 2), ("flag", true), ("day", .date(CalendarDate("2026-11-30")!))])
        let error = try #require(try evaluationError("amount * qty", item))
        #expect(error.category == .validation)
        #expect(error.message == "expression \"amount * qty\": cannot multiply string 'abc' (field amount) by int")
        #expect(try evaluationError("qty - amount", item)?.message
            == "expression \"qty - amount\": cannot subtract string 'abc' (field amount) from int")
        #expect(try evaluationError("flag + qty", item)?.message
            == "expression \"flag + qty\": cannot add bool true (field flag) and int 2 (field qty)")
        #expect(try evaluationError("day % 2", item)?.message
            == "expression \"day % 2\": cannot take the remainder of date 2026-11-30 (field day) divided by int 2")
        #expect(try evaluationError("qty / flag", item)?.message
            == "expression \"qty / flag\": cannot divide int 2 (field qty) by bool true (field flag)")
        #expect(try evaluationError("-amount", item)?.message == "expression \"-amount\": cannot negate string 'abc' (field amount)")
        #expect(try evaluationError("-flag", item)?.message == "expression \"-flag\": cannot negate bool true (field flag)")
    }

    @Test func longStringsAreShortenedInMessages() throws {
        let item = Record([("text", .string(String(repeating: "x", count: 100)))])
        let message = try #require(try evaluationError("text * 2", item)).message
        #expect(message.contains("'" + String(repeating: "x", count: 57) + "...'"))
    }
}
