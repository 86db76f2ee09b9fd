import Foundation
import Sluice

/// One case of the behaviour every ``JobRepository`` must show, runnable against any
/// implementation.
///
/// A test target runs each case of ``all`` against a fresh, empty repository of the kind it tests,
/// for example with Swift Testing:
///
/// ```swift
/// @Test(arguments: RepositoryContract.all)
/// func sqlite(_ contract: RepositoryContract) async throws {
///     try await contract.run(try SQLiteJobRepository(path: temporaryFile()))
/// }
/// ```
///
/// A case throws ``ContractViolation`` (or the repository's own error) when the repository
/// misbehaves. Cases use job names unique to the run, and do not depend on the repository being
/// empty except where they count purged executions, so a shared database works too. Times are
/// compared at millisecond precision, the finest that SQL databases are required to keep.
/// Repositories must use the entity names `job execution` and `step execution` in
/// ``JobRepositoryError`` values, and stamp `lastUpdated` with the local clock.
public struct RepositoryContract: Sendable, CustomStringConvertible {
    /// The case's name, shown as the test argument.
    public let name: String
    /// Runs the case against a repository; throws on a violation.
    public let run: @Sendable (any JobRepository) async throws -> Void

    /// Creates a case.
    public init(_ name: String, run: @escaping @Sendable (any JobRepository) async throws -> Void) {
        self.name = name
        self.run = run
    }

    /// The case's name.
    public var description: String { name }

    /// Every case of the contract.
    public static let all: [RepositoryContract] = [
        RepositoryContract("createsInstanceAndExecution") { try await Cases.createsInstanceAndExecution($0) },
        RepositoryContract("instanceIdentity") { try await Cases.instanceIdentity($0) },
        RepositoryContract("refusesLaunchWhileRunning") { try await Cases.refusesLaunchWhileRunning($0) },
        RepositoryContract("refusesLaunchOfFinishedInstance") { try await Cases.refusesLaunchOfFinishedInstance($0) },
        RepositoryContract("restartCarriesJobContext") { try await Cases.restartCarriesJobContext($0) },
        RepositoryContract("explicitRestart") { try await Cases.explicitRestart($0) },
        RepositoryContract("concurrentLaunches") { try await Cases.concurrentLaunches($0) },
        RepositoryContract("jobExecutionOptimisticLocking") { try await Cases.jobExecutionOptimisticLocking($0) },
        RepositoryContract("stepExecutionOptimisticLocking") { try await Cases.stepExecutionOptimisticLocking($0) },
        RepositoryContract("heartbeatAndStopRequest") { try await Cases.heartbeatAndStopRequest($0) },
        RepositoryContract("commitChunk") { try await Cases.commitChunk($0) },
        RepositoryContract("jobExecutionRoundTrip") { try await Cases.jobExecutionRoundTrip($0) },
        RepositoryContract("stepQueries") { try await Cases.stepQueries($0) },
        RepositoryContract("executionQueries") { try await Cases.executionQueries($0) },
        RepositoryContract("instanceQueries") { try await Cases.instanceQueries($0) },
        RepositoryContract("purge") { try await Cases.purge($0) },
    ]
}

/// A broken rule of the repository contract, with the place in the contract that checks it.
public struct ContractViolation: Error, CustomStringConvertible {
    /// What the repository did wrong.
    public let message: String
    /// The contract file that found it.
    public let file: StaticString
    /// The line in that file.
    public let line: UInt

    /// Creates a violation.
    public init(_ message: String, file: StaticString = #fileID, line: UInt = #line) {
        self.message = message
        self.file = file
        self.line = line
    }

    /// `file:line: message`.
    public var description: String { "\(file):\(line): \(message)" }
}

/// Throws a ``ContractViolation`` with `message` unless `condition` holds.
public func require(
    _ condition: Bool, _ message: @autoclosure () -> String, file: StaticString = #fileID, line: UInt = #line
) throws {
    guard condition else { throw ContractViolation(message(), file: file, line: line) }
}

// MARK: - Helpers

/// Throws unless `body` throws exactly `expected`.
private func requireThrows<E: Error & Equatable, T>(
    _ expected: E, _ context: String, file: StaticString = #fileID, line: UInt = #line,
    _ body: () async throws -> T
) async throws {
    do {
        _ = try await body()
    } catch let error as E {
        try require(error == expected, "\(context): expected \(expected), got \(error)", file: file, line: line)
        return
    } catch {
        throw ContractViolation("\(context): expected \(expected), got \(type(of: error)): \(error)", file: file, line: line)
    }
    throw ContractViolation("\(context): expected \(expected), but nothing was thrown", file: file, line: line)
}

/// Unwraps an optional or throws a violation.
private func unwrap<T>(_ value: T?, _ message: String, file: StaticString = #fileID, line: UInt = #line) throws -> T {
    guard let value else { throw ContractViolation(message, file: file, line: line) }
    return value
}

/// Milliseconds since 1970, rounded: the precision the contract compares times at.
private func millis(_ date: Date) -> Int64 {
    Int64((date.timeIntervalSince1970 * 1000).rounded())
}

/// Whether two optional times are equal at millisecond precision (a store that truncates instead
/// of rounding is off by at most one millisecond).
private func sameMillisecond(_ a: Date?, _ b: Date?) -> Bool {
    switch (a, b) {
    case (nil, nil): true
    case let (a?, b?): abs(millis(a) - millis(b)) <= 1
    default: false
    }
}

/// Whether `later` is at or after `earlier` at millisecond precision.
private func notBefore(_ later: Date?, _ earlier: Date) -> Bool {
    guard let later else { return false }
    return millis(later) >= millis(earlier) - 1
}

/// Returns once the local clock is at least 2 ms past `date`, so that a time stamped afterwards is
/// strictly later even at millisecond precision. It waits on the clock itself, never a fixed time,
/// and gives up after a second (a time far in the future is then reported by the assertions).
private func clockPassed(_ date: Date?) async {
    guard let date else { return }
    let target = date.addingTimeInterval(0.002)
    let giveUp = Date().addingTimeInterval(1)
    while Date() < target, Date() < giveUp { await Task.yield() }
}

/// Whether `later` is strictly after `earlier` at millisecond precision.
private func after(_ later: Date?, _ earlier: Date?) -> Bool {
    guard let later, let earlier else { return false }
    return millis(later) > millis(earlier)
}

/// Parameters with timestamps rounded to milliseconds.
private func normalized(_ parameters: JobParameters) -> JobParameters {
    var result = JobParameters()
    for (name, p) in parameters {
        var copy = p
        if case .timestamp(let t) = p.value {
            copy.value = .timestamp(Date(timeIntervalSince1970: Double(millis(t)) / 1000))
        }
        result[name] = copy
    }
    return result
}

private let epoch = Date(timeIntervalSince1970: 0)

/// The execution without its times and version, for comparing the rest exactly.
private func timeless(_ e: JobExecution) -> JobExecution {
    var copy = e
    copy.createTime = epoch
    copy.startTime = nil
    copy.endTime = nil
    copy.lastUpdated = nil
    copy.version = 0
    copy.parameters = normalized(e.parameters)
    return copy
}

