import Foundation
import SQLKit
import Sluice

/// The ``Sluice/JobRepository`` on a SQL database (SQLite, PostgreSQL, MySQL), through SQLKit.
///
/// - Launches run in one transaction that locks the instance (a row lock, or SQLite's write
///   lock) before applying ``Sluice/LaunchRules``, so of N concurrent launches of an instance,
///   in any number of processes, exactly one creates an execution.
/// - Full updates use optimistic locking (`version`); heartbeats and stop requests do not bump it.
/// - A chunk commit is one transaction: the step's counters and context and the job execution's
///   heartbeat — inside the writer's transaction when the writer uses the same database.
public final class SQLJobRepository: JobRepository {
    /// The database holding the repository.
    public let database: DatabaseConnection
    private var family: SQLFamily { database.driver.family }

    /// A repository on `database`; call ``migrate()`` (or let the CLI do it) before use.
    public init(_ database: DatabaseConnection) { self.database = database }

    /// Brings the schema up to date.
    @discardableResult
    public func migrate() async throws -> [Int] { try await SQLMigrator(database).migrate() }

    // MARK: Launch

    public func createJobExecution(_ request: LaunchRequest) async throws -> JobExecution {
        try await database.transaction { db in
            let instance = try await lockInstance(db, request)
            if let restartOf = request.restartOf {
                guard let target = try await execution(db, id: restartOf),
                      target.instanceId == instance.id, !instance.created
                else { throw LaunchRefused.noSuchExecution(id: restartOf) }
            }
            let latest = try await executions(db, where: "e.instance_id = \(bind: instance.id)", order: "e.id DESC", limit: 1).first
            try LaunchRules.check(request, instanceId: instance.created ? nil : instance.id, latest: latest)
            let now = Date()
            var execution = JobExecution(id: 0, instanceId: instance.id, jobName: request.jobName, parameters: request.parameters,
                                         createTime: now, lastUpdated: now, executionContext: latest?.executionContext ?? ExecutionContext())
            execution.id = try await insertReturningID(db, """
                INSERT INTO sluice_job_execution (instance_id, job_name, status, exit_code, exit_description, create_time,
                last_updated, failures, version) VALUES (\(bind: instance.id), \(bind: request.jobName),
                \(bind: execution.status.rawValue), \(bind: execution.exitStatus.code), \(bind: ""), \(bind: Self.millis(now)),
                \(bind: Self.millis(now)), \(bind: "[]"), 0)
                """)
            for (name, p) in request.parameters.values.sorted(by: { $0.key < $1.key }) {
                try await db.raw("""
                    INSERT INTO sluice_job_execution_param (execution_id, name, type, value, identifying, secret)
                    VALUES (\(bind: execution.id), \(bind: name), \(bind: p.value.type.rawValue), \(bind: p.value.description),
                    \(bind: p.identifying ? 1 : 0), \(bind: p.secret ? 1 : 0))
                    """).run()
            }
            try await db.raw("""
                INSERT INTO sluice_job_execution_context (execution_id, context)
                VALUES (\(bind: execution.id), \(bind: try execution.executionContext.json()))
                """).run()
            execution.createTime = Self.date(Self.millis(now))
            execution.lastUpdated = execution.createTime
            return execution
        }
    }

