#if MySQL
import CMariaDB
import Foundation
import NIOPosix
import Sluice
import Synchronization

/// One MariaDB Connector/C connection and the single thread that makes all its blocking calls.
///
/// The C library blocks, so no call runs on Swift's cooperative pool: each connection owns an
/// `NIOThreadPool` of one thread (the connection pool's size is thus also the number of threads),
/// and every call on the connection is a work item on that thread — serialized by construction.
/// The mutable state (the `MYSQL` handle, the prepared-statement cache) is only touched there.
final class MySQLConnectionHandle: @unchecked Sendable {
    private let thread: NIOThreadPool
    /// close() was called.
    private let closed = Atomic<Bool>(false)
    /// The server or network dropped the connection.
    private let lost = Atomic<Bool>(false)
    // Touched only on `thread`.
    private var mysql: UnsafeMutablePointer<MYSQL>?
    private var statements: [String: UnsafeMutablePointer<MYSQL_STMT>] = [:]
    private var statementOrder: [String] = []
    /// The bytes a `LOAD DATA LOCAL INFILE` on this connection reads (see `MySQLLocalInfile`).
    var localInfile: MySQLLocalInfile?

    /// How many prepared INSERT statements a connection keeps for reuse.
    static let statementCacheSize = 32

    private init(thread: NIOThreadPool) { self.thread = thread }

    /// Whether the connection is closed or was lost.
    var isClosed: Bool { closed.load(ordering: .acquiring) || lost.load(ordering: .acquiring) }

    /// Opens a connection on a new thread; the options become session settings.
    static func connect(_ options: MySQLConnectOptions) async throws -> MySQLConnectionHandle {
        _ = libraryInitialized
        let thread = NIOThreadPool(numberOfThreads: 1)
        thread.start()
        let handle = MySQLConnectionHandle(thread: thread)
        do {
            try await thread.runIfActive { try handle.open(options) }
        } catch {
            try? await thread.shutdownGracefully()
            throw error
        }
        return handle
    }

    /// `mysql_library_init` is not thread-safe: it runs once, before the first connection.
    private static let libraryInitialized: Bool = mysql_server_init(0, nil, nil) == 0

    /// Runs `body` on the connection's thread.
    func run<T: Sendable>(_ body: @escaping @Sendable (MySQLConnectionHandle) throws -> T) async throws -> T {
        guard !isClosed else { throw MySQLError(code: 2006, sqlState: "HY000", message: "the connection is closed") }
        do {
            return try await thread.runIfActive { try body(self) }
        } catch {
            // A lost connection is released here: the pool drops closed connections without closing them.
            if lost.load(ordering: .acquiring) { await close() }
            throw error
        }
    }

    /// Closes the connection and stops its thread.
    func close() async {
        guard !closed.exchange(true, ordering: .acquiringAndReleasing) else { return }
        _ = try? await thread.runIfActive { self.closeNow() }
        try? await thread.shutdownGracefully()
    }

    deinit {
        // Only reached when close() was never called: release the C handle anyway.
        if mysql != nil { closeNow() }
    }

    // MARK: On the connection's thread

    private func open(_ options: MySQLConnectOptions) throws {
        guard let mysql = mysql_init(nil) else { throw MySQLError(code: 2008, sqlState: "HY000", message: "out of memory") }
        self.mysql = mysql
        mysql_options(mysql, MYSQL_SET_CHARSET_NAME, "utf8mb4")
        var timeout = UInt32(options.connectTimeout)
        mysql_options(mysql, MYSQL_OPT_CONNECT_TIMEOUT, &timeout)
        var allowLocalInfile: UInt32 = 1
        mysql_options(mysql, MYSQL_OPT_LOCAL_INFILE, &allowLocalInfile)
        if options.requireTLS {
            var enforce: my_bool = 1
            mysql_options(mysql, MYSQL_OPT_SSL_ENFORCE, &enforce)
        }
        // CLIENT_FOUND_ROWS: an UPDATE reports the rows it matched, not only those it changed.
        let flags = UInt(CLIENT_FOUND_ROWS)
        let connected = mysql_real_connect(mysql, options.host, options.user, options.password, options.database,
                                           UInt32(options.port), options.socket, flags)
        guard connected != nil else {
            let error = connectionError()
            closeNow()
            throw error
        }
        for statement in options.sessionStatements {
            try executeText(statement, onRow: nil)
        }
    }

