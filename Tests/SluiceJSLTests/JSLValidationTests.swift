import Foundation
import Sluice
import SluiceJSL
import Testing

@Suite("JSL validation")
struct JSLValidationTests {
    let registry = TestRegistry.make(sink: TestSink())

    @Test func validJobHasNoProblems() throws {
        let file = try JobFile("""
            job: ok
            steps:
              - step: load
                chunk:
                  size: 2
                  reader: { numbers: { count: 3 } }
                  writer: { collect: { into: out } }
            """)
        #expect(file.problems(registry) == [])
    }

    @Test func reportsEveryProblemWithLineAndColumn() throws {
        let file = try JobFile("""
            job: broken
            descripton: typo
            steps:
              - step: load
                chunk:
                  sise: 10
                  reader: { numbrs: { count: 3 } }
                  writer: { collect: { int: out } }
                transitions:
                  - { on: COMPLETED, to: reprot }
              - step: report
                tasklet: { note: { text: hi } }
            """)
        let problems = file.problems(registry)
        #expect(problems.contains("2:1: unknown key 'descripton' in the job file (did you mean 'description'?)"))
        #expect(problems.contains("6:7: unknown key 'sise' in chunk (did you mean 'size'?)"))
        #expect(problems.contains("7:17: unknown reader 'numbrs' (did you mean 'numbers'?)"))
        #expect(problems.contains { $0.hasPrefix("8:28: writer 'collect': unknown key 'int' (did you mean 'into'?)") })
        #expect(problems.contains { $0.hasPrefix("8:26: writer 'collect': missing required key 'into'") })
        #expect(problems.contains { $0.hasPrefix("10:9: transition to unknown id 'reprot' (did you mean 'report'?)") })
        // 'report' is only reachable through the misspelt transition.
        #expect(problems.contains { $0.hasPrefix("11:11: 'report' is never reached") })
        #expect(problems.count == 7)
        let lines = problems.map { Int($0.prefix { $0 != ":" }) ?? 0 }
        #expect(lines == lines.sorted())
    }

    @Test func mistypedValuesNameTheExpectedType() throws {
        let file = try JobFile("""
            job: types
            restartable: maybe
            steps:
              - step: load
                start-limit: many
                chunk:
                  size: -1
                  read-ahead: sometimes
                  reader: { numbers: { count: lots } }
                  writer: { collect: { into: out } }
                  retry: { limit: 2, on: [transiet] }
                  skip: { limit: 1 }
            """)
        let problems = file.problems(registry)
        #expect(problems.contains("2:14: restartable must be true or false, not 'maybe'"))
        #expect(problems.contains("5:18: start-limit must be an integer ≥ 1, not 'many'"))
        #expect(problems.contains("7:13: chunk size must be an integer ≥ 1, not '-1'"))
        #expect(problems.contains("8:19: read-ahead must be true or false, not 'sometimes'"), "\(problems)")
        #expect(problems.contains("9:35: reader 'numbers': count: expected an integer, found 'lots'"))
        #expect(problems.contains { $0.hasPrefix("11:31: unknown error category 'transiet' (did you mean 'transient'?)") }, "\(problems)")
        #expect(problems.contains { $0.hasPrefix("12:13: skip needs 'on:'") })
    }

    @Test func missingRequiredKeysAndWrongShapes() throws {
        let file = try JobFile("""
            description: no name
            steps:
              - step: a
              - stepp: b
              - step: c
                chunk: { reader: { numbers: { count: 1 } } }
              - step: d
                tasklet: { note: { text: x }, fail: {} }
            """)
        let problems = file.problems(registry)
        #expect(problems.contains("1:1: missing required key 'job' (the job's name)"))
        #expect(problems.contains("3:11: step 'a' needs 'chunk:' or 'tasklet:'"))
        #expect(problems.contains("4:5: a flow element needs one of 'step: ID', 'decision: ID' or 'split: ID' (did you mean 'step'?)"))
        #expect(problems.contains("6:12: chunk step 'c' needs a 'writer:'"))
        #expect(problems.contains { $0.hasPrefix("8:14: tasklet must name exactly one component") })
    }

