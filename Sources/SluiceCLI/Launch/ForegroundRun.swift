import Sluice

/// A job execution the tool launched and waits for in the foreground (`run`, `restart`): it shows
/// live progress, turns the first interrupt into a graceful stop and the second into an abort,
/// prints the result, and releases the job's resources and the repository once the execution
/// has ended.
struct ForegroundRun: Sendable {
    /// How the result is printed.
    struct Output: Sendable {
        /// Print the final execution as JSON on standard output.
        var json: Bool
        /// Print nothing on standard error but errors.
        var quiet: Bool
    }

    private enum Event: Sendable {
        case ended(JobExecution)
        case interrupted(Int)
    }

    let running: RunningJob
    let repository: any JobRepository
    let context: ToolContext
    let output: Output
    /// Closes the job's resources and the repository; called once the execution has ended.
    let release: @Sendable () async -> Void

    /// Waits for the execution to end and returns the exit code: the final status's (0, 1, 3), or
    /// 130 after a second interrupt, when the execution is left running for `sluice recover`
    /// (the process exits at once; in-process, resources are released when the job ends).
    func wait() async -> Int32 {
        let e = running.execution
        let live = context.console.errorIsTerminal && !output.quiet && !output.json
        let progress = live ? LiveProgress(sink: context.console.standardError) : nil
        if !output.quiet { context.console.note("\(e.jobName): execution \(e.id) started (instance \(e.instanceId))") }

        let (events, sink) = AsyncStream<Event>.makeStream()
        Task { [running] in sink.yield(.ended(await running.result())) }
        let listener = context.interrupts.map { source in
            Task { for await n in source.interrupts() { sink.yield(.interrupted(n)) } }
        }
        let poller = progress.map { p in Task { [repository] in await p.run(repository: repository, executionId: e.id) } }
        defer { listener?.cancel() }

        for await event in events {
            switch event {
            case .interrupted(1):
                running.stop()
                say("interrupt: stopping execution \(e.id) at the next chunk boundary (interrupt again to abort)", progress)
            case .interrupted:
                poller?.cancel()
                say("aborted: execution \(e.id) is left running in the repository; "
                    + "`sluice recover` marks it FAILED once its heartbeat is stale", progress)
                Task { [running, release] in
                    _ = await running.result()
                    await release()
                }
                return ExitCodes.aborted
            case .ended(let execution):
                poller?.cancel()
                await poller?.value
                let code = await report(execution, progress: progress)
                await release()
                return code
            }
        }
        return ExitCodes.failed
    }

    private func report(_ execution: JobExecution, progress: LiveProgress?) async -> Int32 {
        let steps = (try? await repository.stepExecutions(jobExecutionId: execution.id)) ?? []
        progress?.draw(steps)
        if !output.quiet { context.console.standardError.write(ExecutionText.summary(execution, steps: steps).map { $0 + "\n" }.joined()) }
        if output.json { context.console.print(ExecutionJSON.execution(execution, steps: steps).rendered()) }
        return ExitCodes.of(execution.status)
    }

    private func say(_ line: String, _ progress: LiveProgress?) {
        if let progress { progress.note(line) } else { context.console.note(line) }
    }
}
