import Metrics
import MetricsTestKit
import Testing
@testable import SluiceDNS

@Suite("DNS cache")
struct DNSCacheTests {
    static let question = DNSQuestion(name: try! DNSName("www.example.com"), type: .a)

    static func response(ttl: UInt32, code: DNSResponseCode = .noError, answers: Int = 1) -> DNSMessage {
        var message = DNSMessage(header: DNSHeader(id: 1, isResponse: true, responseCode: code), questions: [question])
        message.answers = (0..<answers).map { index in
            DNSResourceRecord(name: question.name, ttl: ttl + UInt32(index), data: .a([192, 0, 2, UInt8(index)]))
        }
        return message
    }

    static func negative(code: DNSResponseCode, soaTTL: UInt32, minimum: UInt32) -> DNSMessage {
        var message = response(ttl: 0, code: code, answers: 0)
        let soa = DNSStartOfAuthority(primary: try! DNSName("ns.example.com"), mailbox: try! DNSName("h.example.com"), serial: 1, refresh: 1, retry: 1, expire: 1, minimum: minimum)
        message.authorities = [DNSResourceRecord(name: try! DNSName("example.com"), ttl: soaTTL, data: .soa(soa))]
        return message
    }

    func cache(_ configure: (inout DNSCacheSettings) -> Void = { _ in }, clock: FakeClock, metrics: DNSMetrics = DNSMetrics()) -> DNSCache {
        var settings = DNSCacheSettings()
        configure(&settings)
        return DNSCache(settings: settings, metrics: metrics, now: clock.now)
    }

    @Test("a hit returns the records with their remaining TTL, and expires with the smallest TTL")
    func ttlCountsDown() throws {
        let clock = FakeClock()
        let cache = cache(clock: clock)
        #expect(cache.store(Self.response(ttl: 100, answers: 2), for: Self.question))
        clock.advance(seconds: 30)
        let hit = try #require(cache.lookup(Self.question))
        #expect(hit.answers.map(\.ttl) == [70, 70])
        #expect(!hit.isStale)
        clock.advance(seconds: 70)
        #expect(cache.lookup(Self.question) == nil)
        #expect(cache.count == 0)
    }

    @Test("lookups ignore the case of names")
    func caseInsensitive() {
        let cache = cache(clock: FakeClock())
        cache.store(Self.response(ttl: 100), for: Self.question)
        #expect(cache.lookup(DNSQuestion(name: try! DNSName("WWW.Example.COM"), type: .a)) != nil)
        #expect(cache.lookup(DNSQuestion(name: try! DNSName("www.example.com"), type: .aaaa)) == nil)
    }

    @Test("TTLs are clamped to min-ttl and max-ttl")
    func clamps() throws {
        let clock = FakeClock()
        let cache = cache({ $0.minTTL = 60; $0.maxTTL = 600 }, clock: clock)
        cache.store(Self.response(ttl: 5), for: Self.question)
        #expect(try #require(cache.lookup(Self.question)).answers[0].ttl == 60)
        cache.store(Self.response(ttl: 100_000), for: Self.question)
        #expect(try #require(cache.lookup(Self.question)).answers[0].ttl == 600)
    }

    @Test("NXDOMAIN and NODATA are cached for min(SOA TTL, SOA MINIMUM), bounded by negative-max-ttl")
    func negativeCaching() throws {
        let clock = FakeClock()
        let cache = cache({ $0.negativeMaxTTL = 120 }, clock: clock)
        cache.store(Self.negative(code: .nameError, soaTTL: 3600, minimum: 90), for: Self.question)
        let hit = try #require(cache.lookup(Self.question))
        #expect(hit.responseCode == .nameError)
        #expect(hit.authorities[0].ttl == 90)
        let nodata = DNSQuestion(name: try DNSName("www.example.com"), type: .mx)
        cache.store(Self.negative(code: .noError, soaTTL: 30, minimum: 900), for: nodata)
        #expect(try #require(cache.lookup(nodata)).authorities[0].ttl == 30)
        let long = DNSQuestion(name: try DNSName("x.example.com"), type: .a)
        cache.store(Self.negative(code: .nameError, soaTTL: 5000, minimum: 5000), for: long)
        #expect(try #require(cache.lookup(long)).authorities[0].ttl == 120)
        clock.advance(seconds: 121)
        #expect(cache.lookup(long) == nil)
    }

