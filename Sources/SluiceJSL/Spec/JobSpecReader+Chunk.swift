import Sluice

extension JobSpecReader {
    static let chunkKeys = ["size", "time-limit", "read-ahead", "reader", "processor", "writer", "retry", "skip", "no-rollback"]

    mutating func chunk(_ node: PropertyNode, step id: String) -> ChunkSpec? {
        guard let fields = map(node, "chunk", keys: Self.chunkKeys) else { return nil }
        let reader = fields["reader"].flatMap { component($0.value, "reader") }
        let writer = fields["writer"].flatMap { component($0.value, "writer") }
        if fields["reader"] == nil { report("chunk step '\(id)' needs a 'reader:'", at: node.location) }
        if fields["writer"] == nil { report("chunk step '\(id)' needs a 'writer:'", at: node.location) }
        let retry = fields["retry"].flatMap { retryPolicy($0.value) } ?? .never
        let skip = fields["skip"].flatMap { skipPolicy($0.value) } ?? .never
        guard let reader, let writer else { return nil }
        return ChunkSpec(
            size: fields["size"].flatMap { int($0.value, "chunk size") } ?? 100,
            timeLimit: fields["time-limit"].flatMap { duration($0.value, "time-limit") },
            readAhead: fields["read-ahead"].flatMap { bool($0.value, "read-ahead") } ?? true,
            reader: reader,
            processors: fields["processor"].map { components($0.value, "processor") } ?? [],
            writer: writer, retry: retry, skip: skip,
            noRollback: fields["no-rollback"].map { matchers($0.value, "no-rollback") } ?? [])
    }

    private struct RetryProperties: Decodable {
        var limit: Int
        var on: [String]?
        var backoff: BackoffProperties?
    }

    private struct BackoffProperties: Decodable {
        var initial: DurationText?
        var multiplier: Double?
        var max: DurationText?
        var jitter: Bool?
        var fixed: DurationText?
    }

    private struct SkipProperties: Decodable {
        var limit: Int
        var on: [String]?
    }

    private mutating func retryPolicy(_ node: PropertyNode) -> RetryPolicy? {
        guard let props = decode(RetryProperties.self, node) else { return nil }
        guard props.limit >= 0 else {
            report("retry limit must be ≥ 0, not \(props.limit)", at: node["limit"]?.location)
            return nil
        }
        let on = checkedMatchers(props.on ?? ["transient", "timeout", "connection"], node["on"])
        var backoff = Backoff.none
        if let b = props.backoff {
            if let fixed = b.fixed {
                backoff = .fixed(fixed.duration)
            } else {
                backoff = .exponential(initial: b.initial?.duration ?? .milliseconds(100), multiplier: b.multiplier ?? 2,
                                       max: b.max?.duration ?? .seconds(30), jitter: b.jitter ?? false)
            }
        }
        return RetryPolicy(limit: props.limit, on: on, backoff: backoff)
    }

    private mutating func skipPolicy(_ node: PropertyNode) -> SkipPolicy? {
        guard let props = decode(SkipProperties.self, node) else { return nil }
        guard props.limit >= 0 else {
            report("skip limit must be ≥ 0, not \(props.limit)", at: node["limit"]?.location)
            return nil
        }
        guard let on = props.on, !on.isEmpty else {
            report("skip needs 'on:' — the error categories to skip, e.g. [parse, validation]", at: node.location)
            return nil
        }
        return SkipPolicy(limit: props.limit, on: checkedMatchers(on, node["on"]))
    }

    private mutating func matchers(_ node: PropertyNode, _ what: String) -> [ErrorMatcher] {
        guard let items = node.items else {
            report("\(what) must be a list of error categories or type names", at: node.location)
            return []
        }
        return checkedMatchers(items.compactMap { string($0, what) }, node)
    }

    /// Category names are checked for typos; other names are Swift error type names (custom components).
    private mutating func checkedMatchers(_ names: [String], _ node: PropertyNode?) -> [ErrorMatcher] {
        let known = ErrorCategory.builtIn.map(\.rawValue)
        for (index, name) in names.enumerated() where !known.contains(name) && name.first?.isLowercase == true {
            let at = node?.items?[safe: index]?.location ?? node?.location
            report("unknown error category '\(name)'\(NameSuggestion.hint(for: name, in: known)); categories: \(known.joined(separator: ", ")), or a Swift error type name", at: at)
        }
        return names.map { ErrorMatcher($0) }
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
