import SluiceExpression
import Testing

@testable import Sluice

@Suite struct ScopeBuilderTests {
    @Test func stepContextGivesParametersContextsAndPartition() throws {
        let context = StepContext(
            stepName: "load:p1", stepExecutionId: 2, jobExecutionId: 1, jobInstanceId: 1, jobName: "job",
            jobParameters: ["input": JobParameter(.string("/in.csv"))], jobExecutionContext: ["batch": 7],
            stepExecutionContext: ["offset": 40], partition: ["file": "a.csv"], logger: .init(label: "test"))
        let scope = ExpressionScope(context)
        #expect(try Expression("jobParameters['input']").evaluate(in: scope) == "/in.csv")
        #expect(try Expression("jobExecutionContext['batch']").evaluate(in: scope) == 7)
        #expect(try Expression("stepExecutionContext['offset']").evaluate(in: scope) == 40)
        #expect(try Expression("partition['file']").evaluate(in: scope) == "a.csv")
    }

    @Test func decisionContextGivesSteps() throws {
        var load = StepExecution(jobExecutionId: 1, stepName: "load", status: .completed, exitStatus: .completed)
        load.counters.readCount = 11
        let context = DecisionContext(
            jobExecutionId: 1, jobParameters: ["day": JobParameter(.string("2026-11-30"))], jobExecutionContext: [:],
            steps: ["load": load], lastStep: load)
        let scope = ExpressionScope(context)
        #expect(try Expression("steps['load'].readCount > 10 and jobParameters['day'] == '2026-11-30'").isTrue(in: scope))
        #expect(scope[root: "partition"] == nil)
    }
}
