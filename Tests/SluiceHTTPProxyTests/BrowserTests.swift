import Foundation
import Testing

/// A headless Chromium loading a page from the local upstream through the proxy.
@Suite(.serialized)
struct BrowserTests {
    static var chromiumAvailable: Bool {
        if ProxyTools.chromium != nil || ProxyTools.inCI { return true }
        print("skipping the Chromium test: no chromium (scripts/services/proxy-tools.sh installs it)")
        return false
    }

    @Test(.enabled(if: chromiumAvailable)) func chromiumLoadsAPageThroughTheProxy() async throws {
        let chromium = try #require(ProxyTools.chromium, "chromium is not installed")
        try await withProxy { proxy, upstream in
            let profile = NSTemporaryDirectory() + "sluice-chromium-\(UUID().uuidString)"
            defer { try? FileManager.default.removeItem(atPath: profile) }
            let result = try await runCommand(chromium, [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--user-data-dir=\(profile)",
                "--proxy-server=http://127.0.0.1:\(proxy.port)", "--proxy-bypass-list=<-loopback>",
                "--dump-dom", "http://127.0.0.1:\(upstream.port)/page",
            ], timeout: 120)
            #expect(result.output.contains("served by the test upstream"), "\(result.error.suffix(2000))")
            check(try proxy.auditEvents().contains { $0.url?.hasSuffix("/page") == true && $0.action == "allow" })
        }
    }
}
