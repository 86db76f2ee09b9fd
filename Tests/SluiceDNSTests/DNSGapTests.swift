import Foundation
import Metrics
import MetricsTestKit
import NIOCore
import NIOPosix
import Testing
@testable import SluiceDNS

/// Prefetch, list-file polling, the upstream-error counter and an IPv6 upstream, against real
/// UDP upstreams on loopback.
@Suite("DNS prefetch, list reloads, upstream errors and IPv6")
struct DNSGapTests {
    @Test func prefetchRefreshesAHotEntryBeforeItExpires() async throws {
        let upstream = try await CountingUpstream.start(ttl: 100)
        defer { Task { await upstream.stop() } }
        var configuration = DNSConfiguration()
        configuration.upstreams = [upstream.endpoint]
        configuration.cache.prefetch = true
        configuration.cache.prefetchMinimumHits = 2
        let clock = FakeClock()
        let resolver = try DNSResolver(configuration: configuration, filter: DNSFilter(), group: DNSTestServices.group, tracer: nil, now: clock.now)

        let first = try await resolver.resolve("hot.test", type: .a)
        #expect(first.decision == .forwarded && first.addresses == ["10.0.0.1"])
        clock.advance(seconds: 50)
        #expect(try await resolver.resolve("hot.test", type: .a).decision == .cached)
        #expect(upstream.queries == 1)
        // 95 of 100 seconds gone: the second hit is within the last tenth of the TTL, so it is
        // answered from the cache and refreshed in the background.
        clock.advance(seconds: 45)
        let hot = try await resolver.resolve("hot.test", type: .a)
        #expect(hot.decision == .cached && hot.addresses == ["10.0.0.1"])
        #expect(try await eventually { try await resolver.resolve("hot.test", type: .a).addresses == ["10.0.0.2"] })
        #expect(upstream.queries == 2)
        // Past the original expiry the refreshed entry still answers from the cache.
        clock.advance(seconds: 10)
        let refreshed = try await resolver.resolve("hot.test", type: .a)
        #expect(refreshed.decision == .cached && refreshed.addresses == ["10.0.0.2"])
        #expect(upstream.queries == 2)
    }

    @Test func watchedListFilesAreReloadedWhenTheyChange() async throws {
        let directory = NSTemporaryDirectory() + "sluice-dns-watch-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let list = directory + "/block.txt"
        try "ads.test\n".write(toFile: list, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -60)], ofItemAtPath: list)
        var configuration = DNSConfiguration()
        configuration.filter.blockFiles = [list]
        configuration.filter.watchInterval = DNSDuration(milliseconds: 100)
        let resolver = try await DNSResolver.make(configuration: configuration, group: DNSTestServices.group, tracer: nil)
        let watcher = Task { await resolver.watchListFiles() }
        defer { watcher.cancel() }
        #expect(try await resolver.resolve("ads.test", type: .a).decision == .blocked)
        #expect(try await resolver.resolve("tracker.test", type: .a).decision != .blocked)

        try "tracker.test\n".write(toFile: list, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.modificationDate: Date()], ofItemAtPath: list)
        #expect(try await eventually { try await resolver.resolve("tracker.test", type: .a).decision == .blocked })
        #expect(try await resolver.resolve("ads.test", type: .a).decision != .blocked)
    }

    @Test func aFailingUpstreamCountsAnUpstreamError() async throws {
        let factory = TestMetrics()
        let closed = try await SilentUpstream.closedPort()
        var configuration = DNSConfiguration()
        configuration.upstreams = [closed]
        configuration.retries = 0
        configuration.timeout = .seconds(5)
        let resolver = try await DNSResolver.make(configuration: configuration, group: DNSTestServices.group, metrics: DNSMetrics(factory: factory), tracer: nil)
        let answer = try await resolver.resolve("down.test", type: .a)
        #expect(answer.responseCode == .serverFailure && answer.decision == .failed)
        let errors = factory.counters.filter { counter in
            counter.label == DNSMetricNames.upstreamErrors && counter.dimensions.contains { $0 == ("upstream", closed.description) }
        }
        #expect(errors.reduce(0) { $0 + $1.totalValue } >= 1, "\(factory.counters.map(\.label))")
    }

    @Test func anIPv6UpstreamOnLoopbackAnswers() async throws {
        let upstream: CountingUpstream
        do {
            upstream = try await CountingUpstream.start(host: "::1")
        } catch {
            // Containers without IPv6 loopback: say so locally, fail in CI.
            if ProcessInfo.processInfo.environment["CI"] != nil { Issue.record("::1 is not usable in CI: \(error)") }
            print("skipping the IPv6 upstream test: cannot bind ::1 (\(error))")
            return
        }
        defer { Task { await upstream.stop() } }
        #expect(upstream.endpoint.description == "[::1]:\(upstream.endpoint.port)")
        var configuration = DNSConfiguration()
        configuration.upstreams = [upstream.endpoint]
        let resolver = try await DNSResolver.make(configuration: configuration, group: DNSTestServices.group, tracer: nil)
        let answer = try await resolver.resolve("v6.test", type: .a)
        #expect(answer.decision == .forwarded && answer.addresses == ["10.0.0.1"])
        #expect(upstream.queries == 1)
    }
}
