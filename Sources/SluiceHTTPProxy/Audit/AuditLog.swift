import Dispatch
import Foundation

/// Appends ``AuditEvent``s as JSON lines to a file (or standard output), in order, on its own
/// serial queue so the event loops never wait for the disk.
public final class AuditLog: Sendable {
    private let queue = DispatchQueue(label: "sluice.proxy.audit")
    private nonisolated(unsafe) let handle: FileHandle
    // nonisolated(unsafe): the handle is only used on `queue`.

    /// Opens (creating when missing) the file for appending; `-` is standard output.
    public init(path: String) throws {
        if path == "-" {
            handle = FileHandle.standardOutput
        } else {
            if !FileManager.default.fileExists(atPath: path) {
                guard FileManager.default.createFile(atPath: path, contents: nil) else {
                    throw ProxyConfigurationError(file: path, key: "audit.path", problem: "cannot be created")
                }
            }
            guard let handle = FileHandle(forWritingAtPath: path) else {
                throw ProxyConfigurationError(file: path, key: "audit.path", problem: "cannot be opened for writing")
            }
            handle.seekToEndOfFile()
            self.handle = handle
        }
    }

    /// Writes an event (asynchronously, in call order).
    public func record(_ event: AuditEvent) {
        queue.async { [handle] in
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            guard var line = try? encoder.encode(event) else { return }
            line.append(0x0A)
            handle.write(line)
        }
    }

    /// Waits until every recorded event is written.
    public func flush() {
        queue.sync {}
    }
}
