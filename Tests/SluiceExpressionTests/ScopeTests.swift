import Foundation
import Sluice
import SluiceExpression
import Testing

@Suite struct ScopeTests {
    let scope = ExpressionScope([
        "steps": ["load": ["readCount": .value(12), "status": .value("COMPLETED")]],
        "jobParameters": ["day": .value(.date(CalendarDate("2026-11-30")!)), "input": .value("/data/in.csv")],
        "partition": ["file": .value("part-1.csv"), "files": .map(["0": .value("a.csv")])],
        "limit": .value(100),
    ])

    @Test func subscriptsAndMembersReachIntoScopeMaps() throws {
        #expect(try Expression("steps['load'].readCount > 10").isTrue(in: scope))
        #expect(try Expression("steps.load.status == 'COMPLETED'").isTrue(in: scope))
        #expect(try value("jobParameters['input']", scope: scope) == "/data/in.csv")
        #expect(try value("partition['file']", scope: scope) == "part-1.csv")
        #expect(try value("partition.files[0]", scope: scope) == "a.csv")
        #expect(try Expression("jobParameters['day'] == '2026-11-30'").isTrue(in: scope))
    }

    @Test func computedKeys() throws {
        let item = Record([("step", "load"), ("n", .null), ("flag", true)])
        #expect(try value("steps[step].readCount", item, scope: scope) == 12)
        #expect(try value("steps[n].readCount", item, scope: scope) == .null)
        let error = try #require(try evaluationError("steps[flag]", item, scope: scope))
        #expect(error.message == "expression \"steps[flag]\": steps[flag]: a key must be a string or int, got bool true (field flag)")
    }

    @Test func missingKeysAndRootsAreNull() throws {
        #expect(try value("steps['other'].readCount", scope: scope) == .null)
        #expect(try value("nothing['x']", scope: scope) == .null)
        #expect(try value("nothing", scope: scope) == .null)
        #expect(try Expression("steps['other'].readCount > 10").isTrue(in: scope) == false)
    }

    @Test func itemFieldsShadowScopeRoots() throws {
        let item = Record([("limit", 5)])
        #expect(try value("limit", item, scope: scope) == 5)
        #expect(try value("limit", scope: scope) == 100)
    }

    @Test func mapsAreNotValues() throws {
        #expect(try evaluationError("steps", scope: scope)?.message
            == "expression \"steps\": steps is a map; pick a member, e.g. steps['key']")
        #expect(try evaluationError("steps['load'] == 1", scope: scope)?.message
            == "expression \"steps['load'] == 1\": steps['load'] is a map, not a value; pick a member, e.g. steps['load']['key']")
    }

    @Test func valuesHaveNoMembers() throws {
        let item = Record([("amount", 5)])
        #expect(try evaluationError("amount.value", item, scope: scope)?.message
            == "expression \"amount.value\": amount.value: cannot look up 'value' in int 5 (amount)")
        #expect(try evaluationError("limit['x']['y']", scope: scope)?.message
            == "expression \"limit['x']['y']\": limit['x']['y']: cannot look up 'x' in int 100 (limit)")
    }

    @Test func scopeIsBuiltFromEngineTypes() throws {
        var step = StepExecution(jobExecutionId: 1, stepName: "load", status: .completed, exitStatus: .completed)
        step.counters.readCount = 20
        step.counters.writeSkipCount = 2
        let parameters: JobParameters = ["day": JobParameter(.date(CalendarDate("2026-11-30")!)), "n": JobParameter(.int(3))]
        let context: ExecutionContext = ["files": ["a", "b"], "meta": ["owner": "ops"], "ok": true]
        let scope = ExpressionScope([
            "steps": .map(["load": ScopeValue(step)]),
            "jobParameters": ScopeValue(parameters),
            "jobExecutionContext": ScopeValue(context),
        ])
        #expect(try Expression("steps['load'].readCount == 20 and steps['load'].skipCount == 2").isTrue(in: scope))
        #expect(try Expression("steps['load'].status == 'COMPLETED' and steps['load'].exitStatus == 'COMPLETED'").isTrue(in: scope))
        #expect(try value("jobParameters['n'] * 2", scope: scope) == 6)
        #expect(try value("jobExecutionContext['files'][1]", scope: scope) == "b")
        #expect(try value("jobExecutionContext.meta.owner", scope: scope) == "ops")
        #expect(try Expression("jobExecutionContext['ok']").isTrue(in: scope))
    }

    @Test func scopeRootsCanBeAddedAndRead() {
        let scope = ExpressionScope.empty.with("limit", .value(3))
        #expect(scope[root: "limit"] == .value(3))
        var copy = scope
        copy[root: "limit"] = nil
        #expect(copy.roots.isEmpty)
        #expect(ScopeValue.map(["a": .value(1)])["a"] == .value(1))
        #expect(ScopeValue.value(1)["a"] == nil)
    }

    @Test func isTrueTreatsNullAsFalseAndRejectsOtherTypes() throws {
        let item = Record([("n", .null), ("x", 1)])
        #expect(try Expression("n").isTrue(item) == false)
        #expect(try Expression("x == 1").isTrue(item))
        let error = try #require(throws: BatchError.self) { try Expression("x + 1").isTrue(item) }
        #expect(error.category == .validation)
        #expect(error.message == "expression \"x + 1\": expected a bool result, got int 2")
    }
}
