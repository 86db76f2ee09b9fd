/// One slice of a partitioned step: a name (the worker runs as `STEP:NAME`) and the values the
/// worker's components read as `#{partition['KEY']}`.
public struct Partition: Sendable, Hashable {
    /// The partition name, unique within the step.
    public var name: String
    /// The partition's values.
    public var values: ExecutionContext

    /// Creates a partition.
    public init(name: String, values: ExecutionContext) {
        self.name = name
        self.values = values
    }
}

/// Splits a step's work into partitions. Called once per step instance: the plan is saved in the
/// manager step's context, so a restart reruns exactly the partitions that did not complete.
public protocol Partitioner: Sendable {
    /// The partitions, in order; `gridSize` is a hint for how many to make.
    func partitions(gridSize: Int) async throws -> [Partition]
}

/// A fixed list of partitions (`plan:` in JSL), named `p0`, `p1`, ... unless given names.
public struct StaticPartitioner: Partitioner {
    /// The partitions.
    public let plan: [Partition]

    /// Partitions from explicit values, named `p0`, `p1`, ...
    public init(_ values: [ExecutionContext]) {
        plan = values.enumerated().map { Partition(name: "p\($0.offset)", values: $0.element) }
    }

    /// Partitions with names.
    public init(partitions: [Partition]) { plan = partitions }

    public func partitions(gridSize: Int) async throws -> [Partition] { plan }
}

/// Splits an integer range `min...max` into `gridSize` contiguous ranges with `min` and `max`
/// values (the JSL `range` partitioner).
public struct RangePartitioner: Partitioner {
    /// The first value.
    public var min: Int
    /// The last value (inclusive).
    public var max: Int

    /// Creates the partitioner.
    public init(min: Int, max: Int) {
        self.min = min
        self.max = max
    }

    public func partitions(gridSize: Int) async throws -> [Partition] {
        guard max >= min else { return [] }
        let total = max - min + 1
        let count = Swift.min(Swift.max(1, gridSize), total)
        var result: [Partition] = []
        var start = min
        for i in 0..<count {
            let size = total / count + (i < total % count ? 1 : 0)
            result.append(Partition(name: "p\(i)", values: ["min": .int(start), "max": .int(start + size - 1)]))
            start += size
        }
        return result
    }
}
