import Foundation
import Sluice
import SluiceFiles
import Testing

@Suite struct NoopTaskletTests {
    @Test func completesWithTheConfiguredExitStatus() async throws {
        let step = try await TaskletHarness.run(try NoopTasklet(properties: .init(exitStatus: "S"), baseDirectory: "/"))
        #expect(step.status == .completed)
        #expect(step.exitStatus.code == "S")
    }

    @Test func completesPlainlyByDefault() async throws {
        let step = try await TaskletHarness.run(NoopTasklet())
        #expect(step.status == .completed)
        #expect(step.exitStatus.code == "COMPLETED")
    }

    @Test func failsWhenAsked() async throws {
        let step = try await TaskletHarness.run(try NoopTasklet(properties: .init(fail: true, message: "boom"), baseDirectory: "/"))
        #expect(step.status == .failed)
        #expect(step.failures.first?.category == "noop")
        #expect(step.failures.first?.message == "boom")
    }

    @Test func anEmptyExitStatusIsRejected() {
        #expect(throws: BatchError.self) { try NoopTasklet(properties: .init(exitStatus: " "), baseDirectory: "/") }
    }
}