    fileprivate func closeNow() {
        for statement in statements.values { mysql_stmt_close(statement) }
        statements = [:]
        statementOrder = []
        if let mysql { mysql_close(mysql) }
        mysql = nil
    }

    /// The connection's last error.
    func connectionError() -> MySQLError {
        guard let mysql else { return MySQLError(code: 2006, sqlState: "HY000", message: "the connection is closed") }
        let error = MySQLError(code: mysql_errno(mysql), sqlState: String(cString: mysql_sqlstate(mysql)), message: String(cString: mysql_error(mysql)))
        if error.isConnectionLost { lost.store(true, ordering: .releasing) }
        return error
    }

    private func statementError(_ statement: UnsafeMutablePointer<MYSQL_STMT>) -> MySQLError {
        let error = MySQLError(code: mysql_stmt_errno(statement), sqlState: String(cString: mysql_stmt_sqlstate(statement)),
                               message: String(cString: mysql_stmt_error(statement)))
        if error.isConnectionLost { lost.store(true, ordering: .releasing) }
        return error
    }

    /// Runs `sql` with `binds` as a prepared statement, handing each result row to `onRow`.
    /// Statements the server cannot prepare (and which bind nothing) run through the text protocol.
    func execute(_ sql: String, binds: [MySQLBindValue], onRow: ((MySQLRow) -> Void)?) throws {
        guard let mysql else { throw MySQLError(code: 2006, sqlState: "HY000", message: "the connection is closed") }
        let cacheable = Self.isCacheable(sql)
        var statement: UnsafeMutablePointer<MYSQL_STMT>
        if cacheable, let cached = statements[sql] {
            statement = cached
        } else {
            guard let created = mysql_stmt_init(mysql) else { throw connectionError() }
            statement = created
            if mysql_stmt_prepare(statement, sql, UInt(sql.utf8.count)) != 0 {
                let error = statementError(statement)
                mysql_stmt_close(statement)
                if error.code == 1295 && binds.isEmpty {  // ER_UNSUPPORTED_PS
                    return try executeText(sql, onRow: onRow)
                }
                throw error
            }
            if cacheable { remember(statement, for: sql) }
        }
        defer { if !cacheable { mysql_stmt_close(statement) } }
        let expected = Int(mysql_stmt_param_count(statement))
        guard expected == binds.count else {
            throw MySQLError(code: 2034, sqlState: "HY000", message: "the statement has \(expected) parameters but \(binds.count) values were bound")
        }
        try MySQLParameters.withBound(binds) { bound in
            if let bound, mysql_stmt_bind_param(statement, bound) != 0 { throw statementError(statement) }
            if mysql_stmt_execute(statement) != 0 { throw statementError(statement) }
        }
        try fetchRows(statement, onRow: onRow)
    }

    /// Multi-row INSERTs repeat with the same text: they are kept prepared.
    private static func isCacheable(_ sql: String) -> Bool {
        sql.utf8.prefix(6).elementsEqual("INSERT".utf8)
    }

    private func remember(_ statement: UnsafeMutablePointer<MYSQL_STMT>, for sql: String) {
        if statementOrder.count >= Self.statementCacheSize {
            let oldest = statementOrder.removeFirst()
            if let old = statements.removeValue(forKey: oldest) { mysql_stmt_close(old) }
        }
        statements[sql] = statement
        statementOrder.append(sql)
    }

