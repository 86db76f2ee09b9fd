import SluiceExpression
import Testing

@Suite struct OrderedFieldMapTests {
    @Test func assignmentReplacesInPlaceAppendsAndRemoves() {
        var map: OrderedFieldMap<Int> = ["b": 1, "a": 2]
        map["b"] = 3
        map["c"] = 4
        #expect(map.entries.map(\.name) == ["b", "a", "c"])
        #expect(map["b"] == 3)
        map["a"] = nil
        #expect(map == ["b": 3, "c": 4])
        #expect(!map.isEmpty)
        #expect(OrderedFieldMap<Int>().isEmpty)
    }

    @Test func repeatedNamesKeepTheFirstPositionAndLastValue() {
        let map = OrderedFieldMap([("x", 1), ("y", 2), ("x", 3)])
        #expect(map.entries.map(\.name) == ["x", "y"])
        #expect(map["x"] == 3)
    }

    @Test func decodingKeepsKeyOrder() throws {
        let map = try OrderedTree.map([("q", .scalar("1")), ("b", .scalar("2")), ("k", .scalar("3"))]).decode(OrderedFieldMap<Int>.self)
        #expect(map.entries.map(\.name) == ["q", "b", "k"])
        #expect(map.entries.map(\.value) == [1, 2, 3])
    }

    @Test func decodingANonMappingFails() {
        #expect(throws: DecodingError.self) { try OrderedTree.list([]).decode(OrderedFieldMap<Int>.self) }
    }
}
