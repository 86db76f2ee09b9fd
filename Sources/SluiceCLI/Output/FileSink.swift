import Foundation

/// A ``TextSink`` writing to a file handle, such as standard output or standard error.
public struct FileSink: TextSink {
    /// The handle written to.
    public let handle: FileHandle

    /// Writes to `handle`.
    public init(_ handle: FileHandle) { self.handle = handle }

    /// Standard output.
    public static var standardOutput: FileSink { FileSink(.standardOutput) }
    /// Standard error.
    public static var standardError: FileSink { FileSink(.standardError) }

    public func write(_ text: String) {
        // A closed pipe must not crash the tool; the text is then lost on purpose.
        try? handle.write(contentsOf: Data(text.utf8))
    }
}
