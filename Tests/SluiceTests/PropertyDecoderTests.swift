import Synchronization
import Foundation
import Sluice
import Testing

@Suite("Property decoding")
struct PropertyDecoderTests {
    struct Options: Decodable, Equatable {
        var path: String
        var skipLines: Int?
        var header: Bool?
        var ratio: Double?
        var amount: Decimal?
        var columns: [String]?
        var timeout: DurationText?
        var nested: Nested?
    }

    struct Nested: Decodable, Equatable {
        var name: String
    }

    private func at(_ line: Int, _ column: Int) -> Sluice.SourceLocation { Sluice.SourceLocation(file: "job.yaml", line: line, column: column) }

    private func scalar(_ text: String, _ line: Int, quoted: Bool = false) -> PropertyNode {
        PropertyNode(.scalar(text, quoted: quoted), at: at(line, 10))
    }

    private func map(_ entries: [(String, PropertyNode)], _ line: Int = 1) -> PropertyNode {
        .map(entries.map { PropertyEntry($0.0, $0.1, at: Sluice.SourceLocation(file: "job.yaml", line: $0.1.location?.line ?? line, column: 3)) }, at: at(line, 1))
    }

    @Test func kebabCaseKeysScalarsAndSpecialTypes() throws {
        let node = map([
            ("path", scalar("in.csv", 2)), ("skip-lines", scalar("2", 3)), ("header", scalar("yes", 4)),
            ("ratio", scalar("0.5", 5)), ("amount", scalar("12.30", 6)),
            ("columns", PropertyNode(.list([scalar("a", 7), scalar("b", 7)]), at: at(7, 10))),
            ("timeout", scalar("1m30s", 8)), ("nested", map([("name", scalar("x", 9))], 9)),
        ])
        let options = try PropertyDecoder().decode(Options.self, from: node)
        #expect(options.path == "in.csv")
        #expect(options.skipLines == 2)
        #expect(options.header == true)
        #expect(options.ratio == 0.5)
        #expect(options.amount == Decimal(string: "12.30"))
        #expect(options.columns == ["a", "b"])
        #expect(options.timeout?.duration == .seconds(90))
        #expect(options.nested == Nested(name: "x"))
    }

    @Test func reportsUnknownKeysWithHintsAndTheDecodingError() throws {
        let node = map([("pth", scalar("in.csv", 2)), ("skip-line", scalar("2", 3)), ("header", scalar("maybe", 4))])
        do {
            _ = try PropertyDecoder().decode(Options.self, from: node)
            Issue.record("expected problems")
        } catch {
            let texts = error.problems.map(\.description)
            #expect(texts.contains("job.yaml:1:1: missing required key 'path'"))
            #expect(texts.contains("job.yaml:2:3: unknown key 'pth' (did you mean 'path'?)"))
            #expect(texts.contains("job.yaml:3:3: unknown key 'skip-line' (did you mean 'skip-lines'?)"))
        }
    }

