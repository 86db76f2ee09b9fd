extension DNSMessage {
    /// The smallest message: the header alone.
    public static let headerLength = 12

    /// Reads a message from wire bytes; throws ``DNSParseError`` for anything malformed.
    /// Work is bounded by the packet size: counts larger than the bytes can hold fail early.
    public init(wire bytes: [UInt8]) throws(DNSParseError) {
        var reader = DNSWireReader(bytes: bytes)
        let id = try reader.readUInt16()
        let flags = try reader.readUInt16()
        let counts = [try reader.readUInt16(), try reader.readUInt16(), try reader.readUInt16(), try reader.readUInt16()]
        // A question takes at least 5 bytes and a record 11: reject impossible counts at once.
        let minimumLength = Int(counts[0]) * 5 + (Int(counts[1]) + Int(counts[2]) + Int(counts[3])) * 11
        guard minimumLength <= reader.remaining else { throw .truncated(offset: reader.offset) }
        var questions: [DNSQuestion] = []
        questions.reserveCapacity(Int(counts[0]))
        for _ in 0..<counts[0] {
            let name = try reader.readName()
            let type = DNSRecordType(rawValue: try reader.readUInt16())
            let recordClass = DNSRecordClass(rawValue: try reader.readUInt16())
            questions.append(DNSQuestion(name: name, type: type, recordClass: recordClass))
        }
        var edns: DNSEDNS?
        let answers = try Self.readRecords(count: counts[1], from: &reader, edns: &edns, allowOPT: false)
        let authorities = try Self.readRecords(count: counts[2], from: &reader, edns: &edns, allowOPT: false)
        let additionals = try Self.readRecords(count: counts[3], from: &reader, edns: &edns, allowOPT: true)
        self.init(
            header: DNSHeader(id: id, flags: flags), questions: questions, answers: answers,
            authorities: authorities, additionals: additionals, edns: edns
        )
    }

    private static func readRecords(
        count: UInt16, from reader: inout DNSWireReader, edns: inout DNSEDNS?, allowOPT: Bool
    ) throws(DNSParseError) -> [DNSResourceRecord] {
        var records: [DNSResourceRecord] = []
        records.reserveCapacity(Int(count))
        for _ in 0..<count {
            let start = reader.offset
            let name = try reader.readName()
            let type = DNSRecordType(rawValue: try reader.readUInt16())
            let classValue = try reader.readUInt16()
            let ttl = try reader.readUInt32()
            let length = Int(try reader.readUInt16())
            guard length <= reader.remaining else { throw .truncated(offset: reader.offset) }
            if type == .opt {
                guard allowOPT, edns == nil, name == .root else { throw .badOPT(offset: start) }
                edns = DNSEDNS(
                    udpPayloadSize: classValue, extendedResponseCode: UInt8(ttl >> 24), version: UInt8((ttl >> 16) & 0xFF),
                    dnssecOK: ttl & 0x8000 != 0, options: try reader.readBytes(length)
                )
                continue
            }
            let data = try readData(type: type, length: length, from: &reader)
            records.append(DNSResourceRecord(name: name, type: type, recordClass: DNSRecordClass(rawValue: classValue), ttl: ttl, data: data))
        }
        return records
    }

    private static func readData(type: DNSRecordType, length: Int, from reader: inout DNSWireReader) throws(DNSParseError) -> DNSRecordData {
        let start = reader.offset
        let end = start + length
        let data: DNSRecordData
        switch type {
        case .a:
            guard length == 4 else { throw .badRecordData(offset: start, type: type) }
            data = .a(try reader.readBytes(4))
        case .aaaa:
            guard length == 16 else { throw .badRecordData(offset: start, type: type) }
            data = .aaaa(try reader.readBytes(16))
        case .cname: data = .cname(try reader.readName())
        case .ns: data = .ns(try reader.readName())
        case .ptr: data = .ptr(try reader.readName())
        case .mx: data = .mx(preference: try reader.readUInt16(), exchange: try reader.readName())
        case .srv:
            data = .srv(priority: try reader.readUInt16(), weight: try reader.readUInt16(), port: try reader.readUInt16(), target: try reader.readName())
        case .soa:
            data = .soa(DNSStartOfAuthority(
                primary: try reader.readName(), mailbox: try reader.readName(), serial: try reader.readUInt32(),
                refresh: try reader.readUInt32(), retry: try reader.readUInt32(), expire: try reader.readUInt32(), minimum: try reader.readUInt32()
            ))
        case .txt:
            var strings: [[UInt8]] = []
            while reader.offset < end {
                let count = Int(try reader.readUInt8())
                guard reader.offset + count <= end else { throw .badRecordData(offset: start, type: type) }
                strings.append(try reader.readBytes(count))
            }
            data = .txt(strings)
        default:
            data = .opaque(try reader.readBytes(length))
        }
        guard reader.offset == end else { throw .badRecordData(offset: start, type: type) }
        return data
    }

    /// The message in wire format. When it is longer than `maxSize` (a UDP limit), the answer,
    /// authority and additional sections are dropped and TC is set, so the client retries over TCP.
    public func wire(maxSize: Int = 65535) -> [UInt8] {
        let full = encode(withRecords: true)
        if full.count <= maxSize { return full }
        var truncated = self
        truncated.header.isTruncated = true
        return truncated.encode(withRecords: false)
    }

    private func encode(withRecords: Bool) -> [UInt8] {
        var writer = DNSWireWriter()
        writer.write(header.id)
        writer.write(header.flags)
        writer.write(UInt16(questions.count))
        writer.write(UInt16(withRecords ? answers.count : 0))
        writer.write(UInt16(withRecords ? authorities.count : 0))
        writer.write(UInt16((withRecords ? additionals.count : 0) + (edns == nil ? 0 : 1)))
        for question in questions {
            writer.write(question.name)
            writer.write(question.type.rawValue)
            writer.write(question.recordClass.rawValue)
        }
        if withRecords {
            for record in answers { Self.write(record, into: &writer) }
            for record in authorities { Self.write(record, into: &writer) }
            for record in additionals { Self.write(record, into: &writer) }
        }
        if let edns {
            writer.write(UInt8(0))
            writer.write(DNSRecordType.opt.rawValue)
            writer.write(edns.udpPayloadSize)
            writer.write(UInt32(edns.extendedResponseCode) << 24 | UInt32(edns.version) << 16 | (edns.dnssecOK ? 0x8000 : 0))
            writer.write(UInt16(edns.options.count))
            writer.write(bytes: edns.options)
        }
        return writer.bytes
    }

    private static func write(_ record: DNSResourceRecord, into writer: inout DNSWireWriter) {
        writer.write(record.name)
        writer.write(record.type.rawValue)
        writer.write(record.recordClass.rawValue)
        writer.write(record.ttl)
        let lengthOffset = writer.count
        writer.write(UInt16(0))
        switch record.data {
        case .a(let bytes), .aaaa(let bytes), .opaque(let bytes): writer.write(bytes: bytes)
        case .cname(let name), .ns(let name), .ptr(let name): writer.write(name)
        case .mx(let preference, let exchange):
            writer.write(preference)
            writer.write(exchange)
        case .srv(let priority, let weight, let port, let target):
            writer.write(priority)
            writer.write(weight)
            writer.write(port)
            writer.write(target, compress: false)
        case .soa(let soa):
            writer.write(soa.primary)
            writer.write(soa.mailbox)
            for value in [soa.serial, soa.refresh, soa.retry, soa.expire, soa.minimum] { writer.write(value) }
        case .txt(let strings):
            for string in strings {
                let bytes = string.prefix(255)
                writer.write(UInt8(bytes.count))
                writer.write(bytes: Array(bytes))
            }
        }
        writer.patch(UInt16(writer.count - lengthOffset - 2), at: lengthOffset)
    }
}
