import SluiceExpression
import Testing

@Suite struct SyntaxErrorTests {
    @Test func unexpectedTokenReportsItsOffset() throws {
        let error = try #require(syntaxError("(a + b))"))
        #expect(error.message == "unexpected ')'")
        #expect(error.offset == 7)
        #expect(error.description == "unexpected ')' at column 8")
    }

    @Test func missingOperandAtTheEnd() throws {
        let error = try #require(syntaxError("a +"))
        #expect(error.message == "unexpected end of expression, expected a value")
        #expect(error.offset == 3)
    }

    @Test func emptyExpression() throws {
        let error = try #require(syntaxError("   "))
        #expect(error.message == "empty expression")
    }

    @Test func unclosedParenthesis() throws {
        let error = try #require(syntaxError("(a + 1"))
        #expect(error.message == "unexpected end of expression, expected ')'")
        #expect(error.offset == 6)
    }

    @Test func unknownFunctionSuggestsTheClosestOne() throws {
        let error = try #require(syntaxError("x == uper(name)"))
        #expect(error.message == "unknown function 'uper' (did you mean 'upper'?)")
        #expect(error.offset == 5)
        #expect(try #require(syntaxError("UPPER(a)")).message == "unknown function 'UPPER' (did you mean 'upper'?)")
        #expect(try #require(syntaxError("frobnicate(a)")).message == "unknown function 'frobnicate'")
    }

    @Test func wrongArgumentCounts() throws {
        #expect(try #require(syntaxError("upper(a, b)")).message == "function 'upper' takes 1 argument, got 2")
        #expect(try #require(syntaxError("substr(a)")).message == "function 'substr' takes 2 or 3 arguments, got 1")
        #expect(try #require(syntaxError("coalesce(a)")).message == "function 'coalesce' takes at least 2 arguments, got 1")
        #expect(try #require(syntaxError("round()")).message == "function 'round' takes 1 or 2 arguments, got 0")
    }

    @Test func stringsAndQuotedNames() throws {
        let unterminated = try #require(syntaxError("name == 'abc"))
        #expect(unterminated.message == "unterminated string")
        #expect(unterminated.offset == 8)
        #expect(try #require(syntaxError("'a\\q'")).message == "unknown escape '\\q' in string")
        #expect(try #require(syntaxError("`order-id")).message == "unterminated quoted name")
        #expect(try #require(syntaxError("``")).message == "empty quoted name")
        #expect(try #require(syntaxError("\"abc\"")).message == "strings are written in single quotes: 'text'")
    }

    @Test func numbers() throws {
        #expect(try #require(syntaxError("1.")).message == "invalid number '1.'")
        #expect(try #require(syntaxError("3abc")).message == "invalid number '3abc'")
        #expect(try #require(syntaxError("1e")).message == "invalid number '1e'")
        #expect(try #require(syntaxError("99999999999999999999")).message.hasPrefix("integer 99999999999999999999 is too large"))
        #expect(try #require(syntaxError("1e999")).message == "number 1e999 is out of range")
    }

    @Test func operatorsOfOtherLanguagesGetAHint() throws {
        #expect(try #require(syntaxError("a && b")).message == "'&&' is not an operator; use 'and'")
        #expect(try #require(syntaxError("a || b")).message == "'||' is not an operator; use 'or'")
        #expect(try #require(syntaxError("!a")).message == "'!' is not an operator; use 'not' (or '!=' to compare)")
        let assignment = try #require(syntaxError("a = 1"))
        #expect(assignment.message == "'=' is not an operator; use '==' to compare")
        #expect(assignment.offset == 2)
        #expect(try #require(syntaxError("a # b")).message == "unexpected character '#'")
    }

    @Test func comparisonsDoNotChain() throws {
        let error = try #require(syntaxError("1 < a < 3"))
        #expect(error.message == "comparisons cannot be chained; combine them with 'and'")
        #expect(error.offset == 6)
        #expect(try #require(syntaxError("a == b in [1]")).message == "'in' cannot follow a comparison; use parentheses")
    }

    @Test func inNeedsAList() throws {
        #expect(try #require(syntaxError("a in b")).message == "unexpected name 'b', expected a list like ['a', 'b'] after 'in'")
        #expect(try #require(syntaxError("a in [1, 2")).message == "unexpected end of expression, expected ']'")
    }

    @Test func pathsStartAtNames() throws {
        #expect(try #require(syntaxError("upper(a)['x']")).message == "only names can be followed by '[...]' or '.member'")
        #expect(try #require(syntaxError("steps.")).message == "unexpected end of expression, expected a member name after '.'")
        #expect(try #require(syntaxError("steps['a'")).message == "unexpected end of expression, expected ']'")
    }

    @Test func constantErrorsAreReportedAtCompileTime() throws {
        let error = try #require(syntaxError("x + 10 / 0"))
        #expect(error.message == "cannot divide int 10 by int 0: division by zero")
        #expect(error.offset == 4)
        #expect(try #require(syntaxError("upper(5)")).message == "upper() expects a string as argument 1, got int 5")
    }

    @Test func offsetsCountCharactersNotBytes() throws {
        let error = try #require(syntaxError("'éé' + )"))
        #expect(error.offset == 7)
    }
}
