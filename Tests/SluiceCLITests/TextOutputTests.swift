import Foundation
import Sluice
import Testing
@testable import SluiceCLI

/// Tables and human-readable text: alignment, `show` details, summaries, progress lines.
@Suite struct TextOutputTests {
    @Test func tableAlignsColumnsAndTrimsTrailingSpaces() {
        var table = TextTable([.init(header: "ID", alignment: .right), .init(header: "NAME"), .init(header: "NOTE")])
        table.append(["7", "short", ""])
        table.append(["1234", "a much longer name", "x"])
        #expect(table.lines() == [
            "  ID  NAME                NOTE",
            "   7  short",
            "1234  a much longer name  x",
        ])
    }

    @Test func executionsTableHasOneAlignedRowPerExecution() async throws {
        let workspace = Workspace()
        #expect(await workspace.sluice("run", workspace.path("copy.yaml"), "input=a", "--quiet").code == 0)
        #expect(await workspace.sluice("run", workspace.path("fails.yaml"), "--quiet").code == 1)
        let list = await workspace.sluice("executions")
        #expect(list.code == 0)
        let lines = list.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("ID  JOB    STATUS     EXIT STATUS  START"))
        #expect(lines[1].hasPrefix(" 2  fails  FAILED     FAILED"))
        #expect(lines[2].hasPrefix(" 1  copy   COMPLETED  COMPLETED"))
        #expect(lines[2].hasSuffix("input=a limit=1000"))
        let statusColumn = lines[0].range(of: "STATUS")!.lowerBound.utf16Offset(in: lines[0])
        #expect(lines.dropFirst().allSatisfy { $0.dropFirst(statusColumn).first != " " })
    }

    @Test func showPrintsDetailsStepsAndFailures() async throws {
        let workspace = Workspace()
        #expect(await workspace.sluice("run", workspace.path("fails.yaml"), "--quiet").code == 1)
        let show = await workspace.sluice("show", "1")
        #expect(show.code == 0)
        let text = show.stdout
        #expect(text.hasPrefix("Execution 1 of job fails (instance 1)\n"))
        #expect(text.contains("  Status:            FAILED\n"))
        #expect(text.contains("  Job file:          \(workspace.path("fails.yaml"))\n"))
        #expect(text.contains("STEP     STATUS  EXIT STATUS  READ  WRITTEN  FILTERED  READ SKIPS  PROCESS SKIPS  WRITE SKIPS  COMMITS  ROLLBACKS"))
        #expect(text.contains("  explode  FAILED  FAILED          0        0         0           0              0            0"))
        #expect(text.contains("Failures:\n  step explode: [io] BatchError: disk on fire\n    second line\n"))
    }

    @Test func showOfAnUnknownExecutionIsAUsageError() async {
        let show = await Workspace().sluice("show", "5")
        #expect(show.code == 2)
        #expect(show.stderr == "sluice: error: no job execution with id 5\n")
    }

    @Test func elapsedTextIsShort() {
        #expect(ElapsedText.format(0.25) == "250ms")
        #expect(ElapsedText.format(4.24) == "4.2s")
        #expect(ElapsedText.format(185) == "3m05s")
        #expect(ElapsedText.format(7380) == "2h03m")
    }

    @Test func progressLineShowsCountsRateAndElapsed() {
        let start = Date(timeIntervalSince1970: 1000)
        var step = StepExecution(jobExecutionId: 1, stepName: "load", status: .started, startTime: start)
        step.counters.readCount = 500
        step.counters.writeCount = 490
        #expect(ProgressLine.text(step, now: start.addingTimeInterval(10))
            == "  load  STARTED  read 500  written 490  50 items/s  10.0s")
        step.stepName = "load:p1"
        step.counters.writeSkipCount = 2
        #expect(ProgressLine.text(step, now: start.addingTimeInterval(10)).hasPrefix("    load:p1  STARTED  read 500  written 490  skipped 2"))
    }

    @Test func progressLineDrawsABarWhenTheTotalIsKnown() {
        let start = Date(timeIntervalSince1970: 1000)
        var step = StepExecution(jobExecutionId: 1, stepName: "load", status: .started, startTime: start)
        step.counters.readCount = 10
        StepProgress.record(done: 450, total: 1000, in: &step.executionContext)
        #expect(ProgressLine.text(step, now: start.addingTimeInterval(1))
            == "  load  STARTED  [#########-----------]  45%  read 10  written 0  10 items/s  1.0s")
        StepProgress.record(done: 1, total: 0, in: &step.executionContext)
        #expect(!ProgressLine.text(step, now: start).contains("["))
    }

    @Test func liveProgressRedrawsInPlace() {
        let sink = CapturedText()
        let progress = LiveProgress(sink: sink)
        let steps = [StepExecution(id: 1, jobExecutionId: 1, stepName: "a", status: .started, startTime: Date()),
                     StepExecution(id: 2, jobExecutionId: 1, stepName: "b", status: .started, startTime: Date())]
        progress.draw(steps)
        #expect(!sink.text.contains("\u{1B}[2F"))
        progress.draw(steps)
        #expect(sink.text.contains("\u{1B}[2F"))
        progress.note("hello")
        progress.draw(Array(steps.prefix(1)))
        let afterNote = sink.text.components(separatedBy: "hello\n").last!
        #expect(afterNote.hasPrefix("\u{1B}[2K  a  STARTED"))
        #expect(!afterNote.contains("\u{1B}[2F"))
        #expect(afterNote.hasSuffix("\u{1B}[J"))
    }

    @Test func terminalRunShowsLiveProgressAndNonTerminalDoesNot() async {
        let workspace = Workspace()
        let terminal = await workspace.sluice("run", workspace.path("copy.yaml"), "input=t", terminal: true)
        #expect(terminal.stderr.contains("\u{1B}[2K  load  COMPLETED  read 100  written 86"))
        let plain = await workspace.sluice("run", workspace.path("copy.yaml"), "input=p")
        #expect(!plain.stderr.contains("\u{1B}"))
        let json = await workspace.sluice("run", workspace.path("copy.yaml"), "input=j", "--json", terminal: true)
        #expect(!json.stderr.contains("\u{1B}"))
    }
}
