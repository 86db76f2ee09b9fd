import Foundation
import Sluice
import Testing
@testable import SluiceFiles

@Suite struct PathPatternTests {
    @Test(arguments: [
        ("*.csv", "orders.csv", true), ("*.csv", "orders.tsv", false), ("*.csv", ".hidden.csv", false),
        (".*.csv", ".hidden.csv", true), ("part-??.json", "part-07.json", true), ("part-??.json", "part-7.json", false),
        ("[abc]*", "beta", true), ("[abc]*", "delta", false), ("[!abc]*", "delta", true), ("[^abc]*", "alpha", false),
        ("x[0-9]", "x5", true), ("x[0-9]", "xa", false), ("a*b*c", "aXbYc", true), ("a*b*c", "aXbY", false),
        ("[]]x", "]x", true), ("[oops", "[oops", true),
    ])
    func namePatternMatches(pattern: String, name: String, expected: Bool) {
        #expect(NamePattern(pattern).matches(name) == expected)
    }

    @Test func expandsGlobsWithDoubleStarInSortedOrder() throws {
        let dir = try ReaderTestDirectory()
        defer { dir.remove() }
        for name in ["logs/b.ndjson", "logs/a.ndjson", "logs/2024/01/z.ndjson", "logs/2024/a.txt", "logs/.git/x.ndjson", "other/c.ndjson"] {
            try dir.write(name, "{}\n")
        }
        let files = try PathPattern("logs/**/*.ndjson", baseDirectory: dir.path).files()
        #expect(files == ["logs/2024/01/z.ndjson", "logs/a.ndjson", "logs/b.ndjson"].map { dir.path + "/" + $0 })
        let relative = PathPattern("/abs/x.csv", baseDirectory: dir.path)
        #expect(relative.resolved == "/abs/x.csv")
        #expect(PathPattern("x.csv", baseDirectory: ".").resolved == "x.csv")
    }

    @Test func aPlainPathMustBeAnExistingFile() throws {
        let dir = try ReaderTestDirectory()
        defer { dir.remove() }
        try dir.write("sub/a.csv", "")
        #expect(throws: BatchError(.io, "'\(dir.path)/sub' is a directory, not a file")) {
            try PathPattern("sub", baseDirectory: dir.path).files()
        }
        #expect(throws: BatchError(.io, "no file matches the pattern '\(dir.path)/sub/*.json'")) {
            try PathPattern("sub/*.json", baseDirectory: dir.path).files()
        }
    }
}