    /// Finds or creates the instance row and locks it for the rest of the transaction.
    private func lockInstance(_ db: any SQLDatabase, _ request: LaunchRequest) async throws -> (id: Int, created: Bool) {
        let lock = family == .sqlite ? "" : " FOR UPDATE"
        let select: SQLQueryString = "SELECT id FROM sluice_job_instance WHERE job_name = \(bind: request.jobName) AND job_key = \(bind: request.instanceKey)" + SQLQueryString(lock)
        // MySQL inserts first: a locking read of a missing row takes a gap lock that concurrent
        // launches share, and their inserts then deadlock on each other's gap locks. An insert
        // that updates on a duplicate key instead waits for an exclusive lock on the row.
        if family != .mysql, let row = try await db.raw(select).first() { return (try row.decode(column: "id", as: Int.self), false) }
        let now = Self.millis(Date())
        switch family {
        case .postgres:
            try await db.raw("""
                INSERT INTO sluice_job_instance (job_name, job_key, created) VALUES (\(bind: request.jobName),
                \(bind: request.instanceKey), \(bind: now)) ON CONFLICT (job_name, job_key) DO NOTHING
                """).run()
        case .mysql:
            try await db.raw("""
                INSERT INTO sluice_job_instance (job_name, job_key, created) VALUES (\(bind: request.jobName),
                \(bind: request.instanceKey), \(bind: now)) ON DUPLICATE KEY UPDATE id = id
                """).run()
        case .sqlite:
            try await db.raw("""
                INSERT INTO sluice_job_instance (job_name, job_key, created) VALUES (\(bind: request.jobName),
                \(bind: request.instanceKey), \(bind: now))
                """).run()
        }
        // Whoever inserted it, the instance exists now; lock it. If another transaction created
        // it concurrently, this waits for that launch to finish and sees its execution.
        let row = try Self.require(try await db.raw(select).first())
        let id = try row.decode(column: "id", as: Int.self)
        let hasExecutions = try await db.raw("SELECT COUNT(*) AS n FROM sluice_job_execution WHERE instance_id = \(bind: id)").first()
        return (id, try Self.require(hasExecutions).decode(column: "n", as: Int.self) == 0)
    }

    // MARK: Updates

    public func updateJobExecution(_ execution: JobExecution) async throws -> JobExecution {
        try await database.transaction { db in
            let now = Self.millis(Date())
            let incoming = execution.status.rawValue
            let matched = try await updateMatches(db, """
                UPDATE sluice_job_execution SET
                status = CASE WHEN status = 'STOPPING' AND \(bind: incoming) IN ('STARTING', 'STARTED') THEN status ELSE \(bind: incoming) END,
                exit_code = \(bind: execution.exitStatus.code), exit_description = \(bind: execution.exitStatus.description),
                start_time = \(bind: execution.startTime.map(Self.millis)), end_time = \(bind: execution.endTime.map(Self.millis)),
                last_updated = \(bind: now), failures = \(bind: try Self.json(execution.failures)), version = version + 1
                WHERE id = \(bind: execution.id) AND version = \(bind: execution.version)
                """)
            guard matched else { throw try await lockFailure(db, "job execution", table: "sluice_job_execution", id: execution.id) }
            try await db.raw("""
                UPDATE sluice_job_execution_context SET context = \(bind: try execution.executionContext.json())
                WHERE execution_id = \(bind: execution.id)
                """).run()
            return try Self.require(try await self.execution(db, id: execution.id))
        }
    }

    public func heartbeat(jobExecutionId: Int) async throws -> BatchStatus {
        try await database.withConnection { db in
            guard let status = try await touchJobExecution(db, id: jobExecutionId, now: Self.millis(Date())) else {
                throw JobRepositoryError.notFound("job execution", id: jobExecutionId)
            }
            return status
        }
    }

    public func requestStop(jobExecutionId: Int) async throws -> JobExecution {
        try await database.transaction { db in
            try await db.raw("""
                UPDATE sluice_job_execution SET status = 'STOPPING'
                WHERE id = \(bind: jobExecutionId) AND status IN ('STARTING', 'STARTED')
                """).run()
            guard let stored = try await execution(db, id: jobExecutionId) else {
                throw JobRepositoryError.notFound("job execution", id: jobExecutionId)
            }
            guard stored.status == .stopping else { throw JobRepositoryError.notRunning(id: jobExecutionId, status: stored.status) }
            return stored
        }
    }