/// The step execution without its times and version.
private func timeless(_ s: StepExecution) -> StepExecution {
    var copy = s
    copy.startTime = nil
    copy.endTime = nil
    copy.lastUpdated = nil
    copy.version = 0
    return copy
}

/// Throws unless two job executions are equal, times compared at millisecond precision and
/// versions and `lastUpdated` ignored.
private func requireSameRecord(
    _ actual: JobExecution, _ expected: JobExecution, _ context: String, file: StaticString = #fileID, line: UInt = #line
) throws {
    try require(timeless(actual) == timeless(expected), "\(context): stored \(actual) differs from \(expected)", file: file, line: line)
    try require(sameMillisecond(actual.createTime, expected.createTime), "\(context): createTime \(actual.createTime) != \(expected.createTime)", file: file, line: line)
    try require(sameMillisecond(actual.startTime, expected.startTime), "\(context): startTime \(String(describing: actual.startTime)) != \(String(describing: expected.startTime))", file: file, line: line)
    try require(sameMillisecond(actual.endTime, expected.endTime), "\(context): endTime \(String(describing: actual.endTime)) != \(String(describing: expected.endTime))", file: file, line: line)
}

/// Throws unless two step executions are equal, times compared at millisecond precision and
/// versions and `lastUpdated` ignored.
private func requireSameRecord(
    _ actual: StepExecution, _ expected: StepExecution, _ context: String, file: StaticString = #fileID, line: UInt = #line
) throws {
    try require(timeless(actual) == timeless(expected), "\(context): stored \(actual) differs from \(expected)", file: file, line: line)
    try require(sameMillisecond(actual.startTime, expected.startTime), "\(context): startTime \(String(describing: actual.startTime)) != \(String(describing: expected.startTime))", file: file, line: line)
    try require(sameMillisecond(actual.endTime, expected.endTime), "\(context): endTime \(String(describing: actual.endTime)) != \(String(describing: expected.endTime))", file: file, line: line)
}

/// A whole-millisecond time (exactly representable fractions), so every store keeps it exactly.
private func time(_ secondsSince1970: Double) -> Date { Date(timeIntervalSince1970: secondsSince1970) }

/// An id no repository has handed out in a contract run.
private let unknownId = 987_654_321

/// A repository plus a job-name prefix unique to one case run.
private struct Fixture {
    let repo: any JobRepository
    let prefix: String

    init(_ repo: any JobRepository, _ caseName: String) {
        self.repo = repo
        self.prefix = "contract.\(caseName).\(UUID().uuidString.prefix(8).lowercased())"
    }

    /// A job name unique to this run.
    func job(_ suffix: String = "job") -> String { "\(prefix).\(suffix)" }

    /// Launches, expecting success.
    func launch(
        _ jobName: String, _ parameters: JobParameters, restartable: Bool = true, restartOf: Int? = nil,
        file: StaticString = #fileID, line: UInt = #line
    ) async throws -> JobExecution {
        let request = LaunchRequest(jobName: jobName, parameters: parameters, restartable: restartable, restartOf: restartOf)
        do {
            return try await repo.createJobExecution(request)
        } catch {
            throw ContractViolation("launch of \(jobName) \(parameters.names) refused: \(error)", file: file, line: line)
        }
    }

    /// Expects a launch to be refused with `expected`, and nothing to be created.
    func refuse(
        _ expected: LaunchRefused, _ jobName: String, _ parameters: JobParameters, restartable: Bool = true,
        restartOf: Int? = nil, file: StaticString = #fileID, line: UInt = #line
    ) async throws {
        let request = LaunchRequest(jobName: jobName, parameters: parameters, restartable: restartable, restartOf: restartOf)
        let instance = try await repo.jobInstance(jobName: jobName, key: request.instanceKey)
        var before: Int?
        if let instance { before = try await repo.jobExecutions(instanceId: instance.id).count }
        try await requireThrows(expected, "launch of \(jobName)", file: file, line: line) {
            try await repo.createJobExecution(request)
        }
        let instanceAfter = try await repo.jobInstance(jobName: jobName, key: request.instanceKey)
        try require(instanceAfter?.id == instance?.id, "a refused launch created an instance", file: file, line: line)
        if let instance {
            let after = try await repo.jobExecutions(instanceId: instance.id).count
            try require(after == before, "a refused launch created an execution (\(before ?? 0) → \(after))", file: file, line: line)
        }
    }

    /// Reads an execution back, expecting it to exist.
    func read(_ id: Int, file: StaticString = #fileID, line: UInt = #line) async throws -> JobExecution {
        try unwrap(try await repo.jobExecution(id: id), "job execution \(id) not found", file: file, line: line)
    }

    /// Reads a step execution back, expecting it to exist.
    func readStep(_ id: Int, file: StaticString = #fileID, line: UInt = #line) async throws -> StepExecution {
        try unwrap(try await repo.stepExecution(id: id), "step execution \(id) not found", file: file, line: line)
    }

    /// Reads, changes and stores an execution.
    @discardableResult
    func update(
        _ id: Int, file: StaticString = #fileID, line: UInt = #line, _ change: (inout JobExecution) -> Void
    ) async throws -> JobExecution {
        var e = try await read(id, file: file, line: line)
        change(&e)
        return try await repo.updateJobExecution(e)
    }

    /// Sets an execution's status (and matching exit status), with an end time when finished.
    @discardableResult
    func finish(
        _ id: Int, _ status: BatchStatus, endTime: Date? = nil, file: StaticString = #fileID, line: UInt = #line
    ) async throws -> JobExecution {
        try await update(id, file: file, line: line) { e in
            e.status = status
            e.exitStatus = ExitStatus(status)
            if e.startTime == nil { e.startTime = Date() }
            if status.isFinished { e.endTime = endTime ?? Date() }
        }
    }

    /// Creates a step execution of a job execution.
    func step(_ jobExecutionId: Int, _ name: String, status: BatchStatus = .started) async throws -> StepExecution {
        try await repo.createStepExecution(
            StepExecution(jobExecutionId: jobExecutionId, stepName: name, status: status, startTime: time(1_732_960_800.5))
        )
    }
}

/// Parameters with one identifying string, for tests that only need distinct instances.
private func params(_ value: String) -> JobParameters {
    ["run": JobParameter(.string(value))]
}

// MARK: - Cases

