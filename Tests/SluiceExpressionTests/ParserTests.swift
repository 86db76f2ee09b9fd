import Sluice
import SluiceExpression
import Testing

@Suite struct ParserTests {
    @Test func multiplicationBindsTighterThanAddition() throws {
        #expect(try value("1 + 2 * 3") == 7)
        #expect(try value("(1 + 2) * 3") == 9)
        #expect(try value("10 - 4 % 3") == 9)
    }

    @Test func operatorsOfOneLevelAssociateLeft() throws {
        #expect(try value("10 - 4 - 3") == 3)
        #expect(try value("100 / 10 / 5") == decimal("2"))
        #expect(try value("7 % 4 % 2") == 1)
    }

    @Test func unaryMinusBindsTighterThanBinaryOperators() throws {
        #expect(try value("-2 * 3") == -6)
        #expect(try value("2 - -3") == 5)
        #expect(try value("--4") == 4)
    }

    @Test func logicalPrecedenceIsNotThenAndThenOr() throws {
        #expect(try value("true or false and false") == true)
        #expect(try value("(true or false) and false") == false)
        #expect(try value("not false and false") == false)
        #expect(try value("not 1 > 2") == true)
    }

    @Test func comparisonsBindTighterThanLogic() throws {
        #expect(try value("1 < 2 and 3 > 2") == true)
        #expect(try value("1 + 1 == 2") == true)
    }

    @Test func literals() throws {
        #expect(try value("42") == 42)
        #expect(try value("1.25") == decimal("1.25"))
        #expect(try value("1e3") == .double(1000))
        #expect(try value("2.5E-1") == .double(0.25))
        #expect(try value("'it\\'s'") == "it's")
        #expect(try value("'a\\nb\\t\\\\'") == "a\nb\t\\")
        #expect(try value("true") == true)
        #expect(try value("false") == false)
        #expect(try value("null") == .null)
    }

    @Test func namesMayContainDigitsAndUnderscoresAndBeQuoted() throws {
        let item = Record([("order_id2", 7), ("order-id", 8), ("in", 9)])
        #expect(try value("order_id2", item) == 7)
        #expect(try value("`order-id` + 1", item) == 9)
        #expect(try value("`in`", item) == 9)
    }

    @Test func constantSubexpressionsAreFolded() throws {
        #expect(try Expression("2 * 3 + 1").constantValue == 7)
        #expect(try Expression("upper('a') + 'b'").constantValue == "Ab")
        #expect(try Expression("amount * 2").constantValue == nil)
    }

    @Test func referencedNamesAreListedOnceInOrder() throws {
        let expression = try Expression("qty * price + qty + steps['load'].readCount")
        #expect(expression.referencedNames == ["qty", "price", "steps"])
    }

    @Test func expressionsCompareBySource() throws {
        #expect(try Expression("a + 1") == Expression("a + 1"))
        #expect(try Expression("a + 1") != Expression("a+1"))
        #expect(try Expression("a + 1").description == "a + 1")
    }
}