    public func createStepExecution(_ execution: StepExecution) async throws -> StepExecution {
        try await database.transaction { db in
            guard try await db.raw("SELECT id FROM sluice_job_execution WHERE id = \(bind: execution.jobExecutionId)").first() != nil else {
                throw JobRepositoryError.notFound("job execution", id: execution.jobExecutionId)
            }
            let now = Date()
            let c = execution.counters
            let id = try await insertReturningID(db, """
                INSERT INTO sluice_step_execution (job_execution_id, step_name, status, exit_code, exit_description,
                read_count, write_count, filter_count, read_skip_count, process_skip_count, write_skip_count, commit_count,
                rollback_count, start_time, end_time, last_updated, failures, version) VALUES (
                \(bind: execution.jobExecutionId), \(bind: execution.stepName), \(bind: execution.status.rawValue),
                \(bind: execution.exitStatus.code), \(bind: execution.exitStatus.description), \(bind: c.readCount),
                \(bind: c.writeCount), \(bind: c.filterCount), \(bind: c.readSkipCount), \(bind: c.processSkipCount),
                \(bind: c.writeSkipCount), \(bind: c.commitCount), \(bind: c.rollbackCount),
                \(bind: execution.startTime.map(Self.millis)), \(bind: execution.endTime.map(Self.millis)),
                \(bind: Self.millis(now)), \(bind: try Self.json(execution.failures)), 0)
                """)
            var created = execution
            created.id = id
            created.version = 0
            created.lastUpdated = Self.date(Self.millis(now))
            try await db.raw("""
                INSERT INTO sluice_step_execution_context (step_execution_id, context)
                VALUES (\(bind: created.id), \(bind: try execution.executionContext.json()))
                """).run()
            return created
        }
    }

    public func updateStepExecution(_ execution: StepExecution) async throws -> StepExecution {
        try await database.transaction { db in
            _ = try await storeStep(db, execution)
            return try Self.require(try await stepExecution(db, id: execution.id))
        }
    }

    public func canParticipate(in transaction: any Transaction) -> Bool {
        (transaction as? SQLTransaction)?.database === database
    }

    public func commitChunk(_ execution: StepExecution, in transaction: (any Transaction)?) async throws -> ChunkCommitResult {
        let joined = (transaction as? SQLTransaction).flatMap { $0.database === database ? $0 : nil }
        if family == .postgres {
            // One statement, so one round trip, atomic by itself outside a transaction.
            if let joined { return try await commitChunkInOneStatement(joined.sql, execution) }
            return try await database.withConnection { db in try await commitChunkInOneStatement(db, execution) }
        }
        if let joined { return try await commitChunk(joined.sql, execution) }
        return try await database.transaction { db in try await commitChunk(db, execution) }
    }

    /// PostgreSQL: the step row, its context and the job's heartbeat in one data-modifying CTE;
    /// the context and heartbeat change only when the version check of the step row passed.
    private func commitChunkInOneStatement(_ db: any SQLDatabase, _ e: StepExecution) async throws -> ChunkCommitResult {
        let now = Self.millis(Date())
        let assignments = try Self.stepAssignments(e, now: now)
        let row = try await db.raw("""
            WITH s AS (UPDATE sluice_step_execution SET \(assignments)
            WHERE id = \(bind: e.id) AND version = \(bind: e.version) RETURNING version),
            c AS (UPDATE sluice_step_execution_context SET context = \(bind: try e.executionContext.json())
            WHERE step_execution_id = \(bind: e.id) AND EXISTS (SELECT 1 FROM s)),
            j AS (UPDATE sluice_job_execution SET last_updated = \(bind: now)
            WHERE id = \(bind: e.jobExecutionId) AND EXISTS (SELECT 1 FROM s) RETURNING status)
            SELECT s.version, j.status FROM s, j
            """).first()
        guard let row else { throw try await lockFailure(db, "step execution", table: "sluice_step_execution", id: e.id) }
        return ChunkCommitResult(version: try row.decode(column: "version", as: Int.self),
                                 jobStatus: try Self.status(row.decode(column: "status", as: String.self)))
    }

    private func commitChunk(_ db: any SQLDatabase, _ execution: StepExecution) async throws -> ChunkCommitResult {
        let (version, now) = try await storeStep(db, execution)
        let status = try await touchJobExecution(db, id: execution.jobExecutionId, now: now)
        return ChunkCommitResult(version: version, jobStatus: try Self.require(status))
    }