    @Test func flowProblems() throws {
        let file = try JobFile("""
            job: flows
            steps:
              - step: a
                tasklet: note-free
                transitions: [ { on: "*", to: b } ]
              - step: b
                tasklet: { note: { text: b } }
                transitions: [ { on: "*", to: a } ]
              - step: orphan
                tasklet: { note: { text: o } }
              - step: a
                tasklet: { note: { text: again } }
              - split: s
                flows:
                  - - step: inner
                      tasklet: { note: { text: i } }
                      transitions: [ { on: COMPLETED, to: b } ]
            """)
        let problems = file.problems(registry)
        #expect(problems.contains { $0.hasPrefix("3:11: cycle without an exit: a → b") })
        #expect(problems.contains { $0.hasPrefix("9:11: 'orphan' is never reached") })
        #expect(problems.contains { $0.hasPrefix("11:11: duplicate id 'a'") })
        #expect(problems.contains { $0.hasPrefix("17:26: transition to unknown id 'b'") })
        #expect(problems.contains { $0.hasPrefix("4:14: unknown tasklet 'note-free'") })
    }

    @Test func loopWithAnExitIsAccepted() throws {
        let file = try JobFile("""
            job: loop
            steps:
              - step: work
                tasklet: { note: { text: w } }
              - decision: again
                when:
                  - { if: "steps['work'].readCount < 0", status: MORE }
                  - { else: DONE }
                transitions:
                  - { on: MORE, to: work }
                  - { on: DONE, end: true }
            """)
        #expect(file.problems(registry) == [])
    }

    @Test func decisionLoopWithoutExitIsRejected() throws {
        let file = try JobFile("""
            job: loop
            steps:
              - step: work
                tasklet: { note: { text: w } }
                transitions: [ { on: "*", to: again } ]
              - decision: again
                when:
                  - { if: "true", status: MORE }
                  - { else: LESS }
                transitions:
                  - { on: "*", to: work }
            """)
        #expect(file.problems(registry).contains { $0.hasPrefix("3:11: cycle without an exit: work → again") })
    }

    @Test func badExpressionsAndPlaceholders() throws {
        let file = try JobFile("""
            job: expressions
            steps:
              - step: load
                chunk:
                  reader: { numbers: { count: "#{jobParameters['n']}", prefix: "#{jobParameters['p'}" } }
                  writer: { collect: { into: "#{upper(}" } }
              - decision: check
                when:
                  - { if: "steps['load'].readCount >", status: A }
                  - { else: B }
                transitions: [ { on: "*", end: true } ]
            """)
        let problems = file.problems(registry)
        #expect(problems.contains { $0.hasPrefix("5:68: in '#{jobParameters['p'}'") })
        #expect(problems.contains { $0.hasPrefix("6:34: in '#{upper(}'") })
        #expect(problems.contains { $0.hasPrefix("9:15: in 'if: steps['load'].readCount >'") })
        #expect(problems.count == 3, "\(problems)")
    }

    @Test func yamlSyntaxErrorHasALocation() throws {
        let file = try JobFile("job: x\nsteps:\n  - step: [a\n")
        let problems = file.problems(registry)
        #expect(problems.count == 1)
        #expect(problems.first?.contains("invalid YAML") == true)
        #expect(problems.first?.first?.isNumber == true)
    }

    @Test func bareOnKeyIsAString() throws {
        let file = try JobFile("""
            job: on-key
            steps:
              - step: a
                tasklet: { note: { text: a } }
                transitions:
                  - on: COMPLETED
                    end: true
            """)
        #expect(file.problems(registry) == [])
    }

    @Test func duplicateKeysAndMissingFile() throws {
        let file = try JobFile("job: a\njob: b\nsteps: []\n")
        #expect(file.problems(registry).contains { $0.contains("duplicate key") })
        #expect(throws: PropertyProblems.self) { try YAMLJobLoader(registry: registry).specification(path: "/nonexistent/job.yaml") }
    }

    @Test func secretReferencesNeverAppearInMessages() async throws {
        let file = try JobFile("""
            job: secrets
            connections:
              db: { url: "postgres://u:${env:DB_PASSWORD}@localhost/db" }
            steps:
              - step: a
                tasklet: { note: { text: "${env:MISSING_ONE}" } }
            """)
        await #expect {
            _ = try await YAMLJobLoader(registry: registry).load(path: file.path, environment: ["DB_PASSWORD": "hunter2"])
        } throws: { error in
            let text = "\(error)"
            return text.contains("environment variable 'MISSING_ONE' is not set") && !text.contains("hunter2")
        }
        #expect(YAMLJobLoader.redacted("postgres://u:hunter2@localhost/db") == "postgres://u:******@localhost/db")
    }
}
