/// A dictionary bounded to `capacity` entries that evicts the least recently used one.
/// Nodes live in one array linked by indices, so lookups and updates allocate nothing.
struct LRUStore<Key: Hashable, Value> {
    private struct Node {
        var key: Key
        var value: Value
        var newer: Int  // towards the most recently used end, -1 at the head
        var older: Int  // towards the least recently used end, -1 at the tail
    }

    let capacity: Int
    private var indices: [Key: Int] = [:]
    private var nodes: [Node] = []
    private var freeSlots: [Int] = []
    private var newest = -1
    private var oldest = -1

    init(capacity: Int) { self.capacity = max(1, capacity) }

    var count: Int { indices.count }

    /// The value for `key`, marking it most recently used.
    mutating func value(for key: Key) -> Value? {
        guard let index = indices[key] else { return nil }
        moveToFront(index)
        return nodes[index].value
    }

    /// Runs `body` on the value for `key` in place, marking it most recently used; nil when absent.
    mutating func withValue<R>(for key: Key, _ body: (inout Value) -> R) -> R? {
        guard let index = indices[key] else { return nil }
        moveToFront(index)
        return body(&nodes[index].value)
    }

    /// Changes the value in place without touching recency; returns whether `key` was present.
    @discardableResult
    mutating func update(_ key: Key, _ change: (inout Value) -> Void) -> Bool {
        guard let index = indices[key] else { return false }
        change(&nodes[index].value)
        return true
    }

    /// Stores `value` as most recently used; returns the number of entries evicted (0 or 1).
    @discardableResult
    mutating func set(_ value: Value, for key: Key) -> Int {
        if let index = indices[key] {
            nodes[index].value = value
            moveToFront(index)
            return 0
        }
        var evicted = 0
        if indices.count >= capacity, oldest >= 0 {
            remove(nodes[oldest].key)
            evicted = 1
        }
        let node = Node(key: key, value: value, newer: -1, older: newest)
        let index: Int
        if let slot = freeSlots.popLast() {
            nodes[slot] = node
            index = slot
        } else {
            nodes.append(node)
            index = nodes.count - 1
        }
        if newest >= 0 { nodes[newest].newer = index }
        newest = index
        if oldest < 0 { oldest = index }
        indices[key] = index
        return evicted
    }

    /// Removes `key` if present.
    mutating func remove(_ key: Key) {
        guard let index = indices.removeValue(forKey: key) else { return }
        unlink(index)
        freeSlots.append(index)
    }

    /// Removes everything.
    mutating func removeAll() {
        indices.removeAll()
        nodes.removeAll()
        freeSlots.removeAll()
        newest = -1
        oldest = -1
    }

    private mutating func unlink(_ index: Int) {
        let node = nodes[index]
        if node.newer >= 0 { nodes[node.newer].older = node.older } else { newest = node.older }
        if node.older >= 0 { nodes[node.older].newer = node.newer } else { oldest = node.newer }
    }

    private mutating func moveToFront(_ index: Int) {
        guard newest != index else { return }
        unlink(index)
        nodes[index].older = newest
        nodes[index].newer = -1
        if newest >= 0 { nodes[newest].newer = index }
        newest = index
        if oldest < 0 { oldest = index }
    }
}