private enum Cases {
    static func createsInstanceAndExecution(_ repo: any JobRepository) async throws {
        let f = Fixture(repo, "create")
        let job = f.job()
        let day = try unwrap(CalendarDate(year: 2024, month: 2, day: 29), "bad test date")
        let parameters: JobParameters = [
            "input": JobParameter(.string("data/ünïcødé \"in\"\n.csv")),
            "count": JobParameter(.int(-9_007_199_254_740_993)),
            "ratio": JobParameter(.double(0.1), identifying: false),
            "whole": JobParameter(.double(2.0)),
            "dryRun": JobParameter(.bool(false), identifying: false),
            "day": JobParameter(.date(day)),
            "at": JobParameter(.timestamp(time(1_732_960_800.125))),
            "noted": JobParameter(.timestamp(time(1_700_000_000)), identifying: false),
        ]
        let request = LaunchRequest(jobName: job, parameters: parameters)
        let before = Date()
        let e = try await f.launch(job, parameters)
        try require(e.id > 0, "execution id \(e.id) is not positive")
        try require(e.instanceId > 0, "instance id \(e.instanceId) is not positive")
        try require(e.jobName == job, "job name \(e.jobName) != \(job)")
        try require(e.status == .starting, "a new execution is \(e.status), not STARTING")
        try require(e.exitStatus.code == ExitStatus.unknown.code, "a new execution's exit code is \(e.exitStatus.code), not UNKNOWN")
        try require(e.version == 0, "a new execution has version \(e.version), not 0")
        try require(e.executionContext.isEmpty, "a new instance's execution has a context \(e.executionContext)")
        try require(e.failures.isEmpty, "a new execution has failures")
        try require(e.startTime == nil && e.endTime == nil, "a new execution has a start or end time")
        try require(notBefore(e.createTime, before), "createTime \(e.createTime) is before the launch (\(before))")
        try require(normalized(e.parameters) == normalized(parameters), "returned parameters \(e.parameters) != \(parameters)")

        let instance = try unwrap(try await repo.jobInstance(jobName: job, key: request.instanceKey), "instance not found by (jobName, key)")
        try require(instance.id == e.instanceId, "instance found by key has id \(instance.id), execution says \(e.instanceId)")
        try require(instance.jobName == job && instance.key == request.instanceKey, "instance \(instance) has the wrong name or key")
        let byId = try await repo.jobInstance(id: e.instanceId)
        try require(byId == instance, "jobInstance(id:) returned \(String(describing: byId)), expected \(instance)")

        let stored = try await f.read(e.id)
        try requireSameRecord(stored, e, "read back")
        try require(normalized(stored.parameters) == normalized(parameters), "stored parameters \(stored.parameters) != \(parameters)")
        for (name, p) in parameters {
            let back = try unwrap(stored.parameters[name], "parameter \(name) lost")
            try require(back.value.type == p.value.type, "parameter \(name) came back as \(back.value.type), not \(p.value.type)")
            try require(back.identifying == p.identifying, "parameter \(name) lost its identifying flag")
        }
        if case .timestamp(let at)? = stored.parameters["at"]?.value {
            try require(millis(at) == 1_732_960_800_125, "timestamp parameter lost its milliseconds: \(Timestamps.format(at))")
        }
        let executions = try await repo.jobExecutions(instanceId: e.instanceId)
        try require(executions.map(\.id) == [e.id], "instance executions \(executions.map(\.id)) != [\(e.id)]")
    }

    static func instanceIdentity(_ repo: any JobRepository) async throws {
        let f = Fixture(repo, "identity")
        let job = f.job()
        var first = JobParameters()
        first["a"] = JobParameter(.int(1))
        first["b"] = JobParameter(.string("x"))
        first["note"] = JobParameter(.string("first"), identifying: false)
        var second = JobParameters()
        second["extra"] = JobParameter(.bool(true), identifying: false)
        second["b"] = JobParameter(.string("x"))
        second["note"] = JobParameter(.string("second"), identifying: false)
        second["a"] = JobParameter(.int(1))

        let e1 = try await f.launch(job, first)
        try await f.finish(e1.id, .failed)
        let e2 = try await f.launch(job, second)
        try require(e2.instanceId == e1.instanceId, "same identifying parameters made a new instance (\(e2.instanceId) vs \(e1.instanceId))")
        try require(e2.id != e1.id, "a second launch returned the same execution id")
        let stored2 = try await f.read(e2.id)
        try require(stored2.parameters == second, "the restart's own parameters were not stored: \(stored2.parameters)")
        let stored1 = try await f.read(e1.id)
        try require(stored1.parameters == first, "the first execution's parameters changed: \(stored1.parameters)")

        var changed = first
        changed["a"] = JobParameter(.int(2))
        let e3 = try await f.launch(job, changed)
        try require(e3.instanceId != e1.instanceId, "different identifying parameters share instance \(e1.instanceId)")

        var retyped = first
        retyped["a"] = JobParameter(.string("1"))
        let e4 = try await f.launch(job, retyped)
        try require(![e1.instanceId, e3.instanceId].contains(e4.instanceId), "a parameter of another type shares an instance")

        let other = f.job("other")
        let e5 = try await f.launch(other, first)
        try require(![e1.instanceId, e3.instanceId, e4.instanceId].contains(e5.instanceId), "another job shares an instance")
        let key = LaunchRequest(jobName: job, parameters: first).instanceKey
        let inOther = try await repo.jobInstance(jobName: other, key: key)
        try require(inOther?.id == e5.instanceId, "jobInstance(jobName:key:) of the other job returned \(String(describing: inOther))")
        let inJob = try await repo.jobInstance(jobName: job, key: key)
        try require(inJob?.id == e1.instanceId, "jobInstance(jobName:key:) returned \(String(describing: inJob))")
        let instances = try await repo.jobInstances(jobName: job, offset: 0, limit: 100)
        try require(instances.count == 3, "\(job) has \(instances.count) instances, expected 3")
    }

    static func refusesLaunchWhileRunning(_ repo: any JobRepository) async throws {
        let f = Fixture(repo, "running")
        let job = f.job()
        let p = params("1")
        let e = try await f.launch(job, p)
        try await f.refuse(.alreadyRunning(executionId: e.id), job, p)
        try await f.refuse(.alreadyRunning(executionId: e.id), job, p, restartable: false)
        try await f.update(e.id) { $0.status = .started }
        try await f.refuse(.alreadyRunning(executionId: e.id), job, p)
        try await f.update(e.id) { $0.status = .stopping }
        try await f.refuse(.alreadyRunning(executionId: e.id), job, p)
        try await f.refuse(.alreadyRunning(executionId: e.id), job, p, restartOf: e.id)

        let p2 = params("2")
        let e2 = try await f.launch(job, p2)
        try await f.update(e2.id) { $0.status = .started }
        _ = try await repo.requestStop(jobExecutionId: e2.id)
        try await f.refuse(.alreadyRunning(executionId: e2.id), job, p2)

        let p3 = params("3")
        let e3 = try await f.launch(job, p3)
        try await f.finish(e3.id, .unknown)
        try await f.refuse(.notRestartableStatus(executionId: e3.id, status: .unknown), job, p3)
    }

    static func refusesLaunchOfFinishedInstance(_ repo: any JobRepository) async throws {
        let f = Fixture(repo, "finished")
        let job = f.job()
        let done = params("completed")
        let e1 = try await f.launch(job, done)
        try await f.finish(e1.id, .completed)
        try await f.refuse(.alreadyComplete(instanceId: e1.instanceId, executionId: e1.id), job, done)

        let given = params("abandoned")
        let e2 = try await f.launch(job, given)
        try await f.finish(e2.id, .failed)
        try await f.finish(e2.id, .abandoned)
        try await f.refuse(.abandoned(executionId: e2.id), job, given)

        let once = params("not restartable")
        let e3 = try await f.launch(job, once, restartable: false)
        try await f.finish(e3.id, .failed)
        try await f.refuse(.notRestartable(instanceId: e3.instanceId), job, once, restartable: false)
        let e4 = try await f.launch(job, once, restartable: true)
        try require(e4.instanceId == e3.instanceId, "restart made a new instance")
        try await f.finish(e4.id, .stopped)
        try await f.refuse(.notRestartable(instanceId: e3.instanceId), job, once, restartable: false)
    }

