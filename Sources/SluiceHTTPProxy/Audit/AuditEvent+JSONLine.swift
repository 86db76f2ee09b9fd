import Sluice

extension AuditEvent {
    /// The event as one JSON line (keys sorted, absent fields left out, `/` not escaped, ending
    /// in a newline): what `JSONEncoder` with `.sortedKeys` writes, without its per-event cost
    /// on the proxy's hot path.
    var jsonLine: [UInt8] {
        var line = JSONLineWriter()
        line.field("action", string: action)
        line.field("bytesDown", integer: bytesDown)
        line.field("bytesUp", integer: bytesUp)
        line.field("client", string: client)
        if let findings {
            line.key("findings")
            line.object(findings)
        }
        line.field("job", string: job)
        line.field("method", string: method)
        line.field("reason", string: reason)
        line.field("rule", string: rule)
        line.field("status", integer: status)
        line.field("time", string: time)
        line.field("url", string: url)
        line.field("user", string: user)
        return line.finished()
    }
}

/// Builds one JSON object of string and integer fields (strings escaped by ``Sluice/JSONText``).
struct JSONLineWriter {
    private(set) var bytes: [UInt8] = [UInt8(ascii: "{")]
    private var empty = true

    init() { bytes.reserveCapacity(256) }

    mutating func field(_ name: String, string value: String?) {
        guard let value else { return }
        key(name)
        string(value)
    }

    mutating func field(_ name: String, integer value: Int?) {
        guard let value else { return }
        key(name)
        bytes.append(contentsOf: String(value).utf8)
    }

    /// Writes `"name":`, after a comma unless it is the first field.
    mutating func key(_ name: String) {
        if !empty { bytes.append(UInt8(ascii: ",")) }
        empty = false
        string(name)
        bytes.append(UInt8(ascii: ":"))
    }

    /// Writes an object of integers, keys sorted.
    mutating func object(_ counts: [String: Int]) {
        var nested = JSONLineWriter()
        for (name, count) in counts.sorted(by: { $0.key < $1.key }) { nested.field(name, integer: count) }
        bytes.append(contentsOf: nested.bytes + [UInt8(ascii: "}")])
    }

    /// Writes a quoted, escaped string.
    mutating func string(_ value: String) {
        JSONText.appendQuoted(value, to: &bytes)
    }

    /// The object, closed, with a newline.
    func finished() -> [UInt8] { bytes + [UInt8(ascii: "}"), 0x0A] }
}
