import Foundation
import Sluice
import Testing
@testable import SluiceCLI

/// The JSON of `show --json`, `run --json` and `executions --json`: field names, order, types.
@Suite struct JSONOutputTests {
    static let executionKeys = ["id", "instanceId", "job", "status", "exitStatus", "exitDescription", "parameters",
                                "startTime", "endTime", "steps", "failures"]
    static let stepKeys = ["name", "status", "exitStatus", "readCount", "writeCount", "filterCount", "readSkipCount",
                           "processSkipCount", "writeSkipCount", "commitCount", "rollbackCount", "startTime", "endTime", "failures"]

    /// The keys of the first object at `indent`, in the order they appear in the text.
    private func keyOrder(_ text: String, indent: Int) -> [String] {
        let prefix = String(repeating: " ", count: indent) + "\""
        var keys: [String] = []
        for line in text.split(separator: "\n") where line.hasPrefix(prefix) && !line.hasPrefix(prefix + " ") {
            let key = line.dropFirst(prefix.count).prefix { $0 != "\"" }
            if keys.contains(String(key)) { break }
            keys.append(String(key))
        }
        return keys
    }

    @Test func showJSONHasTheContractFieldsInOrder() async throws {
        let workspace = Workspace()
        #expect(await workspace.sluice("run", workspace.path("copy.yaml"), "input=orders.csv", "--quiet").code == 0)
        let show = await workspace.sluice("show", "1", "--json")
        #expect(show.code == 0)
        #expect(keyOrder(show.stdout, indent: 2) == Self.executionKeys)
        #expect(keyOrder(show.stdout, indent: 6) == Self.stepKeys)

        let json = try show.object()
        #expect(json["id"] as? Int == 1)
        #expect(json["instanceId"] as? Int == 1)
        #expect(json["job"] as? String == "copy")
        #expect(json["status"] as? String == "COMPLETED")
        #expect(json["exitStatus"] as? String == "COMPLETED")
        #expect(json["exitDescription"] as? String == "")
        let parameters = try #require(json["parameters"] as? [String: Any])
        #expect(parameters.count == 2)
        #expect(parameters["input"] as? String == "orders.csv")
        #expect(parameters["limit"] as? Int == 1000)
        let step = try #require((json["steps"] as? [[String: Any]])?.first)
        #expect(step["name"] as? String == "load")
        #expect(step["readCount"] as? Int == 100)
        #expect(step["writeCount"] as? Int == 86)
        #expect(step["filterCount"] as? Int == 14)
        #expect(step["commitCount"] as? Int == 10)
        #expect(step["rollbackCount"] as? Int == 0)
        #expect((step["failures"] as? [Any])?.isEmpty == true)
    }

    @Test func timesAreISO8601UTC() async throws {
        let workspace = Workspace()
        let run = await workspace.sluice("run", workspace.path("copy.yaml"), "--json")
        let json = try run.object()
        for key in ["startTime", "endTime"] {
            let text = try #require(json[key] as? String)
            #expect(text.hasSuffix("Z"))
            #expect(Timestamps.parse(text) != nil)
        }
    }

    @Test func runJSONEqualsShowJSON() async throws {
        let workspace = Workspace()
        let run = await workspace.sluice("run", workspace.path("copy.yaml"), "--json")
        let show = await workspace.sluice("show", "1", "--json")
        #expect(run.stdout == show.stdout)
    }

    @Test func failuresAreObjectsWithCategoryTypeAndMessage() async throws {
        let workspace = Workspace()
        let run = await workspace.sluice("run", workspace.path("fails.yaml"), "--json")
        #expect(run.code == 1)
        let json = try run.object()
        #expect(json["status"] as? String == "FAILED")
        #expect((json["exitDescription"] as? String)?.isEmpty == false)
        let step = try #require((json["steps"] as? [[String: Any]])?.first)
        let failure = try #require((step["failures"] as? [[String: String]])?.first)
        #expect(failure == ["category": "io", "type": "BatchError", "message": "disk on fire\nsecond line"])
    }

    @Test func partitionWorkersFollowTheirManager() async throws {
        let workspace = Workspace()
        let run = await workspace.sluice("run", workspace.path("partitioned.yaml"), "--json")
        #expect(run.code == 0)
        let steps = try #require(try run.object()["steps"] as? [[String: Any]])
        #expect(steps.map { $0["name"] as? String } == ["load", "load:p0", "load:p1", "load:p2"])
        #expect(steps[0]["readCount"] as? Int == 30)
        #expect(steps[1]["readCount"] as? Int == 10)
    }

    @Test func executionsJSONIsAnArrayWithoutSteps() async throws {
        let workspace = Workspace()
        #expect(await workspace.sluice("run", workspace.path("copy.yaml"), "input=a", "--quiet").code == 0)
        #expect(await workspace.sluice("run", workspace.path("fails.yaml"), "--quiet").code == 1)
        let list = await workspace.sluice("executions", "--json")
        #expect(list.code == 0)
        let array = try #require(try list.json() as? [[String: Any]])
        #expect(array.map { $0["id"] as? Int } == [2, 1])
        #expect(array.allSatisfy { $0["steps"] == nil && $0["status"] != nil })
        let failed = try #require(try await workspace.sluice("executions", "--json", "--status", "failed").json() as? [[String: Any]])
        #expect(failed.map { $0["job"] as? String } == ["fails"])
        let limited = try #require(try await workspace.sluice("executions", "--json", "--limit", "1", "--job", "copy").json() as? [[String: Any]])
        #expect(limited.map { $0["id"] as? Int } == [1])
        #expect(try await workspace.sluice("executions", "--json", "--job", "nope").json() as? [Any] != nil)
    }

    @Test func stringsAreEscaped() {
        #expect(JSONValue.string("a\"b\\c\nd\u{1}é").rendered() == #""a\"b\\c\nd\u0001é""#)
        #expect(JSONValue.object([]).rendered() == "{}")
        #expect(JSONValue.array([.null, .bool(true), .double(1.5)]).rendered() == "[\n  null,\n  true,\n  1.5\n]")
    }
}
