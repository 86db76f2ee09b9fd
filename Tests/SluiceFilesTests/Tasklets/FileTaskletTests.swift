import Foundation
import Sluice
import SluiceFiles
import Testing

@Suite struct FileTaskletTests {
    let directory: String

    init() throws { directory = try TaskletHarness.directory() }

    func path(_ name: String) -> String { directory + "/" + name }
    func create(_ name: String, _ text: String = "content") throws { try Data(text.utf8).write(to: URL(fileURLWithPath: path(name))) }
    func read(_ name: String) throws -> String { try String(contentsOfFile: path(name), encoding: .utf8) }
    func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: path(name)) }
    func run(_ properties: FileTasklet.Properties) async throws -> StepExecution {
        try await TaskletHarness.run(try FileTasklet(properties: properties, baseDirectory: directory))
    }

    @Test func copyCopiesIntoAFileOrADirectory() async throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try create("a.csv", String(repeating: "x", count: 3_000_000))
        try FileManager.default.createDirectory(atPath: path("archive"), withIntermediateDirectories: true)
        #expect(try await run(.init(action: .copy, from: "a.csv", to: "b.csv")).status == .completed)
        let step = try await run(.init(action: .copy, from: "a.csv", to: "archive/"))
        #expect(step.executionContext.int(FileTasklet.affectedKey) == 1)
        #expect(try read("b.csv") == read("a.csv"))
        #expect(try read("archive/a.csv") == read("a.csv"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: path("archive")) == ["a.csv"])
    }

    @Test func copyRefusesAnExistingTargetUnlessOverwriting() async throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try create("a.txt", "new")
        try create("b.txt", "old")
        let refused = try await run(.init(action: .copy, from: "a.txt", to: "b.txt"))
        #expect(refused.status == .failed)
        #expect(refused.failures.first?.category == "io")
        #expect(refused.failures.first?.message.contains("already exists") == true)
        #expect(try read("b.txt") == "old")
        #expect(try await run(.init(action: .copy, from: "a.txt", to: "b.txt", overwrite: true)).status == .completed)
        #expect(try read("b.txt") == "new")
    }

    @Test func aMissingSourceFailsUnlessMissingIsOK() async throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let failed = try await run(.init(action: .move, from: "none.txt", to: "x.txt"))
        #expect(failed.failures.first?.category == "io")
        #expect(failed.failures.first?.message.contains("does not exist") == true)
        let tolerated = try await run(.init(action: .move, from: "none.txt", to: "x.txt", missingOk: true))
        #expect(tolerated.status == .completed)
        #expect(tolerated.executionContext.int(FileTasklet.affectedKey) == 0)
        #expect(try await run(.init(action: .copy, from: "none.txt", to: "x.txt")).status == .failed)
    }

    @Test func moveRenamesAndRefusesExistingTargets() async throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try create("a.txt", "moved")
        #expect(try await run(.init(action: .move, from: "a.txt", to: "b.txt")).status == .completed)
        #expect(!exists("a.txt"))
        #expect(try read("b.txt") == "moved")
        try create("c.txt")
        #expect(try await run(.init(action: .move, from: "c.txt", to: "b.txt")).status == .failed)
        #expect(exists("c.txt"))
    }

    @Test func deleteRemovesFilesAndGlobMatches() async throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for name in ["a.tmp", "b.tmp", "keep.csv"] { try create(name) }
        let step = try await run(.init(action: .delete, path: "*.tmp"))
        #expect(step.executionContext.int(FileTasklet.affectedKey) == 2)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["keep.csv"])
        #expect(try await run(.init(action: .delete, path: "keep.csv")).status == .completed)
        #expect(!exists("keep.csv"))
    }

    @Test func deleteOfNothingFailsUnlessMissingIsOK() async throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let failed = try await run(.init(action: .delete, path: "*.none"))
        #expect(failed.failures.first?.category == "io")
        #expect(try await run(.init(action: .delete, path: "gone.txt", missingOk: true)).status == .completed)
    }

    @Test func deletingADirectoryNeedsRecursive() async throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: path("staging/deep"), withIntermediateDirectories: true)
        try create("staging/deep/f.txt")
        let refused = try await run(.init(action: .delete, path: "staging"))
        #expect(refused.failures.first?.category == "validation")
        #expect(exists("staging/deep/f.txt"))
        #expect(try await run(.init(action: .delete, path: "staging", recursive: true)).status == .completed)
        #expect(!exists("staging"))
    }

    @Test func mkdirCreatesParentsAndAcceptsAnExistingDirectory() async throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(try await run(.init(action: .mkdir, path: "out/2026/11")).executionContext.int(FileTasklet.affectedKey) == 1)
        #expect(try await run(.init(action: .mkdir, path: "out/2026/11")).executionContext.int(FileTasklet.affectedKey) == 0)
        let strict = try await run(.init(action: .mkdir, path: "out", parents: false))
        #expect(strict.failures.first?.message.contains("already exists") == true)
        let orphan = try await run(.init(action: .mkdir, path: "missing/child", parents: false))
        #expect(orphan.failures.first?.category == "io")
        try create("file")
        #expect(try await run(.init(action: .mkdir, path: "file")).failures.first?.message.contains("in the way") == true)
    }

    @Test func propertiesAreCheckedPerAction() throws {
        #expect(throws: BatchError.self) { try FileTasklet(properties: .init(action: .copy, from: "a"), baseDirectory: "/") }
        #expect(throws: BatchError.self) { try FileTasklet(properties: .init(action: .mkdir, path: "a", overwrite: true), baseDirectory: "/") }
        #expect(throws: BatchError.self) { try FileTasklet(properties: .init(action: .delete), baseDirectory: "/") }
        let tasklet = try FileTasklet(properties: .init(action: .move, from: "in/a.csv", to: "/archive/"), baseDirectory: "/jobs")
        #expect(tasklet.operation == .move(from: "/jobs/in/a.csv", to: "/archive/", overwrite: false, missingOK: false))
    }
}