    @Test("negative answers without an SOA, SERVFAIL and truncated answers are not cached")
    func notCached() {
        let cache = cache(clock: FakeClock())
        #expect(!cache.store(Self.response(ttl: 0, code: .nameError, answers: 0), for: Self.question))
        #expect(!cache.store(Self.response(ttl: 100, code: .serverFailure), for: Self.question))
        var truncated = Self.response(ttl: 100)
        truncated.header.isTruncated = true
        #expect(!cache.store(truncated, for: Self.question))
        #expect(cache.count == 0)
    }

    @Test("the least recently used entry is evicted beyond max-entries, and counted")
    func lruEviction() async throws {
        let metrics = TestMetrics()
        let cache = cache({ $0.maxEntries = 2 }, clock: FakeClock(), metrics: DNSMetrics(factory: metrics))
        let names = ["a.example", "b.example", "c.example"].map { DNSQuestion(name: try! DNSName($0), type: .a) }
        cache.store(Self.response(ttl: 100), for: names[0])
        cache.store(Self.response(ttl: 100), for: names[1])
        _ = cache.lookup(names[0])  // a is now more recent than b
        cache.store(Self.response(ttl: 100), for: names[2])
        #expect(cache.count == 2)
        #expect(cache.lookup(names[1]) == nil)
        #expect(cache.lookup(names[0]) != nil)
        #expect(cache.lookup(names[2]) != nil)
        #expect(try metrics.expectCounter(DNSMetricNames.cacheEvictions).totalValue == 1)
        #expect(try metrics.expectCounter(DNSMetricNames.cacheHits).totalValue == 3)
        #expect(try metrics.expectCounter(DNSMetricNames.cacheMisses).totalValue == 1)
    }

    @Test("serve-stale: an expired entry is served with the stale TTL only when asked, within max-age")
    func serveStale() throws {
        let clock = FakeClock()
        let cache = cache({ $0.serveStale.enabled = true; $0.serveStale.maxAge = 600; $0.serveStale.answerTTL = 30 }, clock: clock)
        cache.store(Self.response(ttl: 100), for: Self.question)
        clock.advance(seconds: 200)
        #expect(cache.lookup(Self.question) == nil)
        let stale = try #require(cache.lookup(Self.question, allowStale: true))
        #expect(stale.isStale)
        #expect(stale.answers[0].ttl == 30)
        clock.advance(seconds: 600)
        #expect(cache.lookup(Self.question, allowStale: true) == nil)
    }

    @Test("without serve-stale an expired entry is gone")
    func noServeStale() {
        let clock = FakeClock()
        let cache = cache(clock: clock)
        cache.store(Self.response(ttl: 10), for: Self.question)
        clock.advance(seconds: 11)
        #expect(cache.lookup(Self.question, allowStale: true) == nil)
    }

    @Test("prefetch is asked once for a popular entry in its last 10% of TTL")
    func prefetch() throws {
        let clock = FakeClock()
        let cache = cache({ $0.prefetch = true; $0.prefetchMinimumHits = 2 }, clock: clock)
        cache.store(Self.response(ttl: 100), for: Self.question)
        #expect(try #require(cache.lookup(Self.question)).shouldPrefetch == false)
        clock.advance(seconds: 91)
        #expect(try #require(cache.lookup(Self.question)).shouldPrefetch == true)
        #expect(try #require(cache.lookup(Self.question)).shouldPrefetch == false, "one refresh at a time")
        cache.release(Self.question)
        #expect(try #require(cache.lookup(Self.question)).shouldPrefetch == true, "a failed refresh may be retried")
    }
}
