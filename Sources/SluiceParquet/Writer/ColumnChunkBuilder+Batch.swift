import Foundation

/// Appending typed buffers (``ParquetColumnBuffer``): the same encodings, dictionary fallback and
/// statistics as appending ``ParquetValue``s one by one, without an enum per value.
extension ColumnChunkBuilder {
    /// Appends rows `rows` of `buffer` (already validated for the column, not dictionary or list
    /// laid out); returns how much ``estimatedByteSize`` grew.
    mutating func append(_ buffer: ParquetColumnBuffer, rows: Range<Int>) -> Int {
        let before = estimatedByteSize
        appendLevels(buffer, rows: rows)
        let type = column.type
        switch buffer.layout {
        case .booleans: appendBooleans(buffer, rows: rows)
        case .int32s:
            buffer.int32s.withUnsafeBufferPointer { values in
                appendNumbers(values, rows: rows, buffer: buffer, bits: { $0 }, isNaN: { _ in false }) { type.value(int32: $0) }
            }
        case .int64s:
            buffer.int64s.withUnsafeBufferPointer { values in
                appendNumbers(values, rows: rows, buffer: buffer, bits: { $0 }, isNaN: { _ in false }) { type.value(int64: $0) }
            }
        case .floats:
            buffer.floats.withUnsafeBufferPointer { values in
                appendNumbers(values, rows: rows, buffer: buffer, bits: { $0.bitPattern }, isNaN: { $0.isNaN }) { .float($0) }
            }
        case .doubles:
            buffer.doubles.withUnsafeBufferPointer { values in
                appendNumbers(values, rows: rows, buffer: buffer, bits: { $0.bitPattern }, isNaN: { $0.isNaN }) { .double($0) }
            }
        case .bytes: appendByteArrays(buffer, rows: rows)
        case .dictionary, .values: preconditionFailure("the writer expands dictionary buffers and refuses list buffers")
        }
        return estimatedByteSize - before
    }

    /// Definition levels, row and null counts of the rows.
    private mutating func appendLevels(_ buffer: ParquetColumnBuffer, rows: Range<Int>) {
        rowCount += rows.count
        if buffer.nullCount == 0 {
            if column.isOptional { definitionLevels.append(contentsOf: repeatElement(1, count: rows.count)) }
            return
        }
        var nulls = 0
        definitionLevels.reserveCapacity(definitionLevels.count + rows.count)
        for row in rows {
            let present = buffer.validity[row]
            definitionLevels.append(present ? 1 : 0)
            nulls += present ? 0 : 1
        }
        nullCount += nulls
    }

    private mutating func appendBooleans(_ buffer: ParquetColumnBuffer, rows: Range<Int>) {
        var seenFalse = false
        var seenTrue = false
        for row in rows where !buffer.isNull(row) {
            let flag = buffer.booleans[row]
            plainValues.append(flag ? 1 : 0)
            if flag { seenTrue = true } else { seenFalse = true }
        }
        if seenFalse || seenTrue {
            updateStatistics(.bool(!seenFalse))
            updateStatistics(.bool(seenTrue))
        }
    }

    /// Fixed-width numbers: dictionary-encoded while the dictionary pays, else PLAIN.
    private mutating func appendNumbers<Value: Comparable, Bits: FixedWidthInteger>(
        _ values: UnsafeBufferPointer<Value>, rows: Range<Int>, buffer: ParquetColumnBuffer,
        bits: (Value) -> Bits, isNaN: (Value) -> Bool, statistic: (Value) -> ParquetValue
    ) {
        var low: Value?
        var high: Value?
        @inline(__always) func track(_ value: Value) {
            guard !isNaN(value) else { return }
            if let current = low, !(value < current) {} else { low = value }
            if let current = high, !(current < value) {} else { high = value }
        }
        let hasNulls = buffer.nullCount > 0
        let limit = options.dictionaryPageByteLimit
        if !usesDictionary { plainValues.reserveCapacity(plainValues.count + rows.count * MemoryLayout<Bits>.size) }
        for row in rows {
            if hasNulls && !buffer.validity[row] { continue }
            let value = values[row]
            guard usesDictionary else {
                track(value)
                plainValues.appendLittleEndian(bits(value))
                continue
            }
            let encoded = UInt64(truncatingIfNeeded: bits(value))
            let outcome = record(dictionary.insert(number: encoded, byteCount: MemoryLayout<Bits>.size, byteLimit: limit))
            if outcome.isNew { track(value) }
            if outcome.appendPlain { plainValues.appendLittleEndian(bits(value)) }
        }
        if let low { updateStatistics(statistic(low)) }
        if let high { updateStatistics(statistic(high)) }
    }

    /// Byte arrays (length-prefixed in PLAIN) and fixed-length byte arrays (raw).
    private mutating func appendByteArrays(_ buffer: ParquetColumnBuffer, rows: Range<Int>) {
        let prefixed = column.type.physicalType == .byteArray
        // Decimals order by value, so their statistics take the general path; the others are
        // ordered as unsigned bytes, tracked here as ranges of the buffer.
        let isDecimal: Bool = if case .decimal = column.type { true } else { false }
        var low: Range<Int>?
        var high: Range<Int>?
        let limit = options.dictionaryPageByteLimit
        let hasNulls = buffer.nullCount > 0
        buffer.bytes.withUnsafeBytes { storage in
            @inline(__always) func track(_ range: Range<Int>) {
                if isDecimal {
                    updateStatistics(column.type.value(bytes: Array(buffer.bytes[range])))
                    return
                }
                if let current = low, !Self.bytesLess(storage, range, current) {} else { low = range }
                if let current = high, !Self.bytesLess(storage, current, range) {} else { high = range }
            }
            for row in rows {
                if hasNulls && !buffer.validity[row] { continue }
                let range = buffer.offsets[row]..<buffer.offsets[row + 1]
                let value = UnsafeRawBufferPointer(rebasing: storage[range])
                guard usesDictionary else {
                    track(range)
                    if prefixed { plainValues.appendLittleEndian(UInt32(range.count)) }
                    plainValues.append(contentsOf: value)
                    continue
                }
                let insertion = prefixed ? dictionary.insert(lengthPrefixed: value, byteLimit: limit) : dictionary.insert(raw: value, byteLimit: limit)
                let outcome = record(insertion)
                if outcome.isNew { track(range) }
                if outcome.appendPlain {
                    if prefixed { plainValues.appendLittleEndian(UInt32(range.count)) }
                    plainValues.append(contentsOf: value)
                }
            }
        }
        if let low { updateStatistics(column.type.value(bytes: Array(buffer.bytes[low]))) }
        if let high { updateStatistics(column.type.value(bytes: Array(buffer.bytes[high]))) }
    }

    /// Unsigned byte-wise order, a prefix first.
    private static func bytesLess(_ storage: UnsafeRawBufferPointer, _ a: Range<Int>, _ b: Range<Int>) -> Bool {
        let common = min(a.count, b.count)
        if common > 0 {
            let order = memcmp(storage.baseAddress! + a.lowerBound, storage.baseAddress! + b.lowerBound, common)
            if order != 0 { return order < 0 }
        }
        return a.count < b.count
    }
}
