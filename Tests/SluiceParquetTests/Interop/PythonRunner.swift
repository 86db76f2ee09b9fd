import Foundation
import Testing

/// Runs `python3` scripts for the interoperability tests.
enum PythonRunner {
    /// Whether `python3` can import pyarrow. When it cannot, prints why and records an issue only under CI.
    static func pyarrowAvailable(sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        if let result = try? run("import pyarrow, sys; print(pyarrow.__version__)", arguments: []), result.status == 0 {
            return true
        }
        let message = "pyarrow is not importable by python3 (install it with `pip install pyarrow`); interoperability test skipped"
        print(message)
        if ProcessInfo.processInfo.environment["CI"] != nil { Issue.record(Comment(rawValue: message), sourceLocation: sourceLocation) }
        return false
    }

    /// Runs `script` with `python3 -c`, returning the exit status, standard output and standard error.
    static func run(_ script: String, arguments: [String]) throws -> (status: Int32, output: String, error: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + arguments
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outputData, as: UTF8.self), String(decoding: errorData, as: UTF8.self))
    }

    /// Runs a script that must succeed and print one JSON document, decoded as `T`.
    static func runJSON<T: Decodable>(_ type: T.Type, _ script: String, arguments: [String]) throws -> T {
        let result = try run(script, arguments: arguments)
        guard result.status == 0 else {
            throw PythonFailure(message: "python3 exited with \(result.status): \(result.error)")
        }
        return try JSONDecoder().decode(T.self, from: Data(result.output.utf8))
    }
}

/// A failed interoperability script.
struct PythonFailure: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
