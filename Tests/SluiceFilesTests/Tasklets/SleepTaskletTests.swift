import Foundation
import Sluice
import SluiceFiles
import Testing

@Suite struct SleepTaskletTests {
    @Test func sleepsForTheDuration() async throws {
        let started = ContinuousClock.now
        let step = try await TaskletHarness.run(SleepTasklet(properties: .init(duration: DurationText("200ms")!), baseDirectory: "/"))
        #expect(step.status == .completed)
        #expect(ContinuousClock.now - started >= .milliseconds(200))
    }

    @Test func cancellationWakesItPromptly() async throws {
        let context = try await TaskletHarness.context()
        let tasklet = SleepTasklet(duration: .seconds(300))
        let started = ContinuousClock.now
        let task = Task {
            var context = context
            return try await tasklet.execute(&context)
        }
        try await Task.sleep(for: .milliseconds(100))
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(ContinuousClock.now - started < .seconds(150), "well before the 300 s sleep ends")
    }

    @Test func aStopRequestEndsItAsContinuable() async throws {
        var context = try await TaskletHarness.context()
        let signal = StopSignal()
        let tasklet = SleepTasklet(duration: .seconds(300), stopSignal: signal)
        let started = ContinuousClock.now
        Task {
            try await Task.sleep(for: .milliseconds(100))
            signal.request()
        }
        #expect(try await tasklet.execute(&context) == .continuable)
        #expect(ContinuousClock.now - started < .seconds(150), "well before the 300 s sleep ends")
    }
}
