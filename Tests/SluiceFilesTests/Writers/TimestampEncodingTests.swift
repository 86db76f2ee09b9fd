import Foundation
import Sluice
import SluiceFiles
import Testing

/// The writers format timestamps and dates without a formatter; their text must equal the core's.
@Suite struct TimestampEncodingTests {
    @Test func timestampsMatchTheCoreFormat() async throws {
        let scratch = try WriterScratch()
        defer { scratch.remove() }
        var generator = SystemRandomNumberGenerator()
        var instants = [0, -1, -0.001, 0.001, 0.0005, 951_782_400, 4_107_542_399.999, -62_135_596_800, 253_402_300_799]
            .map { Date(timeIntervalSince1970: $0) }
        instants += (0..<2000).map { _ in Date(timeIntervalSince1970: Double.random(in: -6e10...2.5e11, using: &generator)) }
        let writer = try CSVItemWriter(path: scratch.path("t.csv"), header: false)
        var context = ExecutionContext()
        try await writer.open(context)
        try await WriterScratch.commit(instants.map { Record([("t", .timestamp($0))]) }, attempt: 1, to: writer, context: &context)
        let mismatches = zip(try scratch.lines("t.csv"), instants.map(Timestamps.format)).filter { $0 != $1 }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
        #expect(try scratch.lines("t.csv").count == instants.count)
    }
}