    static func restartCarriesJobContext(_ repo: any JobRepository) async throws {
        let f = Fixture(repo, "restart")
        let job = f.job()
        let p = params("1")
        let e1 = try await f.launch(job, p)
        let context1: ExecutionContext = ["reader.offset": 1200, "ratio": 1.0, "file": "in.csv", "parts": [1, 2, 3]]
        try await f.update(e1.id) { e in
            e.status = .failed
            e.exitStatus = .failed
            e.endTime = Date()
            e.executionContext = context1
        }
        let e2 = try await f.launch(job, p)
        try require(e2.instanceId == e1.instanceId, "a restart after FAILED made a new instance")
        try require(e2.id > e1.id, "the restart's id \(e2.id) is not greater than \(e1.id)")
        try require(e2.status == .starting && e2.version == 0, "the restart is \(e2.status) v\(e2.version)")
        try require(e2.executionContext == context1, "the restart's context \(e2.executionContext) != \(context1)")
        let stored2 = try await f.read(e2.id)
        try require(stored2.executionContext == context1, "the stored restart's context \(stored2.executionContext) != \(context1)")
        try require(stored2.failures.isEmpty && stored2.endTime == nil, "the restart inherited failures or an end time")

        var context2 = context1
        context2["reader.offset"] = 2400
        context2["stopped"] = true
        try await f.update(e2.id) { e in
            e.status = .stopped
            e.exitStatus = .stopped
            e.endTime = Date()
            e.executionContext = context2
        }
        let e3 = try await f.launch(job, p)
        try require(e3.instanceId == e1.instanceId, "a restart after STOPPED made a new instance")
        try require(e3.executionContext == context2, "the restart after STOPPED has context \(e3.executionContext), expected \(context2)")
        let all = try await repo.jobExecutions(instanceId: e1.instanceId)
        try require(all.map(\.id) == [e3.id, e2.id, e1.id], "executions of the instance \(all.map(\.id)) are not newest first")
    }

    static func explicitRestart(_ repo: any JobRepository) async throws {
        let f = Fixture(repo, "explicit")
        let job = f.job()
        let p = params("1")
        let e1 = try await f.launch(job, p)
        try await f.finish(e1.id, .failed)
        let e2 = try await f.launch(job, p, restartOf: e1.id)
        try require(e2.instanceId == e1.instanceId, "an explicit restart made a new instance")
        try await f.finish(e2.id, .failed)
        try await f.refuse(.notLatest(executionId: e1.id, latest: e2.id), job, p, restartOf: e1.id)
        try await f.refuse(.noSuchExecution(id: unknownId), job, p, restartOf: unknownId)

        let other = f.job("other")
        let o1 = try await f.launch(other, p)
        try await f.finish(o1.id, .failed)
        try await f.refuse(.noSuchExecution(id: o1.id), job, p, restartOf: o1.id)
        try await f.refuse(.noSuchExecution(id: e2.id), other, p, restartOf: e2.id)
        try await f.refuse(.noSuchExecution(id: e2.id), job, params("never launched"), restartOf: e2.id)
        let fresh = try await repo.jobInstance(jobName: job, key: LaunchRequest(jobName: job, parameters: params("never launched")).instanceKey)
        try require(fresh == nil, "a refused restart created an instance")

        let e3 = try await f.launch(job, p, restartOf: e2.id)
        try await f.finish(e3.id, .completed)
        try await f.refuse(.alreadyComplete(instanceId: e1.instanceId, executionId: e3.id), job, p, restartOf: e3.id)
    }

    static func concurrentLaunches(_ repo: any JobRepository) async throws {
        let f = Fixture(repo, "concurrent")
        let job = f.job()
        let request = LaunchRequest(jobName: job, parameters: params("race"))

        func race() async -> [Result<JobExecution, any Error>] {
            await withTaskGroup(of: Result<JobExecution, any Error>.self) { group in
                for _ in 0..<20 {
                    group.addTask {
                        do { return .success(try await repo.createJobExecution(request)) } catch { return .failure(error) }
                    }
                }
                var results: [Result<JobExecution, any Error>] = []
                for await result in group { results.append(result) }
                return results
            }
        }

        for round in ["first launch", "restart"] {
            let results = await race()
            let winners = results.compactMap { try? $0.get() }
            try require(winners.count == 1, "\(round): \(winners.count) of 20 concurrent launches succeeded, expected exactly 1")
            let winner = winners[0]
            for case .failure(let error) in results {
                try require(
                    (error as? LaunchRefused) == .alreadyRunning(executionId: winner.id),
                    "\(round): a losing launch threw \(error), expected alreadyRunning(\(winner.id))")
            }
            let executions = try await repo.jobExecutions(instanceId: winner.instanceId)
            try require(executions.filter { $0.status.isRunning }.map(\.id) == [winner.id], "\(round): running executions \(executions.map(\.id))")
            let instances = try await repo.jobInstances(jobName: job, offset: 0, limit: 100)
            try require(instances.map(\.id) == [winner.instanceId], "\(round): instances \(instances.map(\.id)), expected one")
            try await f.finish(winner.id, .failed)
        }
        let instances = try await repo.jobInstances(jobName: job, offset: 0, limit: 100)
        let executions = try await repo.jobExecutions(instanceId: try unwrap(instances.first, "no instance").id)
        try require(executions.count == 2, "\(executions.count) executions after two races, expected 2")
    }

    static func jobExecutionOptimisticLocking(_ repo: any JobRepository) async throws {
        let f = Fixture(repo, "joblock")
        let e0 = try await f.launch(f.job(), params("1"))
        var e = e0
        e.status = .started
        e.startTime = Date()
        let e1 = try await repo.updateJobExecution(e)
        try require(e1.version == e0.version + 1, "the first update returned version \(e1.version), expected \(e0.version + 1)")
        try require(e1.status == .started, "the update returned status \(e1.status)")
        var next = e1
        next.executionContext["step"] = "two"
        let e2 = try await repo.updateJobExecution(next)
        try require(e2.version == e1.version + 1, "the second update returned version \(e2.version), expected \(e1.version + 1)")
        let stored = try await f.read(e0.id)
        try require(stored.version == e2.version, "stored version \(stored.version) != returned \(e2.version)")

        var stale = e1
        stale.status = .failed
        try await requireThrows(JobRepositoryError.optimisticLockFailure("job execution", id: e0.id), "stale update") {
            try await repo.updateJobExecution(stale)
        }
        var stale0 = e0
        stale0.status = .completed
        try await requireThrows(JobRepositoryError.optimisticLockFailure("job execution", id: e0.id), "update with version 0") {
            try await repo.updateJobExecution(stale0)
        }
        let after = try await f.read(e0.id)
        try require(after.version == e2.version && after.status == .started, "a refused update changed the record: \(after)")
        try require(after.executionContext == next.executionContext, "a refused update changed the context")

        var unknown = e2
        unknown.id = unknownId
        try await requireThrows(JobRepositoryError.notFound("job execution", id: unknownId), "update of an unknown execution") {
            try await repo.updateJobExecution(unknown)
        }
    }

