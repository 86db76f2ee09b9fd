/// The components a job file can name, by kind and name: the built-in ones (registered by the
/// tool) plus a user's own, registered from Swift with typed, `Decodable` properties.
///
/// ```swift
/// var registry = ComponentRegistry()
/// registry.registerProcessor("geocode", properties: GeocodeProperties.self) { props, context in
///     GeocodeProcessor(endpoint: props.endpoint)
/// }
/// ```
/// The job loader validates the properties when the file is loaded (unknown keys, missing or
/// mistyped values, with file, line and column) and builds the component when its step starts,
/// after resolving `#{...}` placeholders — so each step execution gets fresh components.
public struct ComponentRegistry: Sendable {
    /// The kinds of component.
    public enum Kind: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
        case reader, processor, writer, tasklet, listener, decider, partitioner
        public var description: String { rawValue }
    }

    private var entries: [Kind: [String: ComponentEntry]] = [:]

    /// An empty registry.
    public init() {}

    /// Whether a component of `kind` is registered under `name`.
    public func contains(_ kind: Kind, _ name: String) -> Bool { entries[kind]?[name] != nil }

    /// The registered names of a kind, sorted.
    public func names(of kind: Kind) -> [String] { (entries[kind] ?? [:]).keys.sorted() }

    // MARK: Registration

    /// Registers an item reader of ``Record``s.
    public mutating func registerReader<P: Decodable & Sendable>(
        _ name: String, properties: P.Type, check: PropertyCheck<P>? = nil,
        _ make: @escaping @Sendable (P, ComponentContext) async throws -> any ItemReader<Record>
    ) {
        add(.reader, name, properties, check, make)
    }

    /// Registers an item processor of ``Record``s.
    public mutating func registerProcessor<P: Decodable & Sendable>(
        _ name: String, properties: P.Type, check: PropertyCheck<P>? = nil,
        _ make: @escaping @Sendable (P, ComponentContext) async throws -> any ItemProcessor<Record, Record>
    ) {
        add(.processor, name, properties, check, make)
    }

    /// Registers an item writer of ``Record``s. `transactionManager`, when given, supplies the
    /// transactions of the chunks it writes (a database writer's connection); it is asked once
    /// when the job is assembled, without a step context.
    public mutating func registerWriter<P: Decodable & Sendable>(
        _ name: String, properties: P.Type, check: PropertyCheck<P>? = nil,
        transactionManager: (@Sendable (P, ComponentContext) async throws -> (any TransactionManager)?)? = nil,
        _ make: @escaping @Sendable (P, ComponentContext) async throws -> any ItemWriter<Record>
    ) {
        add(.writer, name, properties, check, make)
        if let transactionManager {
            entries[.writer]?[name]?.transactionManager = { node, context in
                try await transactionManager(try Self.decode(P.self, node, context), context)
            }
        }
    }

    /// Registers a tasklet. `transactionManager` is as for writers.
    public mutating func registerTasklet<P: Decodable & Sendable>(
        _ name: String, properties: P.Type, check: PropertyCheck<P>? = nil,
        transactionManager: (@Sendable (P, ComponentContext) async throws -> (any TransactionManager)?)? = nil,
        _ make: @escaping @Sendable (P, ComponentContext) async throws -> any Tasklet
    ) {
        add(.tasklet, name, properties, check, make)
        if let transactionManager {
            entries[.tasklet]?[name]?.transactionManager = { node, context in
                try await transactionManager(try Self.decode(P.self, node, context), context)
            }
        }
    }

    /// Registers a listener: any of the core's listener protocols (job, step, chunk, item, skip,
    /// retry); it is attached wherever the job file lists it and receives the events it conforms to.
    public mutating func registerListener<P: Decodable & Sendable>(
        _ name: String, properties: P.Type, check: PropertyCheck<P>? = nil, _ make: @escaping @Sendable (P, ComponentContext) async throws -> any Sendable
    ) {
        add(.listener, name, properties, check, make)
    }

    /// Registers a decider, used by `decision: ID` with `ref: NAME`.
    public mutating func registerDecider<P: Decodable & Sendable>(
        _ name: String, properties: P.Type, check: PropertyCheck<P>? = nil, _ make: @escaping @Sendable (P, ComponentContext) async throws -> any Decider
    ) {
        add(.decider, name, properties, check, make)
    }

    /// Registers a partitioner, used by a step's `partition: { partitioner: { NAME: ... } }`.
    public mutating func registerPartitioner<P: Decodable & Sendable>(
        _ name: String, properties: P.Type, check: PropertyCheck<P>? = nil, _ make: @escaping @Sendable (P, ComponentContext) async throws -> any Partitioner
    ) {
        add(.partitioner, name, properties, check, make)
    }

    /// Adds every component of `other`; on a name clash the one in `other` wins.
    public mutating func merge(_ other: ComponentRegistry) {
        for (kind, named) in other.entries { entries[kind, default: [:]].merge(named) { _, new in new } }
    }

    private mutating func add<P: Decodable & Sendable, C>(
        _ kind: Kind, _ name: String, _ type: P.Type, _ check: PropertyCheck<P>?,
        _ make: @escaping @Sendable (P, ComponentContext) async throws -> C
    ) {
        entries[kind, default: [:]][name] = ComponentEntry(
            validate: { node in
                let properties = try PropertyDecoder(allowsLateBinding: true).decode(P.self, from: node)
                guard let check else { return }
                // Checks see placeholders as `0`: their values exist only when the step starts.
                let neutral = node.mapScalars { text, _, _ in PlaceholderText.replacingPlaceholders(in: text, with: "0") }
                try check((try? PropertyDecoder(allowsLateBinding: true).decode(P.self, from: neutral)) ?? properties, node)
            },
            make: { node, context in try await make(try Self.decode(P.self, node, context), context) })
    }

    private static func decode<P: Decodable>(_ type: P.Type, _ node: PropertyNode, _ context: ComponentContext) throws -> P {
        do {
            return try PropertyDecoder().decode(P.self, from: node)
        } catch {
            throw BatchError(.validation, "\(context.componentName): \(error.description)")
        }
    }

    // MARK: Use

    /// Checks `properties` for the component `name` of `kind` (placeholders allowed); throws
    /// ``PropertyProblems``.
    public func validate(_ kind: Kind, _ name: String, properties: PropertyNode) throws(PropertyProblems) {
        guard let entry = entries[kind]?[name] else {
            throw PropertyProblems([PropertyProblem(unknownMessage(kind, name), at: properties.location)])
        }
        do { try entry.validate(properties) } catch let problems as PropertyProblems {
            throw problems
        } catch {
            throw PropertyProblems([PropertyProblem("\(error)", at: properties.location)])
        }
    }

    /// "unknown reader 'csvv' (did you mean 'csv'?)".
    public func unknownMessage(_ kind: Kind, _ name: String) -> String {
        let known = names(of: kind)
        let hint = NameSuggestion.hint(for: name, in: known)
        return "unknown \(kind) '\(name)'\(hint)" + (hint.isEmpty && !known.isEmpty ? "; known: " + known.joined(separator: ", ") : "")
    }

    /// Builds the component `name` of `kind` from resolved `properties`.
    public func make<C>(_ kind: Kind, _ name: String, as type: C.Type, properties: PropertyNode, context: ComponentContext) async throws -> C {
        guard let entry = entries[kind]?[name] else { throw BatchError(.validation, unknownMessage(kind, name)) }
        let made = try await entry.make(properties, context)
        guard let component = made as? C else {
            throw BatchError(.validation, "\(kind) '\(name)' made a \(Swift.type(of: made)), which is not a \(C.self)")
        }
        return component
    }

    /// The transaction manager a writer or tasklet asks for, if it registered one.
    public func transactionManager(_ kind: Kind, _ name: String, properties: PropertyNode, context: ComponentContext) async throws -> (any TransactionManager)? {
        guard let supply = entries[kind]?[name]?.transactionManager else { return nil }
        return try await supply(properties, context)
    }
}

/// Extra checks of decoded properties when a job file is validated (expressions that must
/// compile, values that must agree); throw ``PropertyProblems`` located at the offending node.
public typealias PropertyCheck<P> = @Sendable (P, PropertyNode) throws -> Void

/// One registered component, its property type erased.
struct ComponentEntry: Sendable {
    let validate: @Sendable (PropertyNode) throws -> Void
    let make: @Sendable (PropertyNode, ComponentContext) async throws -> Any
    var transactionManager: (@Sendable (PropertyNode, ComponentContext) async throws -> (any TransactionManager)?)?

    init(validate: @escaping @Sendable (PropertyNode) throws -> Void, make: @escaping @Sendable (PropertyNode, ComponentContext) async throws -> Any) {
        self.validate = validate
        self.make = make
        transactionManager = nil
    }
}
