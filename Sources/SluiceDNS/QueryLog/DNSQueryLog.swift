import Foundation
import NIOCore
import Synchronization

/// Writes one JSON line per answered query: time, client, name, type, decision, rcode and
/// latency. Lines are queued in memory (at most `maxQueued`; beyond that they are counted as
/// dropped) and written by a background queue, so the query path never waits for the disk.
public final class DNSQueryLog: Sendable {
    /// One logged query.
    public struct Entry: Codable, Sendable, Equatable {
        public var time: String
        public var client: String
        public var name: String
        public var type: String
        public var decision: String
        public var rcode: String
        public var latencyMs: Double

        enum CodingKeys: String, CodingKey {
            case time, client, name, type, decision, rcode
            case latencyMs = "latency_ms"
        }
    }

    private struct State {
        var queued: [Entry] = []
        var flushScheduled = false
        var dropped = 0
    }

    private let handle: FileHandle
    private let ownsHandle: Bool
    private let state = Mutex(State())
    private let queue = DispatchQueue(label: "sluice.dns.query-log")
    private let maxQueued = 10_000

    /// A log appending to `settings.path` (`-` for standard output).
    public init(settings: DNSQueryLogSettings) throws(DNSConfigurationError) {
        if settings.path == "-" {
            handle = FileHandle.standardOutput
            ownsHandle = false
            return
        }
        if !FileManager.default.fileExists(atPath: settings.path) {
            _ = FileManager.default.createFile(atPath: settings.path, contents: nil)
        }
        guard let handle = FileHandle(forWritingAtPath: settings.path) else {
            throw .invalid(path: settings.path, key: "query-log.path", reason: "cannot open the query log for writing")
        }
        handle.seekToEndOfFile()
        self.handle = handle
        ownsHandle = true
    }

    /// Queues `entry` for writing.
    public func record(_ entry: Entry) {
        let schedule = state.withLock { state -> Bool in
            guard state.queued.count < maxQueued else {
                state.dropped += 1
                return false
            }
            state.queued.append(entry)
            defer { state.flushScheduled = true }
            return !state.flushScheduled
        }
        if schedule { queue.async { self.flush() } }
    }

    /// Writes what is queued now and waits for it (for shutdown and tests).
    public func drain() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            queue.async {
                self.flush()
                continuation.resume()
            }
        }
    }

    private func flush() {
        let entries = state.withLock { state in
            defer {
                state.queued.removeAll(keepingCapacity: true)
                state.flushScheduled = false
            }
            return state.queued
        }
        guard !entries.isEmpty else { return }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var data = Data()
        for entry in entries {
            guard let line = try? encoder.encode(entry) else { continue }
            data.append(line)
            data.append(0x0A)
        }
        handle.write(data)
    }

    deinit {
        if ownsHandle { try? handle.close() }
    }
}

extension DNSQueryLog {
    private static let formatter = Mutex(ISO8601DateFormatter())

    /// The current time as ISO 8601 with milliseconds (UTC).
    static func timestamp() -> String {
        formatter.withLock { formatter in
            formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            return formatter.string(from: Date())
        }
    }
}
