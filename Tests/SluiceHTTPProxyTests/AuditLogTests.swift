import Foundation
import Testing
@testable import SluiceHTTPProxy

@Suite struct AuditLogTests {
    static func event(_ reason: String?, findings: [String: Int]? = nil) -> AuditEvent {
        AuditEvent(client: "127.0.0.1:5000", user: "ana", job: nil, method: "GET", url: "http://h.example/a/b?x=1",
                   rule: "r\"1", action: "deny", reason: reason, status: 403, findings: findings, bytesUp: 0, bytesDown: 12)
    }

    @Test(arguments: ["plain", "quote \" backslash \\ slash /", "control \u{0}\u{1}\u{8}\u{9}\u{A}\u{C}\u{D}\u{1F} end", "ünïcødé ✓ 🚀", ""])
    func linesAreWhatJSONEncoderWrites(_ text: String) throws {
        let event = Self.event(text, findings: ["dlp.email": 2, "dlp.card": 1])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let expected = try encoder.encode(event) + [0x0A]
        #expect(String(decoding: event.jsonLine, as: UTF8.self) == String(decoding: expected, as: UTF8.self))
        let decoded = try JSONDecoder().decode(AuditEvent.self, from: Data(event.jsonLine.dropLast()))
        #expect(decoded == event)
    }

    @Test func absentFieldsAreLeftOut() throws {
        let event = AuditEvent(client: nil, user: nil, job: nil, method: nil, url: nil, rule: "x", action: "allow", reason: nil, status: nil)
        let line = String(decoding: event.jsonLine, as: UTF8.self)
        #expect(line == "{\"action\":\"allow\",\"rule\":\"x\",\"time\":\"\(event.time)\"}\n")
    }

    @Test func eventsAreWrittenInOrder() throws {
        let path = NSTemporaryDirectory() + "audit-\(UUID().uuidString).jsonl"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let log = try AuditLog(path: path)
        for index in 0..<2_000 { log.record(Self.event("event \(index)")) }
        log.flush()
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2_000)
        let reasons = try lines.map { try JSONDecoder().decode(AuditEvent.self, from: Data($0.utf8)).reason }
        #expect(reasons == (0..<2_000).map { "event \($0)" })
    }

    @Test func aLogFallingBehindDropsAndCountsInsteadOfGrowing() throws {
        let path = NSTemporaryDirectory() + "audit-\(UUID().uuidString).jsonl"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let lineLength = Self.event("event 0").jsonLine.count
        let log = try AuditLog(path: path, maxPendingBytes: lineLength * 3)
        log.suspendWriting()  // a stalled disk
        for index in 0..<10 { log.record(Self.event("event \(index)")) }
        log.resumeWriting()
        log.flush()
        let events = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
            .map { try JSONDecoder().decode(AuditEvent.self, from: Data($0.utf8)) }
        #expect(events.map(\.reason) == ["event 0", "event 1", "event 2", "7 events were not written: the audit log fell \(lineLength * 3) bytes behind"])
        #expect(events.last?.action == "dropped")
        log.record(Self.event("after"))
        log.flush()
        let last = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").last.map { String($0) }
        #expect(last?.contains("\"reason\":\"after\"") == true)
    }
}
