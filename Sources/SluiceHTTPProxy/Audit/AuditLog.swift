import Dispatch
import Foundation
import Synchronization

/// Appends ``AuditEvent``s as JSON lines to a file (or standard output), in order. Events are
/// encoded where they happen and collected for a few milliseconds; a serial queue then writes
/// them in one write, so the event loops never wait for the disk and a busy proxy does not pay
/// a thread wake-up and a system call per request.
///
/// Memory is bounded: if the disk falls more than ``maxPendingBytes`` behind, further events are
/// counted instead of kept, and a `dropped` event with the count is written when it catches up.
public final class AuditLog: Sendable {
    /// The most encoded bytes waiting for the disk, by default.
    public static let defaultMaxPendingBytes = 16 << 20
    /// The most encoded bytes waiting for the disk.
    public let maxPendingBytes: Int

    private struct Pending {
        var bytes: [UInt8] = []
        var scheduled = false
        var dropped = 0
    }

    /// How long events collect before they are written: at most this many wake-ups and
    /// writes a second, however busy the proxy is.
    static let collectingTime = DispatchTimeInterval.milliseconds(5)

    private let queue = DispatchQueue(label: "sluice.proxy.audit")
    private let pending = Mutex(Pending())
    private nonisolated(unsafe) let handle: FileHandle
    // nonisolated(unsafe): the handle is only used on `queue`.

    /// Opens (creating when missing) the file for appending; `-` is standard output.
    public init(path: String, maxPendingBytes: Int = AuditLog.defaultMaxPendingBytes) throws {
        self.maxPendingBytes = maxPendingBytes
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

    /// Records an event; it is written soon, after every event recorded before it.
    public func record(_ event: AuditEvent) {
        let line = event.jsonLine
        let schedule = pending.withLock { pending -> Bool in
            guard pending.bytes.count + line.count <= maxPendingBytes else {
                pending.dropped += 1
                return false
            }
            pending.bytes.append(contentsOf: line)
            defer { pending.scheduled = true }
            return !pending.scheduled
        }
        if schedule { queue.asyncAfter(deadline: .now() + Self.collectingTime) { self.writePending() } }
    }

    /// Writes everything collected so far, with a `dropped` event first if events were dropped.
    private func writePending() {
        let (bytes, dropped) = pending.withLock { pending in
            defer { pending = Pending() }
            return (pending.bytes, pending.dropped)
        }
        if !bytes.isEmpty { handle.write(Data(bytes)) }
        if dropped > 0 {
            let note = AuditEvent(client: nil, user: nil, job: nil, method: nil, url: nil, rule: "audit", action: "dropped",
                                  reason: "\(dropped) events were not written: the audit log fell \(maxPendingBytes) bytes behind",
                                  status: nil)
            handle.write(Data(note.jsonLine))
        }
    }

    /// Holds writing back until ``resumeWriting()`` (tests use it to play a slow disk).
    func suspendWriting() { queue.suspend() }

    /// Lets writing go on after ``suspendWriting()``.
    func resumeWriting() { queue.resume() }

    /// Waits until every recorded event is written.
    public func flush() {
        queue.sync { writePending() }
    }
}
