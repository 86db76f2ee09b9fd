// A job written in Swift with the core engine alone: import orders with a skip policy, fail half
// way through (a simulated outage), restart, and check that every good order landed exactly once.
//
//     swift run sluice-example-core
//
// CI runs it through scripts/test.sh; it exits non-zero if the outcome is not the expected one.
import Logging
import Sluice
import Synchronization

struct Order: Sendable, Equatable {
    var id: Int
    var amount: Int
}

/// Orders 1...1000; every 97th line is malformed (a `parse` error after it was consumed).
final class OrderReader: ItemReader, ItemStream {
    private let next = Mutex(1)

    func read() async throws -> Order? {
        let id: Int = next.withLock { n in defer { n += 1 }; return n }
        guard id <= 1000 else { return nil }
        if id % 97 == 0 { throw BatchError(.parse, "orders.csv:\(id + 1): amount is not a number") }
        return Order(id: id, amount: id % 50 - 5)
    }

    func open(_ context: ExecutionContext) async throws {
        let saved = context.int("orders.next") ?? 1
        next.withLock { $0 = saved }
    }

    func update(_ context: inout ExecutionContext) async throws {
        context["orders.next"] = .int(next.withLock { $0 })
    }
}

/// A "database" table that fails once, at order 610, like a lost connection.
final class OrderTable: ItemWriter {
    let rows = Mutex<[Order]>([])
    let outage = Mutex(true)

    func write(_ chunk: Chunk<Order>) async throws {
        if chunk.contains(where: { $0.id == 610 }), outage.withLock({ o in defer { o = false }; return o }) {
            throw BatchError(.connection, "connection to 'shop' lost")
        }
        rows.withLock { $0.append(contentsOf: chunk.items) }
    }
}

let table = OrderTable()
let load = ChunkStep<Order, Order>(
    "load", chunkSize: 50,
    reader: { _ in OrderReader() },
    processor: { _ in ClosureItemProcessor { $0.amount > 0 ? $0 : nil } },
    writer: { _ in table })
    .skip(SkipPolicy(limit: 20, on: [.parse]))

var configuration = JobOperator.Configuration()
configuration.logger = Logger(label: "example", factory: { _ in SwiftLogNoOpLogHandler() })
let op = JobOperator(repository: InMemoryJobRepository(), configuration: configuration)
let job = try Job("import-orders", steps: [load])
let parameters: JobParameters = ["day": JobParameter(.date(CalendarDate("2026-11-30")!))]

let first = try await op.start(job, parameters: parameters)
print("first run:  \(first.status) — \(first.exitStatus.description)")
let second = try await op.start(job, parameters: parameters)
print("restart:    \(second.status) (execution \(second.id) of instance \(second.instanceId))")

let expected = (1...1000).filter { $0 % 97 != 0 && $0 % 50 - 5 > 0 }
let written = table.rows.withLock { $0.map(\.id) }
print("orders written: \(written.count), expected \(expected.count), duplicates: \(written.count - Set(written).count)")
guard first.status == .failed, second.status == .completed, written == expected else {
    print("unexpected outcome")
    exit(1)
}
print("every good order landed exactly once")

import Foundation
