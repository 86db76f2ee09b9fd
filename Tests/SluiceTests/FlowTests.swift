@testable import Sluice
import SluiceTestSupport
import Synchronization
import Testing

// MARK: - Helpers (nested, so that they shadow any module-level names)

extension FlowTests {

    /// A thread-safe list of what ran, in order.
    final class RunLog: Sendable {
        private let entries = Mutex<[String]>([])
        func append(_ entry: String) { entries.withLock { $0.append(entry) } }
        var all: [String] { entries.withLock { $0 } }
        func count(_ entry: String) -> Int { all.filter { $0 == entry }.count }
    }

    struct Boom: Error, CustomStringConvertible {
        var description: String { "boom" }
    }

    /// A tasklet step that logs its name, then runs `body` (default: finish with COMPLETED).
    func step(
        _ name: String, _ log: RunLog,
        _ body: @escaping @Sendable (inout TaskletContext) async throws -> RepeatStatus = { _ in .finished }
    ) -> TaskletStep {
        TaskletStep(name) { ctx in
            log.append(name)
            return try await body(&ctx)
        }
    }

    /// A tasklet step that always fails.
    func failing(_ name: String, _ log: RunLog) -> TaskletStep {
        step(name, log) { _ in throw Boom() }
    }

    /// A tasklet step that finishes with a custom exit status.
    func exiting(_ name: String, _ code: String, _ log: RunLog) -> TaskletStep {
        step(name, log) { ctx in
            ctx.exitStatus = Sluice.ExitStatus(code)
            return .finished
        }
    }

    /// A tasklet step that fails the first time and completes afterwards.
    func failingOnce(_ name: String, _ log: RunLog, _ faults: FaultInjector) -> TaskletStep {
        faults.arm(name)
        return step(name, log) { _ in
            try faults.check(name, Boom())
            return .finished
        }
    }

    func makeOperator() -> (JobOperator, InMemoryJobRepository) {
        let repository = InMemoryJobRepository()
        return (JobOperator(repository: repository, configuration: .quiet), repository)
    }

    func stepNames(_ repository: InMemoryJobRepository, _ execution: JobExecution) async throws -> [String] {
        try await repository.stepExecutions(jobExecutionId: execution.id).map(\.stepName)
    }

    func problems(_ make: () throws -> Job) -> [String] {
        do {
            _ = try make()
            return []
        } catch let error as JobDefinitionError {
            return error.problems
        } catch {
            return ["unexpected error \(error)"]
        }
    }
}

// MARK: - Tests

@Suite struct FlowTests {

    // MARK: Default transitions

    @Test func sequentialStepsRunInOrder() async throws {
        let log = RunLog()
        let job = try Job("seq", steps: [step("a", log), step("b", log), step("c", log)])
        let (op, repository) = makeOperator()
        let e = try await op.start(job)
        #expect(e.status == .completed)
        #expect(e.exitStatus.code == "COMPLETED")
        #expect(log.all == ["a", "b", "c"])
        let steps = try await repository.stepExecutions(jobExecutionId: e.id)
        #expect(steps.map(\.stepName) == ["a", "b", "c"])
        #expect(steps.allSatisfy { $0.status == .completed && $0.exitStatus.code == "COMPLETED" })
    }

    @Test func failedStepWithoutTransitionsFailsTheJob() async throws {
        let log = RunLog()
        let job = try Job("fail-default", steps: [step("a", log), failing("b", log), step("c", log)])
        let (op, repository) = makeOperator()
        let e = try await op.start(job)
        #expect(e.status == .failed)
        #expect(e.exitStatus.code == "FAILED")
        #expect(log.all == ["a", "b"])
        let steps = try await repository.stepExecutions(jobExecutionId: e.id)
        #expect(steps.map(\.stepName) == ["a", "b"])
        #expect(steps.last?.status == .failed)
    }

    @Test func lastStepExitStatusIsTheJobs() async throws {
        let log = RunLog()
        let job = try Job("last-exit", steps: [step("a", log), exiting("b", "DONE WITH WARNINGS", log)])
        let (op, _) = makeOperator()
        let e = try await op.start(job)
        #expect(e.status == .completed)
        #expect(e.exitStatus.code == "DONE WITH WARNINGS")
    }

    @Test func completedStepWithCustomExitStatusAndNoTransitionsContinues() async throws {
        // "an element that COMPLETED continues with the next one" (Flow): the batch status decides.
        let log = RunLog()
        let job = try Job("custom-continue", steps: [exiting("a", "COMPLETED WITH SKIPS", log), step("b", log)])
        let (op, _) = makeOperator()
        let e = try await op.start(job)
        #expect(e.status == .completed)
        #expect(e.exitStatus.code == "COMPLETED")
        #expect(log.all == ["a", "b"])
    }

    // MARK: Transition actions

    @Test func toTransitionJumps() async throws {
        let log = RunLog()
        let job = try Job("to", flow: Flow([
            .step(step("a", log), transitions: [.on("COMPLETED", .to("c")), .on("FAILED", .to("b"))]),
            .step(step("b", log)),
            .step(step("c", log)),
        ]))
        let (op, repository) = makeOperator()
        let e = try await op.start(job)
        #expect(e.status == .completed)
        #expect(log.all == ["a", "c"])
        #expect(try await stepNames(repository, e) == ["a", "c"])
    }

