import Logging
import NIOCore
import Synchronization
import Tracing

/// Answers questions: block/allow lists first, then mock rules, then the cache, then the
/// upstreams (serve-stale when they fail). Used by ``DNSServer`` for network clients and
/// in-process by jobs (``resolve(_:type:mocks:)``).
public final class DNSResolver: Sendable {
    /// The configuration it was built from.
    public let configuration: DNSConfiguration
    /// The cache, nil when disabled.
    public let cache: DNSCache?
    let forwarder: DNSForwarder?
    let queryLog: DNSQueryLog?
    let metrics: DNSMetrics
    let group: any EventLoopGroup
    let logger: Logger
    /// Looked up once (finding the tracer costs more than a span); nil when none is bootstrapped.
    let tracer: (any Tracer)?
    private let filter: Mutex<DNSFilter>
    /// The global mock rules.
    let mocks: DNSMockTable

    /// The deepest chain of mock aliases followed.
    static let maxAliasDepth = 8

    /// A resolver for `configuration` whose list files are already read into `filter`.
    public init(
        configuration: DNSConfiguration, filter: DNSFilter, group: any EventLoopGroup, metrics: DNSMetrics = DNSMetrics(),
        logger: Logger = Logger(label: "sluice.dns"), tracer: (any Tracer)? = DNSResolver.bootstrappedTracer,
        now: @escaping @Sendable () -> UInt64 = { NIODeadline.now().uptimeNanoseconds }
    ) throws {
        self.configuration = configuration
        self.cache = configuration.cache.enabled ? DNSCache(settings: configuration.cache, metrics: metrics, now: now) : nil
        self.forwarder = configuration.upstreams.isEmpty ? nil : try DNSForwarder(
            upstreams: configuration.upstreams, timeout: configuration.timeout, retries: configuration.retries, metrics: metrics
        )
        self.queryLog = configuration.queryLog.enabled ? try DNSQueryLog(settings: configuration.queryLog) : nil
        self.metrics = metrics
        self.group = group
        self.logger = logger
        self.tracer = tracer
        self.filter = Mutex(filter)
        self.mocks = DNSMockTable(settings: configuration.mock)
    }

    /// A resolver for `configuration`, reading its list files off the cooperative pool.
    public static func make(
        configuration: DNSConfiguration, group: any EventLoopGroup, metrics: DNSMetrics = DNSMetrics(),
        logger: Logger = Logger(label: "sluice.dns"), tracer: (any Tracer)? = DNSResolver.bootstrappedTracer
    ) async throws -> DNSResolver {
        let filter = try await DNSFilter.load(configuration.filter)
        return try DNSResolver(configuration: configuration, filter: filter, group: group, metrics: metrics, logger: logger, tracer: tracer)
    }

    /// The tracer bootstrapped on `InstrumentationSystem`, nil when none is (spans are skipped).
    public static var bootstrappedTracer: (any Tracer)? {
        let tracer = InstrumentationSystem.tracer
        return tracer is NoOpTracer ? nil : tracer
    }

    /// Reads the block and allow lists again; on error the lists in effect stay.
    public func reloadLists() async throws {
        let fresh = try await DNSFilter.load(configuration.filter)
        filter.withLock { $0 = fresh }
        logger.info("dns lists reloaded", metadata: ["blocked": "\(fresh.blocked.count)", "allowed": "\(fresh.allowed.count)"])
    }

    /// Resolves `name`/`type` in-process, with `mocks` (e.g. a job's) over the global rules.
    public func resolve(_ name: String, type: DNSRecordType, mocks extra: [DNSMockRule] = []) async throws -> DNSAnswer {
        let question = DNSQuestion(name: try DNSName(name), type: type)
        let table = extra.isEmpty ? mocks : mocks.overlaid(with: extra, defaultTTL: configuration.mock.ttl)
        let eventLoop = group.next()
        return try await eventLoop.flatSubmit {
            self.resolve(question, mocks: table, on: eventLoop, depth: 0).future(on: eventLoop)
        }.get()
    }

    /// The IPv4 and IPv6 addresses of `host`, as an HTTP client needs them.
    public func addresses(of host: String, mocks extra: [DNSMockRule] = []) async throws -> [String] {
        async let v4 = resolve(host, type: .a, mocks: extra)
        async let v6 = resolve(host, type: .aaaa, mocks: extra)
        return try await v4.addresses + v6.addresses
    }

    /// The resolution pipeline for one question.
    func resolve(_ question: DNSQuestion, mocks table: DNSMockTable, on eventLoop: any EventLoop, depth: Int) -> DNSResolution {
        if filter.withLock({ $0.blocks(question.name) }) { return .ready(blockedAnswer(question)) }
        if let mock = table.answer(for: question.name) {
            return mockAnswer(mock, question: question, mocks: table, on: eventLoop, depth: depth)
        }
        if let cache, let hit = cache.lookup(question) {
            if hit.shouldPrefetch { prefetch(question, on: eventLoop) }
            return .ready(DNSAnswer(hit, decision: .cached))
        }
        return .pending(forward(question, on: eventLoop))
    }

