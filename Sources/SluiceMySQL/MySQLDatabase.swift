#if MySQL
import Logging
import NIOCore
import NIOPosix
import SQLKit
import Sluice

/// SQLKit's `SQLDatabase` on one MySQL connection: every query is a prepared statement with its
/// values bound (never interpolated), executed on the connection's own thread.
struct MySQLDatabase: SQLDatabase {
    let handle: MySQLConnectionHandle
    let logger: Logger
    let queryLogLevel: Logger.Level?

    var eventLoop: any EventLoop { MultiThreadedEventLoopGroup.singleton.any() }
    var dialect: any SQLDialect { MySQLDialect() }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) -> EventLoopFuture<Void> {
        eventLoop.makeFutureWithTask { try await run(query, onRow) }
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) async throws {
        try await run(query, onRow)
    }

    private func run(_ query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) async throws {
        let (sql, binds) = serialize(query)
        if let queryLogLevel { logger.log(level: queryLogLevel, "\(sql)", metadata: ["binds": "\(binds.count)"]) }
        let values = try binds.map { try MySQLBindValue.from($0) }
        try await handle.run { handle in
            try handle.execute(sql, binds: values) { onRow($0) }
        }
    }
}
#endif
