import Foundation
import Testing

/// Runs the real `sluice` binary as a child process in a scratch directory.
struct SluiceProcess {
    /// Output of a finished run.
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String

        /// The stdout parsed as JSON.
        func json() throws -> Any { try JSONSerialization.jsonObject(with: Data(stdout.utf8)) }
    }

    /// The scratch directory jobs and the repository live in.
    let directory: URL
    /// The repository every command uses.
    let repository: String

    /// A scratch directory with a SQLite repository in it, or the given repository.
    init(repository: String? = nil) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-it-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        self.repository = repository ?? "sqlite:" + directory.appendingPathComponent("repository.sqlite").path
    }

    /// The binary: `SLUICE_BINARY`, else `sluice` next to the test bundle (the same build).
    static var binary: String {
        if let path = ProcessInfo.processInfo.environment["SLUICE_BINARY"] { return path }
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while !url.path.isEmpty, url.path != "/" {
            let candidate = url.appendingPathComponent("sluice").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            url.deleteLastPathComponent()
        }
        return ".build/debug/sluice"
    }

    /// Writes a file into the scratch directory.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let path = directory.appendingPathComponent(name).path
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Starts `sluice ARGS` with the scratch repository; output goes to files.
    func start(_ arguments: [String], repository explicit: Bool = true) throws -> Running {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        var args = arguments
        if explicit, !["validate"].contains(arguments.first ?? "") { args += ["--repository", repository] }
        process.arguments = args
        process.currentDirectoryURL = directory
        let id = UUID().uuidString
        let out = directory.appendingPathComponent(".out-\(id)")
        let err = directory.appendingPathComponent(".err-\(id)")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "SLUICE_REPOSITORY")
        process.environment = environment
        try process.run()
        return Running(process: process, out: out, err: err)
    }

    /// Runs `sluice ARGS` to its end.
    func run(_ arguments: [String]) async throws -> Result {
        try await start(arguments).wait()
    }

    /// A started child.
    struct Running {
        let process: Process
        let out: URL
        let err: URL

        var pid: Int32 { process.processIdentifier }

        func wait(timeout: Duration = .seconds(120)) async throws -> Result {
            let deadline = ContinuousClock.now + timeout
            while process.isRunning {
                if ContinuousClock.now > deadline {
                    kill(pid, SIGKILL)
                    Issue.record("sluice \(process.arguments ?? []) did not finish within \(timeout)")
                    break
                }
                try await Task.sleep(for: .milliseconds(20))
            }
            process.waitUntilExit()
            return Result(status: process.terminationStatus,
                          stdout: (try? String(contentsOf: out, encoding: .utf8)) ?? "",
                          stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? "")
        }
    }

    /// Polls until `condition` holds (or fails the test after `timeout`).
    static func eventually(timeout: Duration = .seconds(60), _ condition: () throws -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while try !condition() {
            guard ContinuousClock.now < deadline else {
                Issue.record("condition not met within \(timeout)")
                return
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Lines of a file in the scratch directory (empty when missing).
    func lines(_ name: String) -> [String] {
        let text = (try? String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)) ?? ""
        return text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
    }

    /// Size of a file in the scratch directory (0 when missing).
    func size(_ name: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: directory.appendingPathComponent(name).path))?[.size] as? Int) ?? 0
    }

    /// Writes `rows` CSV lines `id,name` with a header.
    @discardableResult
    func writeCSV(_ name: String, rows: Int) throws -> String {
        var text = "id,name\n"
        text.reserveCapacity(rows * 16)
        for i in 1...rows { text += "\(i),row-\(i)\n" }
        return try write(name, text)
    }
}