    /// The optimistic-locked update of a step's row and context.
    private func storeStep(_ db: any SQLDatabase, _ e: StepExecution) async throws -> (version: Int, now: Int) {
        let now = Self.millis(Date())
        let assignments = try Self.stepAssignments(e, now: now)
        let matched = try await updateMatches(db, """
            UPDATE sluice_step_execution SET \(assignments)
            WHERE id = \(bind: e.id) AND version = \(bind: e.version)
            """)
        guard matched else { throw try await lockFailure(db, "step execution", table: "sluice_step_execution", id: e.id) }
        try await db.raw("""
            UPDATE sluice_step_execution_context SET context = \(bind: try e.executionContext.json()) WHERE step_execution_id = \(bind: e.id)
            """).run()
        // The update matched version `e.version` and added one; the row is locked until commit.
        return (e.version + 1, now)
    }

    // MARK: Statements without RETURNING (MySQL)

    /// Runs an INSERT and returns the generated id: `RETURNING id`, or on MySQL (which has no
    /// RETURNING) the connection's `LAST_INSERT_ID()`.
    private func insertReturningID(_ db: any SQLDatabase, _ insert: SQLQueryString) async throws -> Int {
        if family == .mysql {
            try await db.raw(insert).run()
            return try Self.require(try await db.raw("SELECT LAST_INSERT_ID() AS id").first()).decode(column: "id", as: Int.self)
        }
        return try Self.require(try await db.raw(insert + " RETURNING id").first()).decode(column: "id", as: Int.self)
    }

    /// Runs an UPDATE; whether it matched a row: `RETURNING 1`, or on MySQL `ROW_COUNT()` (the
    /// driver connects with CLIENT_FOUND_ROWS, so it counts matched rows, changed or not).
    private func updateMatches(_ db: any SQLDatabase, _ update: SQLQueryString) async throws -> Bool {
        if family == .mysql {
            try await db.raw(update).run()
            return try Self.require(try await db.raw("SELECT ROW_COUNT() AS n").first()).decode(column: "n", as: Int.self) > 0
        }
        return try await db.raw(update + " RETURNING 1 AS matched").first() != nil
    }

    /// Sets a job execution's heartbeat; its status, or nil when it does not exist.
    private func touchJobExecution(_ db: any SQLDatabase, id: Int, now: Int) async throws -> BatchStatus? {
        let update: SQLQueryString = "UPDATE sluice_job_execution SET last_updated = \(bind: now) WHERE id = \(bind: id)"
        let row: (any SQLRow)?
        if family == .mysql {
            try await db.raw(update).run()
            row = try await db.raw("SELECT status FROM sluice_job_execution WHERE id = \(bind: id)").first()
        } else {
            row = try await db.raw(update + " RETURNING status").first()
        }
        return try row.map { try Self.status($0.decode(column: "status", as: String.self)) }
    }

    /// The SET list of a step update: everything but the ids, with the version bumped.
    private static func stepAssignments(_ e: StepExecution, now: Int) throws -> SQLQueryString {
        let c = e.counters
        return """
            status = \(bind: e.status.rawValue), exit_code = \(bind: e.exitStatus.code),
            exit_description = \(bind: e.exitStatus.description), read_count = \(bind: c.readCount),
            write_count = \(bind: c.writeCount), filter_count = \(bind: c.filterCount), read_skip_count = \(bind: c.readSkipCount),
            process_skip_count = \(bind: c.processSkipCount), write_skip_count = \(bind: c.writeSkipCount),
            commit_count = \(bind: c.commitCount), rollback_count = \(bind: c.rollbackCount),
            start_time = \(bind: e.startTime.map(Self.millis)), end_time = \(bind: e.endTime.map(Self.millis)),
            last_updated = \(bind: now), failures = \(bind: try Self.json(e.failures)), version = version + 1
            """
    }

    private func lockFailure(_ db: any SQLDatabase, _ entity: String, table: String, id: Int) async throws -> JobRepositoryError {
        let exists = try await db.raw("SELECT id FROM \(ident: table) WHERE id = \(bind: id)").first() != nil
        return exists ? .optimisticLockFailure(entity, id: id) : .notFound(entity, id: id)
    }

    // MARK: Queries

    public func jobNames() async throws -> [String] {
        try await database.withConnection { db in
            try await db.raw("SELECT DISTINCT job_name FROM sluice_job_instance ORDER BY job_name").all()
                .map { try $0.decode(column: "job_name", as: String.self) }
        }
    }