    @Test func mistypedValuesNameTheKeyAndTheValue() throws {
        let node = map([("path", scalar("a", 2)), ("skip-lines", scalar("two", 3))])
        #expect { try PropertyDecoder().decode(Options.self, from: node) } throws: { error in
            (error as? PropertyProblems)?.problems.map(\.description) == ["job.yaml:3:10: skip-lines: expected an integer, found 'two'"]
        }
        let list = map([("path", scalar("a", 2)), ("columns", scalar("a,b", 4))])
        #expect { try PropertyDecoder().decode(Options.self, from: list) } throws: { error in
            (error as? PropertyProblems)?.problems.first?.description == "job.yaml:4:10: columns: expected a list, found 'a,b'"
        }
        let duration = map([("path", scalar("a", 2)), ("timeout", scalar("soon", 5))])
        #expect { try PropertyDecoder().decode(Options.self, from: duration) } throws: { error in
            (error as? PropertyProblems)?.problems.first?.description.contains("'soon' is not a duration") == true
        }
    }

    @Test func placeholdersPassValidationOnlyWhenAllowed() throws {
        let node = map([("path", scalar("a", 2)), ("skip-lines", scalar("#{jobParameters['n']}", 3)), ("header", scalar("${env:H}", 4))])
        let lenient = try PropertyDecoder(allowsLateBinding: true).decode(Options.self, from: node)
        #expect(lenient.skipLines == 0)
        #expect(throws: PropertyProblems.self) { try PropertyDecoder().decode(Options.self, from: node) }
    }

    @Test func quotedScalarsAreNotYAMLBooleans() throws {
        struct Flag: Decodable { var on: Bool }
        #expect(try PropertyDecoder().decode(Flag.self, from: map([("on", scalar("on", 2))])).on)
        #expect(throws: PropertyProblems.self) { try PropertyDecoder().decode(Flag.self, from: map([("on", scalar("on", 2, quoted: true))])) }
        #expect(throws: PropertyProblems.self) { try PropertyDecoder().decode(Flag.self, from: map([("on", scalar("yes", 2, quoted: true))])) }
        #expect(throws: PropertyProblems.self) { try PropertyDecoder().decode(Flag.self, from: map([("on", scalar("no", 2, quoted: true))])) }
        #expect(try !PropertyDecoder().decode(Flag.self, from: map([("on", scalar("off", 2))])).on)
    }

    @Test func durationsParse() {
        #expect(DurationText("250ms")?.duration == .milliseconds(250))
        #expect(DurationText("2h")?.duration == .seconds(7200))
        #expect(DurationText("1.5s")?.duration == .milliseconds(1500))
        #expect(DurationText("10")?.duration == .seconds(10))
        #expect(DurationText("1d")?.duration == .seconds(86400))
        for bad in ["", "ms", "5x", "-1s", "1s5"] { #expect(DurationText(bad) == nil, "\(bad)") }
    }

    @Test func nameSuggestions() {
        #expect(NameSuggestion.closest(to: "delimter", in: ["delimiter", "quote"]) == "delimiter")
        #expect(NameSuggestion.closest(to: "zzz", in: ["delimiter", "quote"]) == nil)
        #expect(NameSuggestion.closest(to: "haeder", in: ["header"]) == "header")
    }
}

@Suite("Component registry")
struct ComponentRegistryTests {
    struct Props: Decodable, Sendable { var count: Int }

    @Test func validatesPropertiesAndBuildsComponents() async throws {
        var registry = ComponentRegistry()
        registry.registerReader("numbers", properties: Props.self, check: { props, node in
            if props.count > 100 { throw PropertyProblems([PropertyProblem("count too large", at: node.location)]) }
        }) { props, _ in ArrayItemReader((0..<props.count).map { Record([("n", .int($0))]) }) }
        let good = PropertyNode.map([PropertyEntry("count", .scalar("3"))])
        try registry.validate(.reader, "numbers", properties: good)
        #expect(throws: PropertyProblems.self) {
            try registry.validate(.reader, "numbers", properties: .map([PropertyEntry("count", .scalar("300"))]))
        }
        #expect(registry.unknownMessage(.reader, "numbrs") == "unknown reader 'numbrs' (did you mean 'numbers'?)")
        #expect(registry.names(of: .reader) == ["numbers"])
        let context = ComponentContext(componentName: "numbers", baseDirectory: "/jobs", resources: ComponentResources(), logger: .init(label: "t"))
        let reader = try await registry.make(.reader, "numbers", as: (any ItemReader<Record>).self, properties: good, context: context)
        #expect(try await reader.read()?["n"] == .int(0))
        await #expect(throws: BatchError.self) {
            _ = try await registry.make(.writer, "numbers", as: (any ItemWriter<Record>).self, properties: good, context: context)
        }
        #expect(context.resolvePath("a.csv") == "/jobs/a.csv")
        #expect(context.resolvePath("/abs/a.csv") == "/abs/a.csv")
    }

    @Test func resourcesAreSharedAndClosedOnce() async throws {
        let resources = ComponentResources(connections: ["db": NamedConnection(name: "db", url: "sqlite:x", redactedURL: "sqlite:x")])
        let closed = Mutexed(0)
        async let a = resources.shared("pool", create: { UUID() }, close: { _ in closed.add() })
        async let b = resources.shared("pool", create: { UUID() }, close: { _ in closed.add() })
        let (first, second) = try await (a, b)
        #expect(first == second)
        #expect(throws: BatchError.self) { try resources.connection(named: "dbb") }
        await resources.shutdown()
        #expect(closed.value == 1)
    }
}

final class Mutexed: Sendable {
    private let lock: Synchronization.Mutex<Int>
    init(_ value: Int) { lock = .init(value) }
    func add() { lock.withLock { $0 += 1 } }
    var value: Int { lock.withLock { $0 } }
}
