import Foundation
import Sluice
import Testing
@testable import SluiceCLI

/// Interrupts while a job runs in the foreground: the first stops it gracefully, the second aborts.
@Suite(.timeLimit(.minutes(1))) struct InterruptTests {
    @Test func firstInterruptStopsGracefullyWithExitThree() async throws {
        let workspace = Workspace()
        let interrupts = ManualInterrupts()
        async let run = workspace.sluice("run", workspace.path("endless.yaml"), "--json", interrupts: interrupts)
        try await waitUntil { interrupts.isListening }
        interrupts.interrupt()
        let result = await run
        #expect(result.code == 3)
        #expect(result.stderr.contains("interrupt: stopping execution 1 at the next chunk boundary"))
        #expect(try result.object()["status"] as? String == "STOPPED")
        #expect(try await workspace.execution(1).status == .stopped)
    }

    @Test func secondInterruptAbortsAtOnceLeavingTheExecutionRunning() async throws {
        let workspace = Workspace()
        let interrupts = ManualInterrupts()
        async let run = workspace.sluice("run", workspace.path("slow.yaml"), "--json", interrupts: interrupts)
        try await waitUntil { interrupts.isListening }
        interrupts.interrupt()
        interrupts.interrupt()
        let result = await run
        #expect(result.code == 130)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("aborted: execution 1 is left running"))
        // (Whether the execution is still running at this instant depends on timing: the
        // in-process job goes on to honour the first interrupt at its next boundary, and only
        // then are its job and repository released.)
        try await waitUntil { try await workspace.execution(1).status == .stopped }
        try await waitUntil { workspace.loader.shutdownCount == 1 }
    }

    @Test func signalSourceDeliversOrdinals() async throws {
        // Ignored before and after, so a signal still in flight when the test ends is harmless.
        signal(SIGUSR2, SIG_IGN)
        let source = SignalInterrupts(signals: [SIGUSR2])
        let stream = source.interrupts()
        // Raise until two arrive: a signal raised before the source is armed may be ignored.
        let raiser = Task {
            while !Task.isCancelled {
                kill(getpid(), SIGUSR2)
                try? await Task.sleep(for: .milliseconds(50))
            }
        }
        var received: [Int] = []
        for await n in stream {
            received.append(n)
            if n == 2 {
                raiser.cancel()
                await raiser.value
                break
            }
        }
        #expect(received == [1, 2])
    }
}