    public func jobInstances(jobName: String, offset: Int, limit: Int) async throws -> [JobInstance] {
        try await database.withConnection { db in
            try await db.raw("""
                SELECT id, job_name, job_key FROM sluice_job_instance WHERE job_name = \(bind: jobName)
                ORDER BY id DESC LIMIT \(bind: Self.limit(limit)) OFFSET \(bind: max(0, offset))
                """).all().map(Self.instance)
        }
    }

    public func jobInstance(id: Int) async throws -> JobInstance? {
        try await database.withConnection { db in
            try await db.raw("SELECT id, job_name, job_key FROM sluice_job_instance WHERE id = \(bind: id)").first().map(Self.instance)
        }
    }

    public func jobInstance(jobName: String, key: String) async throws -> JobInstance? {
        try await database.withConnection { db in
            try await db.raw("""
                SELECT id, job_name, job_key FROM sluice_job_instance WHERE job_name = \(bind: jobName) AND job_key = \(bind: key)
                """).first().map(Self.instance)
        }
    }

    public func jobExecution(id: Int) async throws -> JobExecution? {
        try await database.withConnection { db in try await execution(db, id: id) }
    }

    public func jobExecutions(instanceId: Int) async throws -> [JobExecution] {
        try await database.withConnection { db in
            try await executions(db, where: "e.instance_id = \(bind: instanceId)", order: "e.id DESC", limit: nil)
        }
    }

    public func jobExecutions(matching query: ExecutionQuery) async throws -> [JobExecution] {
        var condition: SQLQueryString = "1 = 1"
        if let jobName = query.jobName { condition += " AND e.job_name = \(bind: jobName)" }
        if !query.statuses.isEmpty {
            condition += " AND e.status IN (\(binds: query.statuses.map(\.rawValue).sorted()))"
        }
        if let before = query.lastUpdatedBefore {
            condition += " AND COALESCE(e.last_updated, e.create_time) < \(bind: Self.millis(before))"
        }
        let where_ = condition
        return try await database.withConnection { db in
            try await executions(db, where: where_, order: "e.id DESC", limit: query.limit, offset: query.offset)
        }
    }

    public func stepExecutions(jobExecutionId: Int) async throws -> [StepExecution] {
        try await database.withConnection { db in
            try await steps(db, where: "s.job_execution_id = \(bind: jobExecutionId)", order: "s.id ASC", limit: nil)
        }
    }

    public func stepExecution(id: Int) async throws -> StepExecution? {
        try await database.withConnection { db in try await stepExecution(db, id: id) }
    }

    public func lastStepExecution(instanceId: Int, stepName: String) async throws -> StepExecution? {
        try await database.withConnection { db in
            try await steps(db, where: """
                s.step_name = \(bind: stepName) AND s.job_execution_id IN
                (SELECT id FROM sluice_job_execution WHERE instance_id = \(bind: instanceId))
                """, order: "s.id DESC", limit: 1).first
        }
    }

    public func stepExecutionCount(instanceId: Int, stepName: String) async throws -> Int {
        try await database.withConnection { db in
            let row = try await db.raw("""
                SELECT COUNT(*) AS n FROM sluice_step_execution s JOIN sluice_job_execution e ON e.id = s.job_execution_id
                WHERE e.instance_id = \(bind: instanceId) AND s.step_name = \(bind: stepName)
                """).first()
            return try Self.require(row).decode(column: "n", as: Int.self)
        }
    }

    // MARK: Maintenance

