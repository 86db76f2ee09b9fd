import Foundation

/// The dictionary of a dictionary-encoded column chunk: the distinct PLAIN-encoded values in the
/// order first seen, stored back to back (which is exactly the dictionary page body), and found by
/// their bytes through an open-addressing table, so a lookup allocates nothing.
struct EncodedValueDictionary {
    /// What ``insert(_:byteLimit:)`` did.
    enum Insertion: Equatable {
        /// The value was already present at this index.
        case existing(UInt32)
        /// The value was added at this index.
        case added(UInt32)
        /// Adding the value would pass the byte limit; nothing changed.
        case full
    }

    /// Every entry, back to back.
    private(set) var bytes: [UInt8] = []
    /// Entry `i` is `bytes[starts[i]..<starts[i + 1]]`.
    private var starts: [Int] = [0]
    /// Entry index + 1 per slot, 0 for an empty slot; the count is a power of two.
    private var slots = [Int32](repeating: 0, count: 64)
    /// Each entry's hash, kept for growing the table.
    private var hashes: [UInt64] = []

    /// Number of entries.
    var count: Int { starts.count - 1 }

    /// Bytes of all entries.
    var byteSize: Int { bytes.count }

    /// Removes every entry, keeping the table's size and the storage's capacity: the next row
    /// group of a column usually has as many distinct values, so it does not grow the table again.
    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        starts.removeAll(keepingCapacity: true)
        starts.append(0)
        hashes.removeAll(keepingCapacity: true)
        slots.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
    }

    /// The encoded bytes of entry `index`.
    func entry(_ index: Int) -> ArraySlice<UInt8> { bytes[starts[index]..<starts[index + 1]] }

    /// Finds `value`, or adds it when the entries stay within `byteLimit` bytes.
    mutating func insert(_ value: [UInt8], byteLimit: Int) -> Insertion {
        value.withUnsafeBytes { insert(raw: $0, byteLimit: byteLimit) }
    }

    /// Finds the value of these bytes, or adds it when the entries stay within `byteLimit` bytes.
    mutating func insert(raw value: UnsafeRawBufferPointer, byteLimit: Int) -> Insertion {
        let hash = Self.hash(value)
        let probe = find(hash) { entryEquals($0, skipping: 0, value) }
        if let found = probe.found { return .existing(UInt32(found)) }
        return add(hash: hash, at: probe.slot, byteCount: value.count, byteLimit: byteLimit) { $0.append(contentsOf: value) }
    }

    /// Finds or adds a fixed-width number: its `byteCount` low bytes, little-endian (every entry
    /// of the dictionary must have that width). The hash of a fixed-width value is a bijection of
    /// its bits, so equal hashes mean equal values and no bytes are compared.
    mutating func insert(number bits: UInt64, byteCount: Int, byteLimit: Int) -> Insertion {
        let value = Self.stored(bits, byteCount: byteCount)
        let hash = Self.numberHash(value, byteCount: byteCount)
        let probe = find(hash) { _ in true }
        if let found = probe.found { return .existing(UInt32(found)) }
        return add(hash: hash, at: probe.slot, byteCount: byteCount, byteLimit: byteLimit) { bytes in
            withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0[..<byteCount]) }
        }
    }

    /// The bits a number's entry stores: its `byteCount` low bytes, zero-extended as ``hash(_:)``
    /// reads them (a sign-extended Int32 would hash differently).
    @inline(__always)
    static func stored(_ bits: UInt64, byteCount: Int) -> UInt64 {
        byteCount == 8 ? bits : bits & ((1 << (8 * UInt64(byteCount))) - 1)
    }

    /// ``hash(_:)`` of a number's `byteCount` little-endian bytes (`value` already ``stored(_:byteCount:)``).
    @inline(__always)
    static func numberHash(_ value: UInt64, byteCount: Int) -> UInt64 {
        mix(seed ^ UInt64(byteCount) ^ value)
    }

    /// Finds fixed-width numbers while every one is present, for a chunk's values that mostly
    /// repeat: for each row of `rows` that `skips` does not pass over, writes the entry index of
    /// `number(row)` (its `byteCount` low bytes) to `output`, in order. Stops at the first number
    /// the dictionary lacks; returns that row (or `rows.upperBound`) and how many indices it wrote.
    @inline(__always)
    func lookUpNumbers(_ rows: Range<Int>, byteCount: Int, skips: (Int) -> Bool, number: (Int) -> UInt64,
                       into output: UnsafeMutablePointer<UInt32>) -> (stop: Int, written: Int) {
        slots.withUnsafeBufferPointer { slots in
            hashes.withUnsafeBufferPointer { hashes in
                let mask = slots.count - 1
                var written = 0
                for row in rows where !skips(row) {
                    let hash = Self.numberHash(Self.stored(number(row), byteCount: byteCount), byteCount: byteCount)
                    var slot = Int(truncatingIfNeeded: hash) & mask
                    while true {
                        let entry = Int(slots[slot])
                        if entry == 0 { return (row, written) }
                        if hashes[entry - 1] == hash {
                            output[written] = UInt32(truncatingIfNeeded: entry - 1)
                            written += 1
                            break
                        }
                        slot = (slot + 1) & mask
                    }
                }
                return (rows.upperBound, written)
            }
        }
    }

    /// Finds byte arrays while every one is present, as ``lookUpNumbers(_:byteCount:skips:number:into:)``
    /// finds numbers: `value(row)` is the value's bytes, compared with the entries by their PLAIN
    /// encoding when `prefixed` (BYTE_ARRAY), else as they are (FIXED_LEN_BYTE_ARRAY).
    @inline(__always)
    func lookUpBytes(_ rows: Range<Int>, prefixed: Bool, skips: (Int) -> Bool, value: (Int) -> UnsafeRawBufferPointer,
                     into output: UnsafeMutablePointer<UInt32>) -> (stop: Int, written: Int) {
        slots.withUnsafeBufferPointer { slots in
            hashes.withUnsafeBufferPointer { hashes in
                starts.withUnsafeBufferPointer { starts in
                    bytes.withUnsafeBytes { stored in
                        let mask = slots.count - 1
                        let prefix = prefixed ? 4 : 0
                        var written = 0
                        for row in rows where !skips(row) {
                            let probe = value(row)
                            let hash = prefixed ? Self.hash(lengthPrefixed: probe) : Self.hash(probe)
                            var slot = Int(truncatingIfNeeded: hash) & mask
                            while true {
                                let entry = Int(slots[slot])
                                if entry == 0 { return (row, written) }
                                let index = entry - 1
                                if hashes[index] == hash, Self.entry(index, in: stored, starts: starts, skipping: prefix, equals: probe) {
                                    output[written] = UInt32(truncatingIfNeeded: index)
                                    written += 1
                                    break
                                }
                                slot = (slot + 1) & mask
                            }
                        }
                        return (rows.upperBound, written)
                    }
                }
            }
        }
    }

    /// Whether the bytes at `stored` are `probe`'s (as many, at least one), a word at a time for
    /// short values.
    @inline(__always)
    private static func equal(_ stored: UnsafeRawPointer, _ probe: UnsafeRawBufferPointer) -> Bool {
        let count = probe.count
        guard count <= 32 else { return memcmp(stored, probe.baseAddress!, count) == 0 }
        let other = probe.baseAddress!
        guard count >= 8 else { return loadTail(stored, count: count) == loadTail(other, count: count) }
        var offset = 0
        while offset + 8 <= count {
            if stored.loadUnaligned(fromByteOffset: offset, as: UInt64.self) != other.loadUnaligned(fromByteOffset: offset, as: UInt64.self) { return false }
            offset += 8
        }
        // The last eight bytes, overlapping what was compared.
        return offset == count
            || stored.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self) == other.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
    }

    /// The `count` (0...7) bytes at `bytes` as a little-endian number, read in at most two loads
    /// that stay inside them.
    @inline(__always)
    static func loadTail(_ bytes: UnsafeRawPointer, count: Int) -> UInt64 {
        switch count {
        case 4...7:
            let low = UInt64(UInt32(littleEndian: bytes.loadUnaligned(as: UInt32.self)))
            let high = UInt64(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)))
            return low | high << UInt64(8 * (count - 4))
        case 2...3:
            let low = UInt64(UInt16(littleEndian: bytes.loadUnaligned(as: UInt16.self)))
            let high = UInt64(UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: count - 2, as: UInt16.self)))
            return low | high << UInt64(8 * (count - 2))
        case 1: return UInt64(bytes.load(as: UInt8.self))
        default: return 0
        }
    }

    /// Finds or adds a byte array by its PLAIN encoding (a 4-byte little-endian length, then the
    /// bytes) without building that encoding: hashed and compared as
    /// ``insert(raw:byteLimit:)`` hashes and compares the encoded bytes.
    mutating func insert(lengthPrefixed value: UnsafeRawBufferPointer, byteLimit: Int) -> Insertion {
        guard value.count <= Int(UInt32.max) else { return .full }
        let hash = Self.hash(lengthPrefixed: value)
        let probe = find(hash) { entryEquals($0, skipping: 4, value) }
        if let found = probe.found { return .existing(UInt32(found)) }
        return add(hash: hash, at: probe.slot, byteCount: 4 + value.count, byteLimit: byteLimit) { bytes in
            withUnsafeBytes(of: UInt32(value.count).littleEndian) { bytes.append(contentsOf: $0) }
            bytes.append(contentsOf: value)
        }
    }

    /// Probes the table from `hash`'s slot: the entry with this hash that `matches` (given its
    /// index), or else the empty slot where the value belongs.
    @inline(__always)
    private func find(_ hash: UInt64, matches: (Int) -> Bool) -> (found: Int?, slot: Int) {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] != 0 {
            let index = Int(slots[slot]) - 1
            if hashes[index] == hash && matches(index) { return (index, slot) }
            slot = (slot + 1) & mask
        }
        return (nil, slot)
    }

    /// Adds the `byteCount` bytes that `append` writes as a new entry in the empty `slot`, unless
    /// they would pass `byteLimit`.
    @inline(__always)
    private mutating func add(hash: UInt64, at slot: Int, byteCount: Int, byteLimit: Int, append: (inout [UInt8]) -> Void) -> Insertion {
        guard bytes.count + byteCount <= byteLimit, count < Int(Int32.max) - 1 else { return .full }
        let index = count
        append(&bytes)
        starts.append(bytes.count)
        hashes.append(hash)
        slots[slot] = Int32(index + 1)
        if count * 4 > slots.count * 3 { grow() }
        return .added(UInt32(index))
    }

    /// Whether entry `index` is `prefix` bytes (a length prefix, or none) followed by exactly
    /// `probe`'s bytes.
    private func entryEquals(_ index: Int, skipping prefix: Int, _ probe: UnsafeRawBufferPointer) -> Bool {
        bytes.withUnsafeBytes { stored in
            starts.withUnsafeBufferPointer { Self.entry(index, in: stored, starts: $0, skipping: prefix, equals: probe) }
        }
    }

    /// ``entryEquals(_:skipping:_:)`` over the storage's pointers, for lookups that hold them.
    @inline(__always)
    private static func entry(_ index: Int, in stored: UnsafeRawBufferPointer, starts: UnsafeBufferPointer<Int>,
                              skipping prefix: Int, equals probe: UnsafeRawBufferPointer) -> Bool {
        guard starts[index + 1] - starts[index] - prefix == probe.count else { return false }
        return probe.isEmpty || equal(stored.baseAddress! + starts[index] + prefix, probe)
    }

    /// Doubles the table once it is three quarters full: a smaller table stays in cache, which
    /// matters more than the slightly longer probes (a column of ten thousand distinct strings
    /// keeps 64 KiB of slots, not 128).
    private mutating func grow() {
        var larger = [Int32](repeating: 0, count: slots.count * 2)
        let mask = larger.count - 1
        for index in 0..<count {
            var slot = Int(truncatingIfNeeded: hashes[index]) & mask
            while larger[slot] != 0 { slot = (slot + 1) & mask }
            larger[slot] = Int32(index + 1)
        }
        slots = larger
    }

    private static let seed: UInt64 = 0x9E37_79B9_7F4A_7C15

    /// A fast, well-mixed 64-bit hash of the bytes (eight at a time; a last partial word is mixed
    /// in too). Four or eight bytes hash as ``numberHash(_:byteCount:)`` hashes their number.
    static func hash(_ raw: UnsafeRawBufferPointer) -> UInt64 {
        var hash: UInt64 = seed ^ UInt64(raw.count)
        var offset = 0
        while offset + 8 <= raw.count {
            hash = mix(hash ^ raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            offset += 8
        }
        guard offset < raw.count else { return hash }
        return mix(hash ^ loadTail(raw.baseAddress! + offset, count: raw.count - offset))
    }

    /// ``hash(_:)`` of the 4-byte little-endian length of `value` followed by its bytes.
    @inline(__always)
    static func hash(lengthPrefixed value: UnsafeRawBufferPointer) -> UInt64 {
        let length = UInt64(UInt32(truncatingIfNeeded: value.count))
        var hash: UInt64 = seed ^ UInt64(4 + value.count)
        guard value.count >= 4 else {
            // One word: the length, then the bytes.
            let bytes = value.baseAddress.map { Self.loadTail($0, count: value.count) } ?? 0
            return mix(hash ^ (length | bytes << 32))
        }
        // The first word: the length, then the first four bytes.
        let base = value.baseAddress!
        let head = UInt64(UInt32(littleEndian: base.loadUnaligned(as: UInt32.self)))
        hash = mix(hash ^ (length | head << 32))
        var offset = 4
        while offset + 8 <= value.count {
            hash = mix(hash ^ UInt64(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
            offset += 8
        }
        guard offset < value.count else { return hash }
        return mix(hash ^ Self.loadTail(base + offset, count: value.count - offset))
    }

    @inline(__always)
    private static func mix(_ value: UInt64) -> UInt64 {
        var x = value &* 0xBF58_476D_1CE4_E5B9
        x ^= x >> 31
        x = x &* 0x94D0_49BB_1331_11EB
        return x ^ (x >> 29)
    }
}
