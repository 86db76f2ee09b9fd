import Sluice
import SluiceExpression
import Testing

@Suite struct TransformProcessorTests {
    @Test func filterDropsFalseAndNullItems() async throws {
        let processor = TransformProcessor(filter: try Expression("amount > 0"))
        #expect(try await processor.process(Record([("amount", 5)])) == Record([("amount", 5)]))
        #expect(try await processor.process(Record([("amount", -1)])) == nil)
        #expect(try await processor.process(Record([("amount", .null)])) == nil)
        #expect(try await processor.process(Record()) == nil)
    }

    @Test func setEvaluatesInOrderAppendingOrReplacing() async throws {
        let processor = TransformProcessor(set: [
            FieldAssignment("total", try Expression("amount * qty")),
            FieldAssignment("amount", try Expression("amount + 1")),
            FieldAssignment("label", try Expression("'T' + string(total)")),
        ])
        let result = try await processor.process(Record([("amount", 2), ("qty", 3)]))
        #expect(result == Record([("amount", 3), ("qty", 3), ("total", 6), ("label", "T6")]))
    }

    @Test func setCanStoreNull() async throws {
        let processor = TransformProcessor(set: [FieldAssignment("x", try Expression("missing"))])
        let result = try #require(try await processor.process(Record([("a", 1)])))
        #expect(result.names == ["a", "x"])
        #expect(result["x"] == .null)
    }

    @Test func orderIsFilterSetRenameRemove() async throws {
        let processor = TransformProcessor(
            filter: try Expression("qty > 0"),
            set: [FieldAssignment("total", try Expression("qty * price")), FieldAssignment("tmp", try Expression("1"))],
            rename: [FieldRename("qty", to: "quantity"), FieldRename("absent", to: "x")],
            remove: ["tmp", "price", "absent"])
        let result = try await processor.process(Record([("id", 1), ("qty", 2), ("price", 5)]))
        #expect(result == Record([("id", 1), ("quantity", 2), ("total", 10)]))
    }

    @Test func renameOntoAnExistingFieldReplacesIt() async throws {
        let processor = TransformProcessor(rename: [FieldRename("b", to: "a")])
        #expect(try await processor.process(Record([("a", 1), ("b", 2)])) == Record([("a", 2)]))
    }

    @Test func scopeRootsAreVisible() async throws {
        let scope = ExpressionScope(["jobParameters": ["min": .value(10)]])
        let processor = TransformProcessor(filter: try Expression("amount >= jobParameters['min']"), scope: scope)
        #expect(try await processor.process(Record([("amount", 10)])) != nil)
        #expect(try await processor.process(Record([("amount", 9)])) == nil)
    }

    @Test func chunksAreProcessedInOneLoop() async throws {
        let processor = TransformProcessor(filter: try Expression("n % 2 == 0"), set: [FieldAssignment("m", try Expression("n * 10"))])
        var outputs: [Record] = [Record([("seed", 0)])]
        try await processor.process((1...6).map { Record([("n", .int($0))]) }, into: &outputs)
        #expect(outputs.map { $0["m"] } == [nil, 20, 40, 60])
    }

    @Test func chunkErrorsKeepEarlierResults() async throws {
        let processor = TransformProcessor(set: [FieldAssignment("m", try Expression("n * 2"))])
        var outputs: [Record] = []
        let items = [Record([("n", 1)]), Record([("n", "x")]), Record([("n", 3)])]
        let error = try await #require(throws: BatchError.self) { try await processor.process(items, into: &outputs) }
        #expect(error.category == .validation)
        #expect(error.message == "expression \"n * 2\": cannot multiply string 'x' (field n) by int")
        #expect(outputs.count == 1)
    }

    @Test func filterErrorsAreValidationErrors() async throws {
        let processor = TransformProcessor(filter: try Expression("amount + 1"))
        let error = try await #require(throws: BatchError.self) { try await processor.process(Record([("amount", 1)])) }
        #expect(error.message == "expression \"amount + 1\": expected a bool result, got int 2")
    }

    @Test func propertiesCompileInOrder() async throws {
        let properties = TransformProperties(
            filter: "amount > 0", set: ["total": "amount * qty", "double": "total * 2"], remove: ["tmp"],
            rename: ["qty": "quantity"])
        let processor = try TransformProcessor(properties: properties)
        #expect(processor.assignments.map(\.field) == ["total", "double"])
        let result = try await processor.process(Record([("amount", 2), ("qty", 3), ("tmp", 0)]))
        #expect(result == Record([("amount", 2), ("quantity", 3), ("total", 6), ("double", 12)]))
    }

    @Test func propertyErrorsNameTheProperty() throws {
        let badSet = #expect(throws: ProcessorPropertyError.self) {
            try TransformProcessor(properties: TransformProperties(set: ["ok": "1", "total": "amount * (qty"]))
        }
        #expect(badSet?.property == "set.total")
        #expect(badSet?.offset == 13)
        #expect(badSet?.description == "set.total: unexpected end of expression, expected ')' at column 14")
        let badFilter = #expect(throws: ProcessorPropertyError.self) {
            try TransformProcessor(properties: TransformProperties(filter: "uper(x) == 'A'"))
        }
        #expect(badFilter?.description == "filter: unknown function 'uper' (did you mean 'upper'?) at column 1")
    }

    @Test func propertiesDecodeWithTheUsersOrder() throws {
        let tree = OrderedTree.map([
            ("filter", .scalar("amount > 0")),
            ("set", .map([("z", .scalar("1")), ("a", .scalar("z + 1")), ("m", .scalar("a + 1"))])),
            ("remove", .list([.scalar("tmp")])),
            ("rename", .map([("qty", .scalar("quantity")), ("b", .scalar("a"))])),
        ])
        let properties = try tree.decode(TransformProperties.self)
        #expect(properties.filter == "amount > 0")
        #expect(properties.set.entries.map(\.name) == ["z", "a", "m"])
        #expect(properties.set["m"] == "a + 1")
        #expect(properties.remove == ["tmp"])
        #expect(properties.rename.entries.map(\.name) == ["qty", "b"])
        #expect(properties.rename == ["qty": "quantity", "b": "a"])
    }

    @Test func absentPropertiesDefaultToEmpty() throws {
        let properties = try OrderedTree.map([]).decode(TransformProperties.self)
        #expect(properties == TransformProperties())
    }
}