    private func forward(_ question: DNSQuestion, on eventLoop: any EventLoop) -> EventLoopFuture<DNSAnswer> {
        guard let forwarder else { return eventLoop.makeSucceededFuture(DNSAnswer(responseCode: .refused, decision: .failed)) }
        return forwarder.forward(question, on: eventLoop).map { message in
            self.cache?.store(message, for: question)
            return DNSAnswer(message, decision: .forwarded)
        }.recover { error in
            if let hit = self.cache?.lookup(question, allowStale: true) { return DNSAnswer(hit, decision: .stale) }
            self.logger.warning("dns forwarding failed", metadata: ["question": "\(question)", "error": "\(error)"])
            return DNSAnswer(responseCode: .serverFailure, decision: .failed)
        }
    }

    private func prefetch(_ question: DNSQuestion, on eventLoop: any EventLoop) {
        guard let forwarder else { return }
        forwarder.forward(question, on: eventLoop).whenComplete { result in
            if case .success(let message) = result, self.cache?.store(message, for: question) == true { return }
            self.cache?.release(question)
        }
    }

    private func blockedAnswer(_ question: DNSQuestion) -> DNSAnswer {
        let settings = configuration.filter
        switch settings.response {
        case .nxdomain: return DNSAnswer(responseCode: .nameError, decision: .blocked)
        case .refused: return DNSAnswer(responseCode: .refused, decision: .blocked)
        case .nullAddress:
            let null: [[UInt8]] = [[0, 0, 0, 0], [UInt8](repeating: 0, count: 16)]
            return DNSAnswer(responseCode: .noError, answers: Self.addressRecords(null, question: question, ttl: settings.ttl), decision: .blocked)
        }
    }

    private func mockAnswer(
        _ mock: DNSMockTable.Answer, question: DNSQuestion, mocks table: DNSMockTable, on eventLoop: any EventLoop, depth: Int
    ) -> DNSResolution {
        switch mock {
        case .addresses(let addresses, let ttl):
            return .ready(DNSAnswer(responseCode: .noError, answers: Self.addressRecords(addresses, question: question, ttl: ttl), decision: .mocked))
        case .alias(let target, let ttl):
            let alias = DNSResourceRecord(name: question.name, ttl: ttl, data: .cname(target))
            guard question.type != .cname else { return .ready(DNSAnswer(responseCode: .noError, answers: [alias], decision: .mocked)) }
            guard depth < Self.maxAliasDepth else { return .ready(DNSAnswer(responseCode: .serverFailure, decision: .failed)) }
            let next = DNSQuestion(name: target, type: question.type, recordClass: question.recordClass)
            return resolve(next, mocks: table, on: eventLoop, depth: depth + 1).map { answer in
                var answer = answer
                answer.answers.insert(alias, at: 0)
                answer.decision = .mocked
                return answer
            }
        }
    }

    /// A and AAAA records for the addresses that fit the question's type (none for other types: NODATA).
    static func addressRecords(_ addresses: [[UInt8]], question: DNSQuestion, ttl: UInt32) -> [DNSResourceRecord] {
        addresses.compactMap { bytes in
            if bytes.count == 4, question.type == .a || question.type == .any {
                return DNSResourceRecord(name: question.name, ttl: ttl, data: .a(bytes))
            }
            if bytes.count == 16, question.type == .aaaa || question.type == .any {
                return DNSResourceRecord(name: question.name, ttl: ttl, data: .aaaa(bytes))
            }
            return nil
        }
    }
}

extension DNSResolver {
    /// Polls the list files every `filter.watch-interval` and reloads when one changed, until
    /// the task is cancelled. Returns at once when no interval is configured.
    public func watchListFiles() async {
        guard let interval = configuration.filter.watchInterval, interval.milliseconds > 0 else { return }
        var seen = await DNSFilter.modificationTimes(configuration.filter)
        // A change between the first load and this point has no earlier time to differ from:
        // load once more now, after taking the times, so no change falls between the two.
        do { try await reloadLists() } catch {
            logger.error("dns lists not reloaded; the previous lists stay", metadata: ["error": "\(error)"])
        }
        while !Task.isCancelled {
            do { try await Task.sleep(for: .milliseconds(interval.milliseconds)) } catch { return }
            let current = await DNSFilter.modificationTimes(configuration.filter)
            guard current != seen else { continue }
            seen = current
            do { try await reloadLists() } catch {
                logger.error("dns lists not reloaded; the previous lists stay", metadata: ["error": "\(error)"])
            }
        }
    }
}
