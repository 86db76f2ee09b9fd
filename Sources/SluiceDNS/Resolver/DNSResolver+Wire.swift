import NIOCore
import Tracing

/// The reply to one wire query: ready now, later, or none (the packet is dropped).
enum DNSReply {
    case ready([UInt8])
    case pending(EventLoopFuture<[UInt8]>)
    case drop
}

extension DNSResolver {
    /// Answers the wire query `bytes` from `client`. Malformed queries get FORMERR when their
    /// header can be read, and are dropped otherwise; responses are never answered (no loops).
    func reply(to bytes: [UInt8], client: SocketAddress?, overTCP: Bool, on eventLoop: any EventLoop) -> DNSReply {
        let started = NIODeadline.now()
        let spanStart = tracer == nil ? nil : DefaultTracerClock.now
        let query: DNSMessage
        do {
            query = try DNSMessage(wire: bytes)
        } catch {
            guard bytes.count >= DNSMessage.headerLength, bytes[2] & 0x80 == 0 else { return .drop }
            let header = DNSHeader(id: UInt16(bytes[0]) << 8 | UInt16(bytes[1]), flags: UInt16(bytes[2]) << 8 | UInt16(bytes[3]))
            var response = DNSMessage.response(to: DNSMessage(header: header), code: .formatError)
            response.header.opcode = header.opcode
            return .ready(response.wire())
        }
        guard !query.header.isResponse else { return .drop }
        guard query.header.opcode == 0 else { return .ready(DNSMessage.response(to: query, code: .notImplemented).wire()) }
        guard query.questions.count == 1 else { return .ready(DNSMessage.response(to: query, code: .formatError).wire()) }
        let limit = overTCP ? 65535 : Int(query.edns.map { min(max($0.udpPayloadSize, 512), 4096) } ?? 512)
        let question = query.questions[0]
        switch resolve(question, mocks: mocks, on: eventLoop, depth: 0) {
        case .ready(let answer):
            return .ready(finish(query, answer, limit: limit, client: client, started: started, spanStart: spanStart))
        case .pending(let future):
            return .pending(future.map { self.finish(query, $0, limit: limit, client: client, started: started, spanStart: spanStart) })
        }
    }

    private func finish(
        _ query: DNSMessage, _ answer: DNSAnswer, limit: Int, client: SocketAddress?, started: NIODeadline, spanStart: DefaultTracerClock.Instant?
    ) -> [UInt8] {
        var response = DNSMessage.response(to: query, code: answer.responseCode)
        response.answers = answer.answers
        response.authorities = answer.authorities
        response.additionals = answer.additionals
        let wire = response.wire(maxSize: limit)
        record(query.questions[0], answer, client: client, started: started, spanStart: spanStart)
        return wire
    }

    /// Metrics, the query log and the query's span.
    private func record(
        _ question: DNSQuestion, _ answer: DNSAnswer, client: SocketAddress?, started: NIODeadline, spanStart: DefaultTracerClock.Instant?
    ) {
        metrics.query(type: question.type, decision: answer.decision)
        let elapsed = NIODeadline.now() - started
        if let queryLog {
            queryLog.record(DNSQueryLog.Entry(
                time: DNSQueryLog.timestamp(), client: client.map { "\($0.ipAddress ?? "?"):\($0.port ?? 0)" } ?? "in-process", name: question.name.description, type: question.type.description,
                decision: answer.decision.rawValue, rcode: answer.responseCode.description,
                latencyMs: Double(elapsed.nanoseconds) / 1_000_000
            ))
        }
        if let tracer, let spanStart {
            let span = tracer.startSpan("dns.query", context: .topLevel, ofKind: .server, at: spanStart)
            span.attributes["dns.question.name"] = question.name.description
            span.attributes["dns.question.type"] = question.type.description
            span.attributes["dns.decision"] = answer.decision.rawValue
            span.attributes["dns.response_code"] = answer.responseCode.description
            span.attributes["dns.latency_ms"] = Double(elapsed.nanoseconds) / 1_000_000
            span.end()
        }
    }
}