    public func purge(endedBefore date: Date) async throws -> Int {
        try await database.transaction { db in
            let cutoff = Self.millis(date)
            let doomed = try await db.raw("""
                SELECT id FROM sluice_job_execution WHERE end_time IS NOT NULL AND end_time < \(bind: cutoff)
                AND status NOT IN ('STARTING', 'STARTED', 'STOPPING')
                """).all().map { try $0.decode(column: "id", as: Int.self) }
            guard !doomed.isEmpty else { return 0 }
            for batch in stride(from: 0, to: doomed.count, by: 500).map({ Array(doomed[$0..<min($0 + 500, doomed.count)]) }) {
                let ids: [any Encodable & Sendable] = batch
                try await db.raw("""
                    DELETE FROM sluice_step_execution_context WHERE step_execution_id IN
                    (SELECT id FROM sluice_step_execution WHERE job_execution_id IN (\(binds: ids)))
                    """).run()
                try await db.raw("DELETE FROM sluice_step_execution WHERE job_execution_id IN (\(binds: ids))").run()
                try await db.raw("DELETE FROM sluice_job_execution_param WHERE execution_id IN (\(binds: ids))").run()
                try await db.raw("DELETE FROM sluice_job_execution_context WHERE execution_id IN (\(binds: ids))").run()
                try await db.raw("DELETE FROM sluice_job_execution WHERE id IN (\(binds: ids))").run()
            }
            try await db.raw("""
                DELETE FROM sluice_job_instance WHERE NOT EXISTS
                (SELECT 1 FROM sluice_job_execution e WHERE e.instance_id = sluice_job_instance.id)
                """).run()
            return doomed.count
        }
    }

    // MARK: Reading rows

    private static let executionColumns = """
        e.id, e.instance_id, e.job_name, e.status, e.exit_code, e.exit_description, e.create_time, e.start_time, e.end_time,
        e.last_updated, e.failures, e.version, c.context
        """

    private func execution(_ db: any SQLDatabase, id: Int) async throws -> JobExecution? {
        try await executions(db, where: "e.id = \(bind: id)", order: "e.id", limit: 1).first
    }

    private func executions(_ db: any SQLDatabase, where condition: SQLQueryString, order: String, limit: Int?, offset: Int = 0) async throws -> [JobExecution] {
        var query: SQLQueryString = """
            SELECT \(unsafeRaw: Self.executionColumns) FROM sluice_job_execution e
            LEFT JOIN sluice_job_execution_context c ON c.execution_id = e.id WHERE
            """
        query += " " + condition + " ORDER BY \(unsafeRaw: order)"
        if let limit { query += " LIMIT \(bind: Self.limit(limit)) OFFSET \(bind: max(0, offset))" }
        var executions = try await db.raw(query).all().map(Self.execution)
        guard !executions.isEmpty else { return [] }
        let ids: [any Encodable & Sendable] = executions.map(\.id)
        let params = try await db.raw("""
            SELECT execution_id, name, type, value, identifying, secret FROM sluice_job_execution_param
            WHERE execution_id IN (\(binds: ids))
            """).all()
        var byExecution: [Int: JobParameters] = [:]
        for row in params {
            let id = try row.decode(column: "execution_id", as: Int.self)
            let name = try row.decode(column: "name", as: String.self)
            let typeName = try row.decode(column: "type", as: String.self)
            let text = try row.decode(column: "value", as: String.self)
            let secret = try row.decode(column: "secret", as: Int.self) != 0
            guard let type = JobParameterType(rawValue: typeName), let value = type.parse(text) else {
                throw BatchError(.parse, "stored parameter '\(name)' of execution \(id) is not a valid \(typeName)")
            }
            byExecution[id, default: JobParameters()][name] = JobParameter(
                value, identifying: try row.decode(column: "identifying", as: Int.self) != 0, secret: secret)
        }
        for i in executions.indices { executions[i].parameters = byExecution[executions[i].id] ?? JobParameters() }
        return executions
    }

    private static func execution(_ row: any SQLRow) throws -> JobExecution {
        JobExecution(
            id: try row.decode(column: "id", as: Int.self),
            instanceId: try row.decode(column: "instance_id", as: Int.self),
            jobName: try row.decode(column: "job_name", as: String.self),
            parameters: JobParameters(),
            status: try status(row.decode(column: "status", as: String.self)),
            exitStatus: ExitStatus(try row.decode(column: "exit_code", as: String.self),
                                   description: try row.decode(column: "exit_description", as: String.self)),
            createTime: date(try row.decode(column: "create_time", as: Int.self)),
            startTime: try row.decode(column: "start_time", as: Int?.self).map(date),
            endTime: try row.decode(column: "end_time", as: Int?.self).map(date),
            lastUpdated: try row.decode(column: "last_updated", as: Int?.self).map(date),
            executionContext: try ExecutionContext(json: row.decode(column: "context", as: String?.self) ?? "{}"),
            failures: try failures(row.decode(column: "failures", as: String.self)),
            version: try row.decode(column: "version", as: Int.self))
    }