    static func stepExecutionOptimisticLocking(_ repo: any JobRepository) async throws {
        let f = Fixture(repo, "steplock")
        let e = try await f.launch(f.job(), params("1"))
        try await requireThrows(JobRepositoryError.notFound("job execution", id: unknownId), "step of an unknown job execution") {
            try await repo.createStepExecution(StepExecution(jobExecutionId: unknownId, stepName: "orphan"))
        }
        let s0 = try await repo.createStepExecution(StepExecution(jobExecutionId: e.id, stepName: "load"))
        try require(s0.id > 0, "step execution id \(s0.id) is not positive")
        try require(s0.version == 0, "a new step execution has version \(s0.version)")
        try require(s0.jobExecutionId == e.id && s0.stepName == "load", "the created step is \(s0)")
        var s = s0
        s.status = .started
        let s1 = try await repo.updateStepExecution(s)
        try require(s1.version == 1 + s0.version, "update returned version \(s1.version)")
        var more = s1
        more.counters.readCount = 5
        let s2 = try await repo.updateStepExecution(more)
        try require(s2.version == s1.version + 1, "the second update returned version \(s2.version)")

        var stale = s1
        stale.status = .failed
        try await requireThrows(JobRepositoryError.optimisticLockFailure("step execution", id: s0.id), "stale step update") {
            try await repo.updateStepExecution(stale)
        }
        try await requireThrows(JobRepositoryError.optimisticLockFailure("step execution", id: s0.id), "stale chunk commit") {
            try await repo.commitChunk(stale, in: nil)
        }
        let stored = try await f.readStep(s0.id)
        try require(stored.version == s2.version && stored.status == .started && stored.counters.readCount == 5,
            "a refused update changed the step: \(stored)")
        var unknown = s2
        unknown.id = unknownId
        try await requireThrows(JobRepositoryError.notFound("step execution", id: unknownId), "update of an unknown step") {
            try await repo.updateStepExecution(unknown)
        }
        try await requireThrows(JobRepositoryError.notFound("step execution", id: unknownId), "chunk commit of an unknown step") {
            try await repo.commitChunk(unknown, in: nil)
        }
    }

    static func heartbeatAndStopRequest(_ repo: any JobRepository) async throws {
        let f = Fixture(repo, "heartbeat")
        let job = f.job()
        let e0 = try await f.launch(job, params("1"))
        let e1 = try await f.update(e0.id) { e in
            e.status = .started
            e.executionContext = ["kept": 1]
        }
        let updated = try await f.read(e0.id)
        await clockPassed(updated.lastUpdated)
        let t0 = Date()
        let status = try await repo.heartbeat(jobExecutionId: e0.id)
        try require(status == .started, "heartbeat returned \(status), expected STARTED")
        let beat = try await f.read(e0.id)
        try require(beat.version == e1.version, "heartbeat changed the version \(e1.version) → \(beat.version)")
        try require(notBefore(beat.lastUpdated, t0), "heartbeat left lastUpdated at \(String(describing: beat.lastUpdated)), before \(t0)")
        try require(after(beat.lastUpdated, updated.lastUpdated), "heartbeat did not advance lastUpdated past \(String(describing: updated.lastUpdated))")
        try require(beat.status == .started && beat.executionContext == ["kept": 1], "heartbeat changed the record: \(beat)")
        let stale = try await repo.jobExecutions(matching: ExecutionQuery(jobName: job, lastUpdatedBefore: t0.addingTimeInterval(-0.001)))
        try require(stale.isEmpty, "the execution still looks stale after a heartbeat: \(stale.map(\.id))")

        let stopped = try await repo.requestStop(jobExecutionId: e0.id)
        try require(stopped.status == .stopping, "requestStop returned \(stopped.status), expected STOPPING")
        try require(stopped.version == e1.version, "requestStop changed the version \(e1.version) → \(stopped.version)")
        let stored = try await f.read(e0.id)
        try require(stored.status == .stopping && stored.version == e1.version, "stored after stop: \(stored.status) v\(stored.version)")
        let again = try await repo.heartbeat(jobExecutionId: e0.id)
        try require(again == .stopping, "heartbeat after a stop request returned \(again)")
        let twice = try await repo.requestStop(jobExecutionId: e0.id)
        try require(twice.status == .stopping && twice.version == e1.version, "a second stop request returned \(twice.status) v\(twice.version)")

        // A runner's update that still says STARTED keeps the stop request.
        var unaware = e1
        unaware.executionContext = ["kept": 2]
        let merged = try await repo.updateJobExecution(unaware)
        try require(merged.status == .stopping, "an update saying STARTED overwrote a stop request: \(merged.status)")
        try require(try await f.read(e0.id).status == .stopping, "the stored status lost the stop request")

        // The runner's copy read before the stop request still updates (the stop did not bump the version).
        var runner = merged
        runner.status = .stopped
        runner.exitStatus = .stopped
        runner.endTime = Date()
        let ended = try await repo.updateJobExecution(runner)
        try require(ended.status == .stopped && ended.version == e1.version + 2, "the runner's update after a stop request returned \(ended.status) v\(ended.version)")
        try await requireThrows(JobRepositoryError.notRunning(id: e0.id, status: .stopped), "stop of a STOPPED execution") {
            try await repo.requestStop(jobExecutionId: e0.id)
        }

        let starting = try await f.launch(job, params("2"))
        let stopping = try await repo.requestStop(jobExecutionId: starting.id)
        try require(stopping.status == .stopping, "requestStop of a STARTING execution returned \(stopping.status)")

        let done = try await f.launch(job, params("3"))
        try await f.finish(done.id, .completed)
        try await requireThrows(JobRepositoryError.notRunning(id: done.id, status: .completed), "stop of a COMPLETED execution") {
            try await repo.requestStop(jobExecutionId: done.id)
        }
        let unchanged = try await f.read(done.id)
        try require(unchanged.status == .completed, "a refused stop request changed the status to \(unchanged.status)")
        try await requireThrows(JobRepositoryError.notFound("job execution", id: unknownId), "heartbeat of an unknown execution") {
            try await repo.heartbeat(jobExecutionId: unknownId)
        }
        try await requireThrows(JobRepositoryError.notFound("job execution", id: unknownId), "stop of an unknown execution") {
            try await repo.requestStop(jobExecutionId: unknownId)
        }
    }