    /// Reads the result set of an executed statement (if it has one) row by row.
    private func fetchRows(_ statement: UnsafeMutablePointer<MYSQL_STMT>, onRow: ((MySQLRow) -> Void)?) throws {
        let count = Int(mysql_stmt_field_count(statement))
        guard count > 0 else { return }
        defer { mysql_stmt_free_result(statement) }
        guard let metadata = mysql_stmt_result_metadata(statement) else { throw statementError(statement) }
        let columns = MySQLColumns(Self.columns(of: metadata, count: count))
        mysql_free_result(metadata)
        var results = MySQLResultBuffers(columns.columns)
        defer { results.deallocate() }
        if mysql_stmt_bind_result(statement, results.binds) != 0 { throw statementError(statement) }
        while true {
            let status = mysql_stmt_fetch(statement)
            if status == MYSQL_NO_DATA { return }
            if status == 1 { throw statementError(statement) }
            var cells: [MySQLCell] = []
            cells.reserveCapacity(count)
            var rebind = false
            for i in 0..<count {
                cells.append(try results.cell(i, statement: statement, rebind: &rebind))
            }
            if rebind, mysql_stmt_bind_result(statement, results.binds) != 0 { throw statementError(statement) }
            onRow?(MySQLRow(columns: columns, cells: cells))
        }
    }

    static func columns(of metadata: UnsafeMutablePointer<MYSQL_RES>, count: Int) -> [MySQLColumn] {
        guard let fields = mysql_fetch_fields(metadata) else { return [] }
        return (0..<count).map { i in
            let field = fields[i]
            return MySQLColumn(name: field.name.map { String(cString: $0) } ?? "", type: field.type.rawValue,
                               flags: field.flags, charset: field.charsetnr)
        }
    }

    /// Runs `sql` through the text protocol (for session setup and statements the server will
    /// not prepare); values in a result set are converted from their text form by column type.
    func executeText(_ sql: String, onRow: ((MySQLRow) -> Void)?) throws {
        guard let mysql else { throw MySQLError(code: 2006, sqlState: "HY000", message: "the connection is closed") }
        if mysql_real_query(mysql, sql, UInt(sql.utf8.count)) != 0 { throw connectionError() }
        guard let result = mysql_store_result(mysql) else {
            if mysql_field_count(mysql) != 0 { throw connectionError() }
            return
        }
        defer { mysql_free_result(result) }
        let count = Int(mysql_num_fields(result))
        let columns = MySQLColumns(Self.columns(of: result, count: count))
        while let row = mysql_fetch_row(result) {
            guard let lengths = mysql_fetch_lengths(result) else { break }
            var cells: [MySQLCell] = []
            cells.reserveCapacity(count)
            for i in 0..<count {
                guard let value = row[i] else {
                    cells.append(.null)
                    continue
                }
                let bytes = Array(UnsafeRawBufferPointer(start: value, count: Int(lengths[i])))
                cells.append(MySQLResultBuffers.cell(text: bytes, column: columns.columns[i]))
            }
            onRow?(MySQLRow(columns: columns, cells: cells))
        }
    }

    /// The number of warnings the last statement raised.
    func warningCount() -> Int { mysql.map { Int(mysql_warning_count($0)) } ?? 0 }

    /// Runs `LOAD DATA LOCAL INFILE` text whose file is `data`, served from memory through the
    /// connection's local-infile callbacks; returns the number of rows loaded.
    func loadLocalInfile(_ sql: String, data: [UInt8]) throws -> Int {
        guard let mysql else { throw MySQLError(code: 2006, sqlState: "HY000", message: "the connection is closed") }
        let source = MySQLLocalInfile(data: data)
        localInfile = source
        source.install(on: mysql)
        defer {
            mysql_set_local_infile_default(mysql)
            localInfile = nil
        }
        if mysql_real_query(mysql, sql, UInt(sql.utf8.count)) != 0 { throw connectionError() }
        if let result = mysql_store_result(mysql) { mysql_free_result(result) }
        return Int(mysql_affected_rows(mysql))
    }
}

/// Where and how to connect, from a `mysql://` URL.
struct MySQLConnectOptions: Sendable {
    var host: String
    var port: Int
    var user: String?
    var password: String?
    var database: String?
    var socket: String?
    var requireTLS = false
    var connectTimeout = 10
    /// Statements run on every new connection (time zone, SQL mode).
    var sessionStatements: [String] = []
}
#endif
