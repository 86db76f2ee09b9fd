import Foundation
import Logging
import Sluice
import Synchronization

/// Generates the integers 0..<count, restartably: the in-memory reader of the core benchmark.
final class CountingReader: ItemReader, ItemStream {
    let count: Int
    private let next = Mutex(0)

    init(count: Int) { self.count = count }

    func read() async throws -> Int? {
        next.withLock { n in
            guard n < count else { return nil }
            defer { n += 1 }
            return n
        }
    }

    func open(_ context: ExecutionContext) async throws {
        let saved = context.int("counting.next") ?? 0
        next.withLock { $0 = saved }
    }

    func update(_ context: inout ExecutionContext) async throws {
        context["counting.next"] = .int(next.withLock { $0 })
    }
}

/// Discards items, keeping only a count and a checksum so the work cannot be optimised away.
final class DiscardingWriter: ItemWriter {
    private let totals = Mutex((count: 0, sum: 0))

    func write(_ chunk: Chunk<Int>) async throws {
        var sum = 0
        for item in chunk { sum &+= item }
        totals.withLock { $0.count += chunk.count; $0.sum &+= sum }
    }

    var count: Int { totals.withLock { $0.count } }
    var sum: Int { totals.withLock { $0.sum } }
}

enum CoreBenchmark {
    static func run(_ arguments: [String]) async throws {
        let items = arguments.first.flatMap(Int.init) ?? 10_000_000
        let chunkSize = arguments.dropFirst().first.flatMap(Int.init) ?? 1000
        let rounds = 3
        var framework: [Double] = []
        var plain: [Double] = []
        for _ in 0..<rounds {
            plain.append(try await plainLoop(items: items, chunkSize: chunkSize))
            framework.append(try await sluice(items: items, chunkSize: chunkSize))
        }
        let bestFramework = framework.max()!, bestPlain = plain.max()!
        print("core: rounds=\(rounds) items=\(items) chunk=\(chunkSize)")
        print("core: sluice runs (items/s) \(framework.map { format($0) }.joined(separator: " "))")
        print("core: plain-loop runs (items/s) \(plain.map { format($0) }.joined(separator: " "))")
        print("core: sluice=\(format(bestFramework)) items/s peer=\(format(bestPlain)) items/s (plain Swift loop) ratio=\(String(format: "%.2f", bestFramework / bestPlain))")
    }

    static func format(_ value: Double) -> String { String(format: "%.0f", value) }

    /// Items per second through the engine.
    static func sluice(items: Int, chunkSize: Int) async throws -> Double {
        let writer = DiscardingWriter()
        let step = ChunkStep<Int, Int>(
            "copy", chunkSize: chunkSize,
            reader: { _ in CountingReader(count: items) },
            processor: { _ in PassThroughItemProcessor<Int>() },
            writer: { _ in writer })
        let job = try Job("bench-core", steps: [step])
        var configuration = JobOperator.Configuration()
        configuration.logger = Logger(label: "bench", factory: { _ in SwiftLogNoOpLogHandler() })
        let op = JobOperator(repository: InMemoryJobRepository(), configuration: configuration)
        let start = ContinuousClock.now
        let execution = try await op.start(job)
        let elapsed = (ContinuousClock.now - start).seconds
        guard execution.status == .completed, writer.count == items, writer.sum == items * (items - 1) / 2 else {
            throw BatchError(.validation, "framework run wrote \(writer.count) of \(items) items (status \(execution.status))")
        }
        return Double(items) / elapsed
    }

    /// Items per second through a hand-written loop calling the same reader and writer.
    static func plainLoop(items: Int, chunkSize: Int) async throws -> Double {
        let reader = CountingReader(count: items)
        let writer = DiscardingWriter()
        let start = ContinuousClock.now
        var chunk: [Int] = []
        chunk.reserveCapacity(chunkSize)
        while let item = try await reader.read() {
            chunk.append(item)
            if chunk.count == chunkSize {
                try await writer.write(Chunk(chunk))
                chunk.removeAll(keepingCapacity: true)
            }
        }
        if !chunk.isEmpty { try await writer.write(Chunk(chunk)) }
        let elapsed = (ContinuousClock.now - start).seconds
        guard writer.count == items else { throw BatchError(.validation, "plain loop wrote \(writer.count) items") }
        return Double(items) / elapsed
    }
}