    static func commitChunk(_ repo: any JobRepository) async throws {
        let f = Fixture(repo, "chunk")
        try require(!repo.canParticipate(in: ResourcelessTransaction()), "the repository claims a resourceless transaction")
        let e = try await f.launch(f.job(), params("1"))
        let started = try await f.update(e.id) { $0.status = .started }
        var s = try await f.step(e.id, "load")
        s.status = .started
        s.counters.readCount = 10
        s.counters.writeCount = 7
        s.counters.filterCount = 1
        s.counters.readSkipCount = 3
        s.counters.processSkipCount = 1
        s.counters.writeSkipCount = 1
        s.counters.commitCount = 1
        s.counters.rollbackCount = 2
        s.executionContext = [
            "reader.read.count": 10,
            "min": .int(Int.min),
            "max": .int(Int.max),
            "one": 1.0,
            "negative": -0.5,
            "tiny": 1e-300,
            "huge": 1.7976931348623157e308,
            "text": "ünïcødé \"quoted\" back\\slash\nnew line\ttab \u{1} 😀 e\u{301}",
            "empty": "",
            "flag": true,
            "none": nil,
            "nested": ["list": [1, 2.5, "three", nil, false, [], [:]], "object": ["deeper": ["deepest": 1.0]]],
        ]
        s.failures = [Failure(category: "parse", type: "BatchError", message: "line 3: bad \"quote\"")]
        let jobBefore = try await f.read(e.id)
        await clockPassed(jobBefore.lastUpdated)
        let t0 = Date()
        let result = try await repo.commitChunk(s, in: nil)
        try require(result.version == s.version + 1, "commitChunk returned version \(result.version), expected \(s.version + 1)")
        try require(result.jobStatus == .started, "commitChunk returned job status \(result.jobStatus), expected STARTED")
        let stored = try await f.readStep(s.id)
        try requireSameRecord(stored, s, "committed step")
        try require(stored.version == result.version, "stored step version \(stored.version) != \(result.version)")
        for (key, value) in s.executionContext {
            try require(stored.executionContext[key] == value, "context value \(key) came back as \(String(describing: stored.executionContext[key])), not \(value)")
        }
        let job = try await f.read(e.id)
        try require(notBefore(job.lastUpdated, t0), "commitChunk did not advance the job execution's lastUpdated")
        try require(after(job.lastUpdated, jobBefore.lastUpdated), "commitChunk did not advance the job execution's lastUpdated")
        try require(job.status == .started && job.executionContext == jobBefore.executionContext, "commitChunk changed the job execution")
        try require(job.version == started.version, "commitChunk changed the job execution's version")

        _ = try await repo.requestStop(jobExecutionId: e.id)
        var next = stored
        next.counters.readCount = 20
        next.counters.writeCount = 17
        next.counters.commitCount = 2
        next.executionContext["reader.read.count"] = 20
        next.executionContext["none"] = nil
        let second = try await repo.commitChunk(next, in: nil)
        try require(second.version == result.version + 1, "the second commit returned version \(second.version)")
        try require(second.jobStatus == .stopping, "commitChunk after a stop request returned \(second.jobStatus), expected STOPPING")
        let stored2 = try await f.readStep(s.id)
        try requireSameRecord(stored2, next, "second commit")
        try require(!stored2.executionContext.contains("none"), "a removed context key came back")

        var stale = next
        stale.counters.readCount = 99
        try await requireThrows(JobRepositoryError.optimisticLockFailure("step execution", id: s.id), "stale chunk commit") {
            try await repo.commitChunk(stale, in: nil)
        }
        let afterStale = try await f.readStep(s.id)
        try require(afterStale.counters.readCount == 20, "a refused commit changed the counters")

        var ended = stored2
        ended.status = .stopped
        ended.exitStatus = ExitStatus.stopped.describing("stop requested")
        ended.endTime = time(1_732_960_900.25)
        let final = try await repo.updateStepExecution(ended)
        try require(final.version == second.version + 1, "updateStepExecution after commits returned version \(final.version)")
        try requireSameRecord(try await f.readStep(s.id), ended, "ended step")
    }

    static func jobExecutionRoundTrip(_ repo: any JobRepository) async throws {
        let f = Fixture(repo, "roundtrip")
        let e = try await f.launch(f.job(), params("1"))
        var changed = e
        changed.status = .failed
        changed.exitStatus = ExitStatus("FAILED", description: "step 'load' failed:\nline 2 \"ünï\" 😀")
        changed.startTime = time(1_732_960_800.125)
        changed.endTime = time(1_732_960_860.5)
        changed.executionContext = ["total": 12_345, "avg": 2.0, "names": ["a", "b"], "map": ["k": ["v": nil]], "ok": false]
        changed.failures = [
            Failure(category: "io", type: "BatchError", message: "disk full"),
            Failure(category: "unclassified", type: "DecodingError", message: "bad \"json\"\nat 3"),
        ]
        let returned = try await repo.updateJobExecution(changed)
        try requireSameRecord(returned, changed, "returned by update")
        let stored = try await f.read(e.id)
        try requireSameRecord(stored, changed, "read back")
        try require(stored.executionContext == changed.executionContext, "context \(stored.executionContext) != \(changed.executionContext)")
        try require(stored.failures == changed.failures, "failures \(stored.failures) != \(changed.failures)")
        try require(stored.exitStatus.code == "FAILED" && stored.exitStatus.description == changed.exitStatus.description,
            "exit status \(stored.exitStatus.code) '\(stored.exitStatus.description)'")
        try require(sameMillisecond(stored.startTime, time(1_732_960_800.125)), "startTime lost its milliseconds")

        var cleared = stored
        cleared.failures = []
        cleared.executionContext = ExecutionContext()
        cleared.exitStatus = ExitStatus("CUSTOM CODE")
        _ = try await repo.updateJobExecution(cleared)
        let back = try await f.read(e.id)
        try requireSameRecord(back, cleared, "cleared")
        try require(back.exitStatus.description.isEmpty, "an empty exit description came back as '\(back.exitStatus.description)'")
    }