    private func stepExecution(_ db: any SQLDatabase, id: Int) async throws -> StepExecution? {
        try await steps(db, where: "s.id = \(bind: id)", order: "s.id", limit: 1).first
    }

    private func steps(_ db: any SQLDatabase, where condition: SQLQueryString, order: String, limit: Int?) async throws -> [StepExecution] {
        var query: SQLQueryString = """
            SELECT s.*, c.context FROM sluice_step_execution s
            LEFT JOIN sluice_step_execution_context c ON c.step_execution_id = s.id WHERE
            """
        query += " " + condition + " ORDER BY \(unsafeRaw: order)"
        if let limit { query += " LIMIT \(bind: Self.limit(limit))" }
        return try await db.raw(query).all().map(Self.step)
    }

    private static func step(_ row: any SQLRow) throws -> StepExecution {
        var counters = StepCounters()
        counters.readCount = try row.decode(column: "read_count", as: Int.self)
        counters.writeCount = try row.decode(column: "write_count", as: Int.self)
        counters.filterCount = try row.decode(column: "filter_count", as: Int.self)
        counters.readSkipCount = try row.decode(column: "read_skip_count", as: Int.self)
        counters.processSkipCount = try row.decode(column: "process_skip_count", as: Int.self)
        counters.writeSkipCount = try row.decode(column: "write_skip_count", as: Int.self)
        counters.commitCount = try row.decode(column: "commit_count", as: Int.self)
        counters.rollbackCount = try row.decode(column: "rollback_count", as: Int.self)
        return StepExecution(
            id: try row.decode(column: "id", as: Int.self),
            jobExecutionId: try row.decode(column: "job_execution_id", as: Int.self),
            stepName: try row.decode(column: "step_name", as: String.self),
            status: try status(row.decode(column: "status", as: String.self)),
            exitStatus: ExitStatus(try row.decode(column: "exit_code", as: String.self),
                                   description: try row.decode(column: "exit_description", as: String.self)),
            counters: counters,
            executionContext: try ExecutionContext(json: row.decode(column: "context", as: String?.self) ?? "{}"),
            startTime: try row.decode(column: "start_time", as: Int?.self).map(date),
            endTime: try row.decode(column: "end_time", as: Int?.self).map(date),
            lastUpdated: try row.decode(column: "last_updated", as: Int?.self).map(date),
            failures: try failures(row.decode(column: "failures", as: String.self)),
            version: try row.decode(column: "version", as: Int.self))
    }

    private static func instance(_ row: any SQLRow) throws -> JobInstance {
        JobInstance(id: try row.decode(column: "id", as: Int.self), jobName: try row.decode(column: "job_name", as: String.self),
                    key: try row.decode(column: "job_key", as: String.self))
    }

    // MARK: Values

    static func millis(_ date: Date) -> Int { Int((date.timeIntervalSince1970 * 1000).rounded()) }
    static func date(_ millis: Int) -> Date { Date(timeIntervalSince1970: Double(millis) / 1000) }
    static func limit(_ limit: Int) -> Int { min(max(0, limit), Int(Int32.max)) }

    static func status(_ text: String) throws -> BatchStatus {
        guard let status = BatchStatus(rawValue: text) else { throw BatchError(.parse, "unknown batch status '\(text)' in the repository") }
        return status
    }

    static func json(_ failures: [Failure]) throws -> String {
        try JSONText.encode(.array(failures.map { .object(["category": .string($0.category), "type": .string($0.type), "message": .string($0.message)]) }))
    }

    static func failures(_ text: String) throws -> [Failure] {
        guard case .array(let items) = try JSONText.decode(text) else { return [] }
        return items.compactMap { item in
            guard let o = item.objectValue else { return nil }
            return Failure(category: o["category"]?.stringValue ?? "", type: o["type"]?.stringValue ?? "", message: o["message"]?.stringValue ?? "")
        }
    }

    static func require<T>(_ value: T?) throws -> T {
        guard let value else { throw BatchError(.io, "the database returned no row where one was expected") }
        return value
    }
}
