import Foundation
import Sluice
import Testing
@testable import SluiceCLI

/// The values commands parse themselves: NAME=VALUE, durations, cutoffs, statuses.
@Suite struct ArgumentValueTests {
    @Test func splitsNameValueAtTheFirstEquals() throws {
        #expect(try ParameterArguments.parse(["a=1", "url=x=y", "empty="]) == ["a": "1", "url": "x=y", "empty": ""])
    }

    @Test func rejectsMalformedParameters() {
        #expect(throws: CommandFailure.self) { try ParameterArguments.parse(["novalue"]) }
        #expect(throws: CommandFailure.self) { try ParameterArguments.parse(["=1"]) }
        #expect(throws: CommandFailure.self) { try ParameterArguments.parse(["a=1", "a=2"]) }
        #expect(throws: CommandFailure.self) { try ParameterArguments.parse(["sluice.job-file=/etc/passwd"]) }
    }

    @Test func typesParametersWithDeclarations() throws {
        let declarations = try TestJobs.copy().parameters
        let typed = try ParameterArguments.typed(["input": "orders.csv", "limit": "5", "other": "x"], declarations: declarations)
        #expect(typed["input"] == JobParameter(.string("orders.csv")))
        #expect(typed["limit"] == JobParameter(.int(5), identifying: false))
        #expect(typed["other"] == JobParameter(.string("x")))
    }

    @Test func defaultsFillInAndUndeclaredSecretsAreSecret() throws {
        let typed = try ParameterArguments.typed(["api_token": "t0k"], declarations: try TestJobs.copy().parameters)
        #expect(typed["limit"]?.value == .int(1000))
        #expect(typed["api_token"]?.secret == true)
    }

    @Test func badValueIsAUsageFailureWithoutTheSecret() {
        let failure = #expect(throws: CommandFailure.self) {
            try ParameterArguments.typed(["limit": "many"], declarations: try TestJobs.copy().parameters)
        }
        #expect(failure?.exitCode == 2)
        #expect(failure?.message.contains("'many' is not a valid int") == true)
        let secret = #expect(throws: CommandFailure.self) {
            try ParameterArguments.typed(["pin": "12ab"], declarations: ["pin": JobParameterDeclaration(.int, secret: true)])
        }
        #expect(secret?.message.contains("12ab") == false)
        #expect(secret?.message.contains("******") == true)
    }

    @Test func parsesCutoffs() throws {
        let now = Date(timeIntervalSince1970: 1_000_000)
        #expect(CutoffArgument(argument: "2026-01-31")?.date() == Timestamps.parse("2026-01-31T00:00:00Z"))
        #expect(CutoffArgument(argument: "2026-01-31T12:30:00Z")?.date() == Timestamps.parse("2026-01-31T12:30:00Z"))
        #expect(CutoffArgument(argument: "2h")?.date(now: now) == now.addingTimeInterval(-7200))
        #expect(CutoffArgument(argument: "2026-02-30") == nil)
        #expect(CutoffArgument(argument: "last week") == nil)
    }

    @Test func parsesStatusLists() {
        #expect(StatusFilter(argument: "failed")?.statuses == [.failed])
        #expect(StatusFilter(argument: "FAILED, stopped")?.statuses == [.failed, .stopped])
        #expect(StatusFilter(argument: "DONE") == nil)
        #expect(StatusFilter(argument: ",") == nil)
    }

    @Test func parsesDurations() {
        #expect(DurationArgument(argument: "1h30m")?.duration == .seconds(5400))
        #expect(DurationArgument(argument: "-5m") == nil)
    }
}