    static func stepQueries(_ repo: any JobRepository) async throws {
        let f = Fixture(repo, "steps")
        let job = f.job()
        let e1 = try await f.launch(job, params("1"))
        let names = ["load", "transform", "load:partition1", "report", "load:partition0"]
        var created: [StepExecution] = []
        for name in names { created.append(try await f.step(e1.id, name)) }
        let listed = try await repo.stepExecutions(jobExecutionId: e1.id)
        try require(listed.map(\.stepName) == names, "steps \(listed.map(\.stepName)) are not in creation order \(names)")
        try require(listed.map(\.id) == created.map(\.id), "step ids \(listed.map(\.id)) != \(created.map(\.id))")
        try require(Set(created.map(\.id)).count == names.count, "step ids are not unique")
        try require(created.map(\.id) == created.map(\.id).sorted(), "step ids do not grow in creation order")
        try await f.finish(e1.id, .failed)

        let e2 = try await f.launch(job, params("1"))
        try require(e2.instanceId == e1.instanceId, "the restart made a new instance")
        let load2 = try await f.step(e2.id, "load")
        let other = try await f.launch(job, params("2"))
        _ = try await f.step(other.id, "load")
        _ = try await f.step(other.id, "load")

        let last = try await repo.lastStepExecution(instanceId: e1.instanceId, stepName: "load")
        try require(last?.id == load2.id, "lastStepExecution returned \(String(describing: last?.id)), expected \(load2.id)")
        try require(last?.jobExecutionId == e2.id, "lastStepExecution belongs to execution \(String(describing: last?.jobExecutionId))")
        let lastTransform = try await repo.lastStepExecution(instanceId: e1.instanceId, stepName: "transform")
        try require(lastTransform?.id == created[1].id, "lastStepExecution(transform) returned \(String(describing: lastTransform?.id))")
        let missing = try await repo.lastStepExecution(instanceId: e1.instanceId, stepName: "missing")
        try require(missing == nil, "lastStepExecution of a step that never ran returned \(String(describing: missing))")

        let loads = try await repo.stepExecutionCount(instanceId: e1.instanceId, stepName: "load")
        try require(loads == 2, "stepExecutionCount(load) = \(loads), expected 2 (another instance's steps must not count)")
        let transforms = try await repo.stepExecutionCount(instanceId: e1.instanceId, stepName: "transform")
        try require(transforms == 1, "stepExecutionCount(transform) = \(transforms), expected 1")
        let partition = try await repo.stepExecutionCount(instanceId: e1.instanceId, stepName: "load:partition1")
        try require(partition == 1, "stepExecutionCount(load:partition1) = \(partition), expected 1")
        let none = try await repo.stepExecutionCount(instanceId: e1.instanceId, stepName: "missing")
        try require(none == 0, "stepExecutionCount(missing) = \(none)")
        let otherLoads = try await repo.stepExecutionCount(instanceId: other.instanceId, stepName: "load")
        try require(otherLoads == 2, "the other instance's load count is \(otherLoads), expected 2")

        let byId = try await f.readStep(created[2].id)
        try requireSameRecord(byId, created[2], "stepExecution(id:)")
        let unknown = try await repo.stepExecution(id: unknownId)
        try require(unknown == nil, "stepExecution(id:) of an unknown id returned a step")
        let noSteps = try await repo.stepExecutions(jobExecutionId: unknownId)
        try require(noSteps.isEmpty, "stepExecutions of an unknown execution returned \(noSteps.count)")
        let e2Steps = try await repo.stepExecutions(jobExecutionId: e2.id)
        try require(e2Steps.map(\.id) == [load2.id], "the restart's steps are \(e2Steps.map(\.id))")
    }

    static func executionQueries(_ repo: any JobRepository) async throws {
        let f = Fixture(repo, "queries")
        let job = f.job()
        let statuses: [BatchStatus] = [.completed, .failed, .started, .stopping, .starting]
        var ids: [Int] = []
        for (n, status) in statuses.enumerated() {
            var e = try await f.launch(job, params("\(n)"))
            if status != .starting { e = try await f.update(e.id) { $0.status = status } }
            ids.append(e.id)
            // Each execution's heartbeat is strictly later than the one before, even in milliseconds.
            await clockPassed(e.lastUpdated ?? e.createTime)
        }
        let otherJob = f.job("other")
        let foreign = try await f.launch(otherJob, params("0"))
        let newestFirst = Array(ids.reversed())

        let all = try await repo.jobExecutions(matching: ExecutionQuery(jobName: job))
        try require(all.map(\.id) == newestFirst, "executions of \(job): \(all.map(\.id)), expected \(newestFirst)")
        try require(all.map(\.status) == Array(statuses.reversed()), "statuses \(all.map(\.status))")
        let finished = try await repo.jobExecutions(matching: ExecutionQuery(jobName: job, statuses: [.completed, .failed]))
        try require(finished.map(\.id) == [ids[1], ids[0]], "COMPLETED/FAILED executions: \(finished.map(\.id))")
        let page = try await repo.jobExecutions(matching: ExecutionQuery(jobName: job, offset: 1, limit: 2))
        try require(page.map(\.id) == [ids[3], ids[2]], "page offset 1 limit 2: \(page.map(\.id)), expected \([ids[3], ids[2]])")
        let lastPage = try await repo.jobExecutions(matching: ExecutionQuery(jobName: job, offset: 4, limit: 2))
        try require(lastPage.map(\.id) == [ids[0]], "page offset 4 limit 2: \(lastPage.map(\.id))")
        let beyond = try await repo.jobExecutions(matching: ExecutionQuery(jobName: job, offset: 10, limit: 2))
        try require(beyond.isEmpty, "a page past the end returned \(beyond.map(\.id))")
        let running = try await repo.jobExecutions(matching: .running(jobName: job))
        try require(running.map(\.id) == [ids[4], ids[3], ids[2]], "running executions: \(running.map(\.id))")
        let anyJobRunning = try await repo.jobExecutions(matching: .running())
        try require(anyJobRunning.allSatisfy { $0.status.isRunning }, "ExecutionQuery.running() returned a finished execution")
        try require(Set([ids[4], ids[3], ids[2], foreign.id]).isSubset(of: anyJobRunning.map(\.id)),
            "ExecutionQuery.running() misses running executions")
        try require(!anyJobRunning.map(\.id).contains(ids[0]), "ExecutionQuery.running() includes a COMPLETED execution")
        let anyJob = try await repo.jobExecutions(matching: ExecutionQuery(limit: 10_000))
        try require(Set(ids + [foreign.id]).isSubset(of: anyJob.map(\.id)), "a query without a job name misses executions")
        try require(anyJob.map(\.id) == anyJob.map(\.id).sorted(by: >), "a query without a job name is not newest first")
        let unknownJob = try await repo.jobExecutions(matching: ExecutionQuery(jobName: f.job("none")))
        try require(unknownJob.isEmpty, "executions of a job that never ran: \(unknownJob.map(\.id))")

        let past = try await repo.jobExecutions(matching: ExecutionQuery(jobName: job, lastUpdatedBefore: Date().addingTimeInterval(-3600)))
        try require(past.isEmpty, "lastUpdatedBefore an hour ago returned \(past.map(\.id))")
        let future = try await repo.jobExecutions(matching: ExecutionQuery(jobName: job, lastUpdatedBefore: Date().addingTimeInterval(3600)))
        try require(future.map(\.id) == newestFirst, "lastUpdatedBefore in an hour returned \(future.map(\.id))")
        let staleRunning = try await repo.jobExecutions(matching: ExecutionQuery(
            jobName: job, statuses: [.starting, .started, .stopping], lastUpdatedBefore: Date().addingTimeInterval(3600)))
        try require(staleRunning.map(\.id) == [ids[4], ids[3], ids[2]], "running with an old heartbeat: \(staleRunning.map(\.id))")
        let third = try await f.read(ids[2])
        let cutoff = third.lastUpdated ?? third.createTime
        let beforeCutoff = try await repo.jobExecutions(matching: ExecutionQuery(jobName: job, lastUpdatedBefore: cutoff))
        try require(beforeCutoff.map(\.id) == [ids[1], ids[0]],
            "lastUpdatedBefore the third execution's heartbeat returned \(beforeCutoff.map(\.id)), expected \([ids[1], ids[0]]) (strictly before)")
        let fourth = try await f.read(ids[3])
        let staleRunning3 = try await repo.jobExecutions(matching: ExecutionQuery(
            jobName: job, statuses: [.starting, .started, .stopping], lastUpdatedBefore: fourth.lastUpdated ?? fourth.createTime))
        try require(staleRunning3.map(\.id) == [ids[2]], "running executions with a heartbeat before the fourth's: \(staleRunning3.map(\.id))")

        let unknown = try await repo.jobExecution(id: unknownId)
        try require(unknown == nil, "jobExecution(id:) of an unknown id returned \(String(describing: unknown))")
        let instanceExecutions = try await repo.jobExecutions(instanceId: unknownId)
        try require(instanceExecutions.isEmpty, "executions of an unknown instance: \(instanceExecutions.map(\.id))")
    }