    @Test func toTransitionOnFailureRecovers() async throws {
        let log = RunLog()
        let job = try Job("to-recover", flow: Flow([
            .step(failing("a", log), transitions: [.on("FAILED", .to("cleanup")), .on("*", .to("c"))]),
            .step(step("cleanup", log), transitions: [.on("*", .end())]),
            .step(step("c", log)),
        ]))
        let (op, repository) = makeOperator()
        let e = try await op.start(job)
        #expect(e.status == .completed)
        #expect(e.exitStatus.code == "COMPLETED")
        #expect(log.all == ["a", "cleanup"])
        let steps = try await repository.stepExecutions(jobExecutionId: e.id)
        #expect(steps.map(\.status) == [.failed, .completed])
    }

    @Test(arguments: [nil, "FINISHED EARLY"] as [String?])
    func endTransitionCompletesTheJob(exitStatus: String?) async throws {
        let log = RunLog()
        let job = try Job("end", flow: Flow([
            .step(step("a", log), transitions: [.on("COMPLETED", .end(exitStatus: exitStatus)), .on("*", .to("b"))]),
            .step(step("b", log)),
        ]))
        let (op, repository) = makeOperator()
        let e = try await op.start(job)
        #expect(e.status == .completed)
        #expect(e.exitStatus.code == (exitStatus ?? "COMPLETED"))
        #expect(log.all == ["a"])
        #expect(try await stepNames(repository, e) == ["a"])
        // An instance ended by `end` is complete.
        await #expect(throws: LaunchRefused.alreadyComplete(instanceId: e.instanceId, executionId: e.id)) {
            try await op.start(job)
        }
    }

    @Test func endTransitionOnFailedStepCompletesTheJob() async throws {
        let log = RunLog()
        let job = try Job("end-on-failure", flow: Flow([
            .step(failing("a", log), transitions: [.on("FAILED", .end(exitStatus: "IGNORED")), .on("*", .to("b"))]),
            .step(step("b", log)),
        ]))
        let (op, _) = makeOperator()
        let e = try await op.start(job)
        #expect(e.status == .completed)
        #expect(e.exitStatus.code == "IGNORED")
        #expect(log.all == ["a"])
    }

    @Test(arguments: [nil, "REJECTED"] as [String?])
    func failTransitionFailsTheJob(exitStatus: String?) async throws {
        let log = RunLog()
        let job = try Job("fail", flow: Flow([
            .step(exiting("a", "BAD", log), transitions: [.on("BAD", .fail(exitStatus: exitStatus)), .on("*", .to("b"))]),
            .step(step("b", log)),
        ]))
        let (op, repository) = makeOperator()
        let e = try await op.start(job)
        #expect(e.status == .failed)
        #expect(e.exitStatus.code == (exitStatus ?? "FAILED"))
        #expect(log.all == ["a"])
        // The step itself COMPLETED; the transition failed the job.
        let steps = try await repository.stepExecutions(jobExecutionId: e.id)
        #expect(steps.map(\.status) == [.completed])
        #expect(steps.first?.exitStatus.code == "BAD")
    }

    @Test func recordedExitStatusOfACompletedStepDrivesTheFlowOnRestart() async throws {
        // a completes with LEFT in run 1 and is not run again; its recorded LEFT still routes.
        let log = RunLog()
        let faults = FaultInjector()
        let calls = SharedCounter()
        let a = step("a", log) { ctx in
            ctx.exitStatus = Sluice.ExitStatus(calls.next() == 1 ? "LEFT" : "RIGHT")
            return .finished
        }
        let job = try Job("recorded-exit", flow: Flow([
            .step(a, transitions: [.on("LEFT", .to("left")), .on("RIGHT", .to("right"))]),
            .step(failingOnce("left", log, faults), transitions: [.on("COMPLETED", .end())]),
            .step(step("right", log)),
        ]))
        let (op, repository) = makeOperator()
        let first = try await op.start(job)
        #expect(first.status == .failed)
        let second = try await op.start(job)
        #expect(second.status == .completed)
        #expect(log.all == ["a", "left", "left"])
        #expect(try await stepNames(repository, second) == ["left"])
    }

    // MARK: Stop

    @Test func stopTransitionWithRestartElementRerunsItEvenThoughItCompleted() async throws {
        let log = RunLog()
        let decisions = SharedCounter()
        let job = try Job("stop-restart", flow: Flow([
            .step(step("prep", log)),
            .decision("gate", ClosureDecider { _ in decisions.next() == 1 ? "WAIT" : "GO" },
                      transitions: [.on("WAIT", .stop(restart: "prep")), .on("GO", .to("load"))]),
            .step(step("load", log)),
        ]))
        let (op, repository) = makeOperator()
        let first = try await op.start(job)
        #expect(first.status == .stopped)
        #expect(first.exitStatus.code == "STOPPED")
        #expect(log.all == ["prep"])
        #expect(try await repository.stepExecutions(jobExecutionId: first.id).map(\.status) == [.completed])

        let second = try await op.start(job)
        #expect(second.status == .completed)
        #expect(second.instanceId == first.instanceId)
        #expect(log.all == ["prep", "prep", "load"])
        #expect(try await stepNames(repository, second) == ["prep", "load"])
        #expect(decisions.count == 2)
    }

    @Test func stopTransitionWithoutRestartElementRerunsTheSameStep() async throws {
        let log = RunLog()
        let runs = SharedCounter()
        let b = step("b", log) { ctx in
            if runs.next() > 1 { ctx.exitStatus = Sluice.ExitStatus("AGAIN") }
            return .finished
        }
        let job = try Job("stop-same", flow: Flow([
            .step(step("a", log)),
            .step(b, transitions: [.on("COMPLETED", .stop()), .on("AGAIN", .to("c"))]),
            .step(step("c", log)),
        ]))
        let (op, repository) = makeOperator()
        let first = try await op.start(job)
        #expect(first.status == .stopped)
        #expect(log.all == ["a", "b"])
        let second = try await op.start(job)
        #expect(second.status == .completed)
        #expect(log.all == ["a", "b", "b", "c"])
        #expect(try await stepNames(repository, second) == ["b", "c"])
    }

    @Test func stopTransitionWithoutRestartElementAtADecisionDecidesAgain() async throws {
        let log = RunLog()
        let decisions = SharedCounter()
        let job = try Job("stop-decision", flow: Flow([
            .step(step("prep", log)),
            .decision("gate", ClosureDecider { _ in decisions.next() == 1 ? "WAIT" : "GO" },
                      transitions: [.on("WAIT", .stop()), .on("GO", .to("load"))]),
            .step(step("load", log)),
        ]))
        let (op, repository) = makeOperator()
        let first = try await op.start(job)
        #expect(first.status == .stopped)
        let second = try await op.start(job)
        #expect(second.status == .completed)
        #expect(decisions.count == 2)
        #expect(log.all == ["prep", "load"])
        #expect(try await stepNames(repository, second) == ["load"])
    }

    @Test func stopTransitionRestartingAtASplitRunsItsFlowsAgain() async throws {
        // Spec: "the next run of this instance begins at ID, and ID runs even if it completed before".
        let log = RunLog()
        let decisions = SharedCounter()
        let job = try Job("stop-split", flow: Flow([
            .step(step("before", log)),
            .split("par", flows: [Flow([.step(step("a", log))]), Flow([.step(step("b", log))])]),
            .decision("check", ClosureDecider { _ in decisions.next() == 1 ? "AGAIN" : "DONE" },
                      transitions: [.on("AGAIN", .stop(restart: "par")), .on("DONE", .end())]),
        ]))
        let (op, repository) = makeOperator()
        let first = try await op.start(job)
        #expect(first.status == .stopped)
        let second = try await op.start(job)
        #expect(second.status == .completed)
        #expect(log.count("before") == 1)
        #expect(log.count("a") == 2)
        #expect(log.count("b") == 2)
        #expect(Set(try await stepNames(repository, second)) == ["a", "b"])
    }

    @Test func stopTransitionWithExitStatus() async throws {
        let log = RunLog()
        let job = try Job("stop-exit", flow: Flow([
            .step(exiting("a", "HOLD", log), transitions: [.on("HOLD", .stop(exitStatus: "PAUSED")), .on("*", .to("b"))]),
            .step(step("b", log)),
        ]))
        let (op, _) = makeOperator()
        let e = try await op.start(job)
        #expect(e.status == .stopped)
        #expect(e.exitStatus.code == "PAUSED")
        #expect(e.status.isRestartable)
    }

    @Test func decisionRestartedAtAfterStopStillSeesStepsCompletedEarlier() async throws {
        // DecisionContext.steps: "the latest execution of each step of the job instance by name
        // (this execution's, or the recorded one of a step completed earlier)".
        let log = RunLog()
        let decisions = SharedCounter()
        let count = step("count", log) { ctx in
            ctx.counters.readCount = 7
            return .finished
        }
        let job = try Job("stop-decision-context", flow: Flow([
            .step(count),
            .decision("route", ClosureDecider { ctx in
                if decisions.next() == 1 { return "WAIT" }
                return ctx.steps["count"]?.counters.readCount == 7 ? "GO" : "MISSING"
            }, transitions: [.on("WAIT", .stop()), .on("GO", .to("load")), .on("MISSING", .fail(exitStatus: "MISSING"))]),
            .step(step("load", log)),
        ]))
        let (op, _) = makeOperator()
        let first = try await op.start(job)
        #expect(first.status == .stopped)
        let second = try await op.start(job)
        #expect(second.exitStatus.code != "MISSING", "the decision no longer sees step 'count' after restarting at it")
        #expect(second.status == .completed)
        #expect(log.all == ["count", "load"])
    }

    // MARK: Pattern matching

    @Test(arguments: [
        ("*", "COMPLETED", true), ("*", "", true), ("COMPLETED", "COMPLETED", true), ("COMPLETED", "COMPLETE", false),
        ("COMPLETED", "COMPLETEDX", false), ("COMPLETED*", "COMPLETED", true), ("COMPLETED*", "COMPLETED WITH SKIPS", true),
        ("C*D", "COMPLETED", true), ("C*D", "COMPLETEDX", false), ("*SKIPS", "COMPLETED WITH SKIPS", true),
        ("FAILE?", "FAILED", true), ("FAILE?", "FAILE", false), ("FAILE?", "FAILEDX", false), ("?", "", false),
        ("??", "AB", true), ("C?MP*", "COMPLETED", true), ("*E*E*", "COMPLETED", true), ("*X*", "COMPLETED", false),
        ("a*b?c", "aXXbYc", true), ("a*b?c", "abc", false),
    ] as [(pattern: String, code: String, matches: Bool)])
    func patternMatching(_ c: (pattern: String, code: String, matches: Bool)) {
        #expect(Transition.on(c.pattern, .end()).matches(c.code) == c.matches)
    }

    @Test func bestTransitionExactBeatsWildcards() {
        let ts: [Transition] = [.on("*", .to("star")), .on("COMPLETED*", .to("prefix")), .on("C?MPLETED", .to("question")),
                                .on("COMPLETED", .to("exact"))]
        #expect(Transition.best(in: ts, for: "COMPLETED")?.action == .to("exact"))
    }

    @Test func bestTransitionMoreLiteralsWins() {
        let ts: [Transition] = [.on("*", .to("star")), .on("C*", .to("c")), .on("COMP*", .to("comp")), .on("CO*", .to("co"))]
        #expect(Transition.best(in: ts, for: "COMPLETED")?.action == .to("comp"))
        // `?` is not a literal either.
        let q: [Transition] = [.on("COMPLETE?", .to("q")), .on("COMPLETED*", .to("star"))]
        #expect(Transition.best(in: q, for: "COMPLETED")?.action == .to("star"))
    }

    @Test func bestTransitionFewerStarsWinsAmongEqualLiterals() {
        // Both have 3 literals; "CO*D" has one star, "C*E*D" two.
        let ts: [Transition] = [.on("C*E*D", .to("two")), .on("CO*D", .to("one"))]
        #expect(Transition.best(in: ts, for: "COMPLETED")?.action == .to("one"))
        // 8 literals each; `?` is not a star.
        let q: [Transition] = [.on("COMPLETE*", .to("star")), .on("C?MPLETED", .to("question"))]
        #expect(Transition.best(in: q, for: "COMPLETED")?.action == .to("question"))
    }

    @Test func bestTransitionTieGoesToFirstListed() {
        let ab: [Transition] = [.on("A*", .to("first")), .on("*A", .to("second"))]
        #expect(Transition.best(in: ab, for: "AXA")?.action == .to("first"))
        let ba: [Transition] = [.on("*A", .to("first")), .on("A*", .to("second"))]
        #expect(Transition.best(in: ba, for: "AXA")?.action == .to("first"))
        let same: [Transition] = [.on("*", .to("first")), .on("*", .to("second"))]
        #expect(Transition.best(in: same, for: "X")?.action == .to("first"))
    }

    @Test func bestTransitionNoMatch() {
        let ts: [Transition] = [.on("COMPLETED", .to("a")), .on("F*", .to("b"))]
        #expect(Transition.best(in: ts, for: "STOPPED") == nil)
        #expect(Transition.best(in: [], for: "COMPLETED") == nil)
    }

    struct PatternCase: Sendable, CustomStringConvertible {
        var name: String
        var code: String
        var transitions: [Transition]
        var expected: [String]
        var description: String { name }
    }

    static let patternCases: [PatternCase] = [
        PatternCase(name: "exact listed last beats wildcards", code: "COMPLETED WITH SKIPS",
                    transitions: [.on("*", .to("x")), .on("COMPLETED*", .to("y")), .on("COMPLETED WITH SKIPS", .to("z"))],
                    expected: ["a", "z"]),
        PatternCase(name: "more literals", code: "COMPLETED WITH SKIPS",
                    transitions: [.on("*", .to("x")), .on("*SKIPS", .to("y")), .on("COMPLETED*", .to("z"))],
                    expected: ["a", "z"]),
        PatternCase(name: "fewer stars", code: "COMPLETED WITH SKIPS",
                    transitions: [.on("C*W*S", .to("x")), .on("CO*S", .to("y"))],
                    expected: ["a", "y"]),
        PatternCase(name: "tie goes to first", code: "AXA",
                    transitions: [.on("*A", .to("y")), .on("A*", .to("x"))],
                    expected: ["a", "y"]),
        PatternCase(name: "question mark", code: "RC7",
                    transitions: [.on("RC?", .to("x")), .on("RC*", .to("y"))],
                    expected: ["a", "x"]),
    ]

    @Test(arguments: patternCases)
    func mostSpecificTransitionWinsInAJob(_ c: PatternCase) async throws {
        let log = RunLog()
        let end: [Transition] = [.on("*", .end())]
        let job = try Job("pattern", flow: Flow([
            // The UNUSED-* transitions never match; they only keep x, y and z reachable.
            .step(exiting("a", c.code, log), transitions: c.transitions + [
                .on("UNUSED-X", .to("x")), .on("UNUSED-Y", .to("y")), .on("UNUSED-Z", .to("z")),
            ]),
            .step(step("x", log), transitions: end),
            .step(step("y", log), transitions: end),
            .step(step("z", log), transitions: end),
        ]))
        let (op, _) = makeOperator()
        let e = try await op.start(job)
        #expect(e.status == .completed)
        #expect(log.all == c.expected)
    }

    @Test func unmatchedExitStatusFailsTheJob() async throws {
        let log = RunLog()
        let job = try Job("unmatched", flow: Flow([
            .step(exiting("a", "WEIRD", log), transitions: [.on("COMPLETED", .to("b")), .on("FAIL*", .to("b"))]),
            .step(step("b", log)),
        ]))
        let (op, _) = makeOperator()
        let e = try await op.start(job)
        #expect(e.status == .failed)
        #expect(log.all == ["a"])
    }

    @Test func unmatchedCompletedFailsTheJob() async throws {
        let log = RunLog()
        let job = try Job("unmatched-completed", flow: Flow([
            .step(step("a", log), transitions: [.on("FAILED", .to("b"))]),
            .step(step("b", log)),
        ]))
        let (op, _) = makeOperator()
        let e = try await op.start(job)
        #expect(e.status == .failed)
        #expect(e.exitStatus.code == "FAILED")
        #expect(log.all == ["a"])
    }

    // MARK: Custom exit statuses

    @Test func taskletExitStatusDrivesTransitions() async throws {
        let log = RunLog()
        let job = try Job("tasklet-exit", flow: Flow([
            .step(exiting("a", "SKIP-B", log), transitions: [.on("COMPLETED", .to("b")), .on("SKIP-B", .to("c"))]),
            .step(step("b", log)),
            .step(step("c", log)),
        ]))
        let (op, repository) = makeOperator()
        let e = try await op.start(job)
        #expect(e.status == .completed)
        #expect(log.all == ["a", "c"])
        let steps = try await repository.stepExecutions(jobExecutionId: e.id)
        #expect(steps.first?.exitStatus.code == "SKIP-B")
        #expect(steps.first?.status == .completed)
    }

    private struct ExitOverride: StepExecutionListener {
        let code: String
        let seen: RunLog
        func afterStep(_ execution: StepExecution) async -> Sluice.ExitStatus? {
            seen.append("\(execution.stepName):\(execution.status):\(execution.exitStatus.code)")
            return Sluice.ExitStatus(code)
        }
    }

    @Test func stepListenerExitStatusDrivesTransitions() async throws {
        let log = RunLog()
        let seen = RunLog()
        let a = step("a", log).listener(ExitOverride(code: "FROM-LISTENER", seen: seen))
        let job = try Job("listener-exit", flow: Flow([
            .step(a, transitions: [.on("COMPLETED", .to("b")), .on("FROM-LISTENER", .to("c"))]),
            .step(step("b", log)),
            .step(step("c", log)),
        ]))
        let (op, repository) = makeOperator()
        let e = try await op.start(job)
        #expect(e.status == .completed)
        #expect(log.all == ["a", "c"])
        #expect(seen.all == ["a:COMPLETED:COMPLETED"])
        let steps = try await repository.stepExecutions(jobExecutionId: e.id)
        #expect(steps.first?.exitStatus.code == "FROM-LISTENER")
    }

    // MARK: Decisions

    @Test(arguments: [(7, "big"), (3, "small")])
    func decisionSeesStepCounters(readCount: Int, expected: String) async throws {
        let log = RunLog()
        let seenLast = RunLog()
        let count = step("count", log) { ctx in
            ctx.counters.readCount = readCount
            return .finished
        }
        let decider = ClosureDecider { ctx in
            seenLast.append(ctx.lastStep?.stepName ?? "nil")
            guard let n = ctx.steps["count"]?.counters.readCount else { return "UNKNOWN" }
            return n > 5 ? "BIG" : "SMALL"
        }
        let job = try Job("decide-counters", flow: Flow([
            .step(count),
            .decision("route", decider, transitions: [.on("BIG", .to("big")), .on("SMALL", .to("small"))]),
            .step(step("big", log), transitions: [.on("*", .end())]),
            .step(step("small", log)),
        ]))
        let (op, _) = makeOperator()
        let e = try await op.start(job)
        #expect(e.status == .completed)
        #expect(log.all == ["count", expected])
        #expect(seenLast.all == ["count"])
    }

    @Test(arguments: ["fast", "slow"])
    func decisionSeesJobParameters(mode: String) async throws {
        let log = RunLog()
        let decider = ClosureDecider { ctx in ctx.jobParameters.string("mode")?.uppercased() ?? "NONE" }
        let job = try Job("decide-params", flow: Flow([
            .decision("route", decider, transitions: [.on("FAST", .to("fast")), .on("SLOW", .to("slow"))]),
            .step(step("fast", log), transitions: [.on("*", .end())]),
            .step(step("slow", log)),
        ]))
        let (op, _) = makeOperator()
        let e = try await op.start(job, parameters: ["mode": JobParameter(.string(mode))])
        #expect(e.status == .completed)
        #expect(log.all == [mode])
    }

    @Test func decisionCanEndAndFail() async throws {
        let log = RunLog()
        let job = try Job("decide-end", flow: Flow([
            .decision("route", ClosureDecider { ctx in ctx.jobParameters.string("what") ?? "" },
                      transitions: [.on("DONE", .end(exitStatus: "NOTHING TO DO")), .on("BAD", .fail(exitStatus: "BAD INPUT")),
                                    .on("*", .to("work"))]),
            .step(step("work", log)),
        ]))
        let (op, _) = makeOperator()
        let done = try await op.start(job, parameters: ["what": JobParameter(.string("DONE"))])
        #expect(done.status == .completed)
        #expect(done.exitStatus.code == "NOTHING TO DO")
        let bad = try await op.start(job, parameters: ["what": JobParameter(.string("BAD"))])
        #expect(bad.status == .failed)
        #expect(bad.exitStatus.code == "BAD INPUT")
        let other = try await op.start(job, parameters: ["what": JobParameter(.string("GO"))])
        #expect(other.status == .completed)
        #expect(log.all == ["work"])
    }

    @Test func decisionDecidesAgainOnRestart() async throws {
        let log = RunLog()
        let decisions = SharedCounter()
        let sawPrep = RunLog()
        let decider = ClosureDecider { ctx in
            sawPrep.append(ctx.steps["prep"] == nil ? "no" : "yes")
            return decisions.next() == 1 ? "LEFT" : "RIGHT"
        }
        let job = try Job("decide-restart", flow: Flow([
            .step(step("prep", log)),
            .decision("route", decider, transitions: [.on("LEFT", .to("left")), .on("RIGHT", .to("right"))]),
            .step(failing("left", log), transitions: [.on("COMPLETED", .end())]),
            .step(step("right", log)),
        ]))
        let (op, repository) = makeOperator()
        let first = try await op.start(job)
        #expect(first.status == .failed)
        let second = try await op.start(job)
        #expect(second.status == .completed)
        #expect(decisions.count == 2)
        #expect(sawPrep.all == ["yes", "yes"])
        #expect(log.all == ["prep", "left", "right"])
        #expect(try await stepNames(repository, second) == ["right"])
    }

    // MARK: Splits

    private func probeStep(_ name: String, _ probe: ConcurrencyProbe, _ log: RunLog) -> TaskletStep {
        step(name, log) { _ in
            await probe.enter()
            for _ in 0..<5 { await Task.yield() }
            await probe.leave()
            return .finished
        }
    }

    @Test(.timeLimit(.minutes(1)), arguments: [(5, 2), (6, 3), (3, 1), (4, 4)])
    func splitRunsFlowsInParallelWithinThreadBound(flows: Int, threads: Int) async throws {
        let log = RunLog()
        let probe = ConcurrencyProbe(bound: threads, total: flows)
        let split = FlowElement.split("split", flows: (0..<flows).map { i in Flow([.step(probeStep("s\(i)", probe, log))]) },
                                      threads: threads)
        let job = try Job("split-bound", flow: Flow([split, .step(step("after", log))]))
        let (op, repository) = makeOperator()
        let e = try await op.start(job)
        #expect(e.status == .completed)
        #expect(await probe.maxSeen == threads)
        #expect(Set(log.all) == Set((0..<flows).map { "s\($0)" } + ["after"]))
        #expect(log.all.last == "after")
        #expect(try await repository.stepExecutions(jobExecutionId: e.id).count == flows + 1)
    }

    @Test(.timeLimit(.minutes(1)))
    func splitWithoutThreadsRunsAllFlowsAtOnce() async throws {
        let log = RunLog()
        let probe = ConcurrencyProbe(bound: 4, total: 4)
        let split = FlowElement.split("split", flows: (0..<4).map { i in Flow([.step(probeStep("s\(i)", probe, log))]) })
        let job = try Job("split-all", flow: Flow([split]))
        let (op, _) = makeOperator()
        let e = try await op.start(job)
        #expect(e.status == .completed)
        #expect(await probe.maxSeen == 4)
    }

    @Test func splitCompletesWhenAllFlowsComplete() async throws {
        let log = RunLog()
        let split = FlowElement.split("split", flows: [
            Flow([.step(step("a1", log)), .step(step("a2", log))]),
            Flow([.step(step("b1", log))]),
        ], transitions: [.on("COMPLETED", .to("ok")), .on("*", .to("ko"))])
        let job = try Job("split-ok", flow: Flow([split, .step(step("ok", log), transitions: [.on("*", .end())]), .step(step("ko", log))]))
        let (op, _) = makeOperator()
        let e = try await op.start(job)
        #expect(e.status == .completed)
        #expect(log.all.last == "ok")
        #expect(!log.all.contains("ko"))
        #expect(log.all.firstIndex(of: "a1")! < log.all.firstIndex(of: "a2")!)
    }

    /// A split whose second flow fails (F1) only after its third flow failed (F2): list order, not
    /// completion order, must decide the split's status.
    private func lateFirstFailureSplit(_ names: [String], _ log: RunLog, transitions: [Transition] = []) -> FlowElement {
        let thirdDone = Latch()
        let second = step(names[1], log) { _ in
            await thirdDone.wait()
            return .finished
        }
        let third = step(names[2], log) { _ in
            thirdDone.open()
            return .finished
        }
        return FlowElement.split("split", flows: [
            Flow([.step(step(names[0], log))]),
            Flow([.step(second, transitions: [.on("*", .fail(exitStatus: "F1"))])]),
            Flow([.step(third, transitions: [.on("*", .fail(exitStatus: "F2"))])]),
        ], transitions: transitions)
    }

    @Test func splitStatusIsTheFirstFlowInListOrderThatDidNotComplete() async throws {
        // Flow 2 fails first (flow 1 waits for it), but flow 1 is first in list order.
        let log = RunLog()
        let split = lateFirstFailureSplit(["ok", "x1", "x2"], log)
        let job = try Job("split-status", flow: Flow([split, .step(step("after", log))]))
        let (op, _) = makeOperator()
        let e = try await op.start(job)
        #expect(e.status == .failed)
        #expect(e.exitStatus.code == "F1")
        #expect(!log.all.contains("after"))

        // The same through the split's own transitions.
        let log2 = RunLog()
        let split2 = lateFirstFailureSplit(["ok2", "y1", "y2"], log2,
                                           transitions: [.on("F1", .to("h1")), .on("F2", .to("h2")), .on("*", .fail())])
        let job2 = try Job("split-status-2", flow: Flow([
            split2, .step(step("h1", log2), transitions: [.on("*", .end())]), .step(step("h2", log2)),
        ]))
        let e2 = try await op.start(job2)
        #expect(e2.status == .completed)
        #expect(log2.all.contains("h1"))
        #expect(!log2.all.contains("h2"))
    }

    @Test func splitRestartRerunsOnlyTheFailedFlow() async throws {
        let log = RunLog()
        let faults = FaultInjector()
        let split = FlowElement.split("split", flows: [
            Flow([.step(step("a1", log)), .step(step("a2", log))]),
            Flow([.step(step("b1", log)), .step(failingOnce("b2", log, faults))]),
        ])
        let job = try Job("split-restart", flow: Flow([.step(step("before", log)), split, .step(step("after", log))]))
        let (op, repository) = makeOperator()
        let first = try await op.start(job)
        #expect(first.status == .failed)
        #expect(!log.all.contains("after"))
        let second = try await op.start(job)
        #expect(second.status == .completed)
        #expect(try await stepNames(repository, second) == ["b2", "after"])
        #expect(log.count("a1") == 1 && log.count("b1") == 1 && log.count("before") == 1 && log.count("b2") == 2)
    }

    @Test func transitionsInsideASplitFlowStayInThatFlow() async throws {
        let log = RunLog()
        let split = FlowElement.split("split", flows: [
            Flow([.step(exiting("a", "JUMP", log), transitions: [.on("JUMP", .to("c")), .on("*", .to("b"))]),
                  .step(step("b", log)), .step(step("c", log))]),
            Flow([.step(step("d", log))]),
        ])
        let job = try Job("split-local", flow: Flow([split, .step(step("e", log))]))
        let (op, _) = makeOperator()
        let e = try await op.start(job)
        #expect(e.status == .completed)
        #expect(Set(log.all) == ["a", "c", "d", "e"])
    }

    // MARK: Nested flows

    @Test func nestedFlowRunsInPlace() async throws {
        let log = RunLog()
        let job = try Job("nested", flow: Flow([
            .step(step("a", log)),
            .flow("inner", Flow([.step(step("b", log)), .step(step("c", log))])),
            .step(step("d", log)),
        ]))
        let (op, repository) = makeOperator()
        let e = try await op.start(job)
        #expect(e.status == .completed)
        #expect(log.all == ["a", "b", "c", "d"])
        #expect(try await stepNames(repository, e) == ["a", "b", "c", "d"])
    }

    @Test func nestedFlowOutcomeDrivesOuterTransitions() async throws {
        let log = RunLog()
        let job = try Job("nested-transitions", flow: Flow([
            .flow("inner", Flow([.step(failing("b", log))]), transitions: [.on("FAILED", .to("recover")), .on("*", .to("d"))]),
            .step(step("recover", log), transitions: [.on("*", .end(exitStatus: "RECOVERED"))]),
            .step(step("d", log)),
        ]))
        let (op, _) = makeOperator()
        let e = try await op.start(job)
        #expect(e.status == .completed)
        #expect(e.exitStatus.code == "RECOVERED")
        #expect(log.all == ["b", "recover"])
    }

    @Test func nestedFlowRestartResumesInsideIt() async throws {
        let log = RunLog()
        let faults = FaultInjector()
        let job = try Job("nested-restart", flow: Flow([
            .step(step("a", log)),
            .flow("inner", Flow([.step(step("b", log)), .step(failingOnce("c", log, faults)), .step(step("c2", log))])),
            .step(step("d", log)),
        ]))
        let (op, repository) = makeOperator()
        let first = try await op.start(job)
        #expect(first.status == .failed)
        #expect(log.all == ["a", "b", "c"])
        let second = try await op.start(job)
        #expect(second.status == .completed)
        #expect(try await stepNames(repository, second) == ["c", "c2", "d"])
        #expect(log.all == ["a", "b", "c", "c", "c2", "d"])
    }

    // MARK: Restart

    @Test func restartResumesAtFailedStepAndSkipsCompletedOnes() async throws {
        let log = RunLog()
        let faults = FaultInjector()
        let job = try Job("restart", steps: [step("a", log), step("b", log), failingOnce("c", log, faults), step("d", log)])
        let (op, repository) = makeOperator()
        let first = try await op.start(job)
        #expect(first.status == .failed)
        #expect(try await stepNames(repository, first) == ["a", "b", "c"])
        let second = try await op.start(job)
        #expect(second.status == .completed)
        #expect(second.instanceId == first.instanceId)
        #expect(second.id != first.id)
        let rerun = try await repository.stepExecutions(jobExecutionId: second.id)
        #expect(rerun.map(\.stepName) == ["c", "d"])
        #expect(rerun.allSatisfy { $0.status == .completed })
        #expect(log.all == ["a", "b", "c", "c", "d"])
        #expect(try await repository.stepExecutionCount(instanceId: first.instanceId, stepName: "a") == 1)
    }

    @Test func allowStartIfCompleteRerunsACompletedStep() async throws {
        let log = RunLog()
        let faults = FaultInjector()
        let job = try Job("allow-rerun", steps: [
            step("a", log).allowStartIfComplete(), step("b", log), failingOnce("c", log, faults),
        ])
        let (op, repository) = makeOperator()
        let first = try await op.start(job)
        #expect(first.status == .failed)
        let second = try await op.start(job)
        #expect(second.status == .completed)
        #expect(try await stepNames(repository, second) == ["a", "c"])
        #expect(log.all == ["a", "b", "c", "a", "c"])
    }

    // MARK: Validation

    @Test func validDefinitionHasNoProblems() {
        let log = RunLog()
        let found = problems {
            try Job("valid.job_name-1", flow: Flow([
                .step(step("a", log), transitions: [.on("COMPLETED", .to("split")), .on("*", .to("cleanup"))]),
                .split("split", flows: [
                    Flow([.step(step("x", log), transitions: [.on("*", .to("y"))]), .step(step("y", log))]),
                    Flow([.flow("nested", Flow([.step(step("z", log))]))]),
                ], threads: 2, transitions: [.on("*", .end())]),
                .step(step("cleanup", log), transitions: [.on("*", .stop(restart: "x"))]),
            ]))
        }
        #expect(found == [])
    }

    @Test func duplicateIdsAreRejected() {
        let log = RunLog()
        let found = problems { try Job("dup", steps: [step("a", log), step("b", log), step("a", log)]) }
        #expect(found.count == 1)
        #expect(found.contains { $0.contains("duplicate") && $0.contains("'a'") })
        // Also across splits and nested flows.
        let nested = problems {
            try Job("dup2", flow: Flow([
                .split("s", flows: [Flow([.step(step("x", log))]), Flow([.flow("f", Flow([.step(step("x", log))]))])]),
            ]))
        }
        #expect(nested.contains { $0.contains("duplicate") && $0.contains("'x'") })
    }

    @Test func transitionToUnknownIdIsRejected() {
        let log = RunLog()
        let found = problems {
            try Job("unknown-to", flow: Flow([.step(step("a", log), transitions: [.on("*", .to("nowhere"))])]))
        }
        #expect(found.count == 1)
        #expect(found.contains { $0.contains("nowhere") })
        let stop = problems {
            try Job("unknown-restart", flow: Flow([.step(step("a", log), transitions: [.on("*", .stop(restart: "ghost"))])]))
        }
        #expect(stop.contains { $0.contains("ghost") })
    }

    @Test func transitionFromASplitFlowToAnotherFlowIsRejected() {
        let log = RunLog()
        let found = problems {
            try Job("cross-flow", flow: Flow([
                .split("s", flows: [
                    Flow([.step(step("x", log), transitions: [.on("*", .to("y"))])]),
                    Flow([.step(step("y", log))]),
                ]),
                .step(step("after", log)),
            ]))
        }
        #expect(!found.isEmpty)
        #expect(found.contains { $0.contains("'x'") && $0.contains("'y'") })
        // Nor from inside a split to the outer flow.
        let outward = problems {
            try Job("outward", flow: Flow([
                .split("s", flows: [Flow([.step(step("x", log), transitions: [.on("*", .to("after"))])])]),
                .step(step("after", log)),
            ]))
        }
        #expect(outward.contains { $0.contains("'after'") })
    }

    @Test func unreachableElementIsRejected() {
        let log = RunLog()
        let found = problems {
            try Job("unreachable", flow: Flow([
                .step(step("a", log), transitions: [.on("*", .end())]),
                .step(step("b", log)),
            ]))
        }
        #expect(found.count == 1)
        #expect(found.contains { $0.contains("'b'") && $0.contains("unreachable") })
    }

    @Test func emptyFlowsAreRejected() {
        let log = RunLog()
        #expect(problems { try Job("empty", flow: Flow([])) }.count == 1)
        let emptySplitFlow = problems {
            try Job("empty-split", flow: Flow([.split("s", flows: [Flow([.step(step("a", log))]), Flow([])])]))
        }
        #expect(emptySplitFlow.count == 1)
        #expect(!problems { try Job("no-flows", flow: Flow([.split("s", flows: [])])) }.isEmpty)
        #expect(!problems { try Job("empty-nested", flow: Flow([.flow("n", Flow([]))])) }.isEmpty)
    }

    @Test(arguments: ["", "has space", "slash/name", "ünïcode?", "semi;colon"])
    func badJobNamesAreRejected(name: String) {
        let log = RunLog()
        let found = problems { try Job(name, steps: [step("a", log)]) }
        #expect(found.count == 1)
        #expect(found.first?.contains("job name") == true)
    }

    @Test func everyProblemIsListed() {
        let log = RunLog()
        let found = problems {
            try Job("bad name", flow: Flow([
                .step(step("a", log), transitions: [.on("COMPLETED", .to("nowhere")), .on("*", .to("split"))]),
                .step(step("orphan", log)),
                .split("split", flows: [
                    Flow([.step(step("x", log), transitions: [.on("*", .to("y"))])]),
                    Flow([.step(step("y", log))]),
                    Flow([]),
                ], transitions: [.on("*", .to("a2"))]),
                .step(step("a", log), transitions: [.on("*", .end())]),
            ]))
        }
        #expect(found.contains { $0.contains("job name") })
        #expect(found.contains { $0.contains("duplicate") && $0.contains("'a'") })
        #expect(found.contains { $0.contains("nowhere") })
        #expect(found.contains { $0.contains("'a2'") })
        #expect(found.contains { $0.contains("'y'") && $0.contains("'x'") })
        #expect(found.contains { $0.contains("orphan") && $0.contains("unreachable") })
        #expect(found.contains { $0.contains("at least one element") })
        #expect(found.count >= 7)
        let error = JobDefinitionError(problems: found)
        #expect(error.description.split(separator: "\n").count == found.count)
    }
}