    static func instanceQueries(_ repo: any JobRepository) async throws {
        let f = Fixture(repo, "instances")
        let jobB = f.job("b")
        let jobA = f.job("a")
        var instanceIds: [Int] = []
        for n in 0..<4 { instanceIds.append(try await f.launch(jobB, params("\(n)")).instanceId) }
        let a = try await f.launch(jobA, params("0"))

        let names = try await repo.jobNames()
        try require(names == names.sorted(), "jobNames are not sorted: \(names)")
        try require(Set(names).count == names.count, "jobNames has duplicates: \(names)")
        let mine = names.filter { $0.hasPrefix(f.prefix) }
        try require(mine == [jobA, jobB], "jobNames of this case: \(mine), expected \([jobA, jobB])")

        let instances = try await repo.jobInstances(jobName: jobB, offset: 0, limit: 100)
        try require(instances.map(\.id) == instanceIds.reversed(), "instances \(instances.map(\.id)), expected newest first \(Array(instanceIds.reversed()))")
        try require(instances.allSatisfy { $0.jobName == jobB }, "jobInstances returned another job's instance")
        let page = try await repo.jobInstances(jobName: jobB, offset: 1, limit: 2)
        try require(page.map(\.id) == [instanceIds[2], instanceIds[1]], "instance page offset 1 limit 2: \(page.map(\.id))")
        let beyond = try await repo.jobInstances(jobName: jobB, offset: 4, limit: 10)
        try require(beyond.isEmpty, "an instance page past the end returned \(beyond.map(\.id))")
        let aInstances = try await repo.jobInstances(jobName: jobA, offset: 0, limit: 10)
        try require(aInstances.map(\.id) == [a.instanceId], "instances of \(jobA): \(aInstances.map(\.id))")
        let none = try await repo.jobInstances(jobName: f.job("none"), offset: 0, limit: 10)
        try require(none.isEmpty, "instances of a job that never ran: \(none.map(\.id))")
        let unknown = try await repo.jobInstance(id: unknownId)
        try require(unknown == nil, "jobInstance(id:) of an unknown id returned \(String(describing: unknown))")
        let unknownKey = try await repo.jobInstance(jobName: jobB, key: String(repeating: "0", count: 64))
        try require(unknownKey == nil, "jobInstance(jobName:key:) of an unknown key returned \(String(describing: unknownKey))")

        // Executions of one instance, newest first.
        let first = try await f.launch(jobA, params("restarted"))
        try await f.finish(first.id, .failed)
        let second = try await f.launch(jobA, params("restarted"))
        try await f.finish(second.id, .stopped)
        let third = try await f.launch(jobA, params("restarted"))
        let executions = try await repo.jobExecutions(instanceId: first.instanceId)
        try require(executions.map(\.id) == [third.id, second.id, first.id], "executions of an instance: \(executions.map(\.id)), expected newest first")
    }

    static func purge(_ repo: any JobRepository) async throws {
        let f = Fixture(repo, "purge")
        let job = f.job()
        // Times long before any other case's, so purging does not touch their executions.
        let base = 1_000_000_000.0
        let cutoff = time(base + 86_400)
        let old = time(base)
        let recent = time(base + 10 * 86_400)

        // Instance A: both executions ended long ago → both purged, and the instance with them.
        let a1 = try await f.launch(job, params("a"))
        let a1Steps = [try await f.step(a1.id, "load"), try await f.step(a1.id, "report")]
        try await f.finish(a1.id, .failed, endTime: old)
        let a2 = try await f.launch(job, params("a"))
        try await f.finish(a2.id, .completed, endTime: time(base + 3600))
        // Instance B: an old failed execution (purged) and a running restart (kept, with its instance).
        let b1 = try await f.launch(job, params("b"))
        let b1Step = try await f.step(b1.id, "load")
        try await f.finish(b1.id, .failed, endTime: old)
        let b2 = try await f.launch(job, params("b"))
        let b2Step = try await f.step(b2.id, "load")
        try await f.update(b2.id) { $0.status = .started }
        // C ended after the cutoff; D is running (with a stray old end time); E has no end time;
        // F ended exactly at the cutoff (not before it).
        let c1 = try await f.launch(job, params("c"))
        try await f.finish(c1.id, .completed, endTime: recent)
        let d1 = try await f.launch(job, params("d"))
        try await f.update(d1.id) { e in
            e.status = .stopping
            e.endTime = old
        }
        let e1 = try await f.launch(job, params("e"))
        try await f.update(e1.id) { $0.status = .failed }
        let f1 = try await f.launch(job, params("f"))
        try await f.finish(f1.id, .abandoned, endTime: cutoff)

        let deleted = try await repo.purge(endedBefore: cutoff)
        try require(deleted == 3, "purge deleted \(deleted) executions, expected 3")
        for id in [a1.id, a2.id, b1.id] {
            let gone = try await repo.jobExecution(id: id)
            try require(gone == nil, "purged execution \(id) is still there")
            let steps = try await repo.stepExecutions(jobExecutionId: id)
            try require(steps.isEmpty, "purged execution \(id) still has \(steps.count) steps")
        }
        for step in a1Steps + [b1Step] {
            let gone = try await repo.stepExecution(id: step.id)
            try require(gone == nil, "step execution \(step.id) of a purged execution is still there")
        }
        for e in [b2, c1, d1, e1, f1] {
            _ = try await f.read(e.id)
        }
        let kept = try await f.readStep(b2Step.id)
        try require(kept.jobExecutionId == b2.id, "a running execution's step changed")
        let b2Steps = try await repo.stepExecutions(jobExecutionId: b2.id)
        try require(b2Steps.map(\.id) == [b2Step.id], "a running execution's steps: \(b2Steps.map(\.id))")

        let instanceA = try await repo.jobInstance(id: a1.instanceId)
        try require(instanceA == nil, "an instance without executions was kept")
        let keyA = LaunchRequest(jobName: job, parameters: params("a")).instanceKey
        let byKeyA = try await repo.jobInstance(jobName: job, key: keyA)
        try require(byKeyA == nil, "the purged instance is still found by key")
        for e in [b2, c1, d1, e1, f1] {
            let instance = try await repo.jobInstance(id: e.instanceId)
            try require(instance != nil, "instance \(e.instanceId) with a remaining execution was deleted")
        }
        let bExecutions = try await repo.jobExecutions(instanceId: b2.instanceId)
        try require(bExecutions.map(\.id) == [b2.id], "instance B's executions after purge: \(bExecutions.map(\.id))")
        let instances = try await repo.jobInstances(jobName: job, offset: 0, limit: 100)
        try require(instances.count == 5, "\(instances.count) instances left, expected 5")

        let again = try await repo.purge(endedBefore: cutoff)
        try require(again == 0, "a second purge deleted \(again) executions")
        let relaunched = try await f.launch(job, params("a"))
        try require(relaunched.executionContext.isEmpty, "a relaunch after purge inherited a context")
    }
}
