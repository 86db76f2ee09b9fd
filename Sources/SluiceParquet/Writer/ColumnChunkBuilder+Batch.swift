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
        let rowsBefore = rowCount
        rowCount += rows.count
        let nulls = buffer.nullCount == 0 ? 0 : buffer.validity[rows].reduce(0) { $0 + ($1 ? 0 : 1) }
        if nulls == 0 {
            if nullCount > 0 { definitionLevels.append(contentsOf: repeatElement(1, count: rows.count)) }
            return
        }
        keepLevels(before: rowsBefore)
        definitionLevels.reserveCapacity(definitionLevels.count + rows.count)
        for row in rows { definitionLevels.append(buffer.validity[row] ? 1 : 0) }
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
        let width = MemoryLayout<Bits>.size
        var plainFrom = rows.lowerBound
        if usesDictionary {
            let limit = options.dictionaryPageByteLimit
            buffer.validity.withUnsafeBufferPointer { validity in
                plainFrom = appendToDictionary(
                    rows,
                    lookUp: { dictionary, run, output in
                        dictionary.lookUpNumbers(run, byteCount: width, skips: { hasNulls && !validity[$0] },
                                                 number: { UInt64(truncatingIfNeeded: bits(values[$0])) }, into: output)
                    },
                    insert: { dictionary, row in
                        dictionary.insert(number: UInt64(truncatingIfNeeded: bits(values[row])), byteCount: width, byteLimit: limit)
                    },
                    added: { track(values[$0]) })
            }
        }
        guard plainFrom < rows.upperBound else { return finish() }
        let plainRows = plainFrom..<rows.upperBound
        plainValues.reserveCapacity(plainValues.count + plainRows.count * width)
        if !hasNulls && MemoryLayout<Value>.size == width && Self.isLittleEndian {
            // The values lie in memory as their PLAIN encoding: one copy.
            for row in plainRows { track(values[row]) }
            plainValues.append(contentsOf: UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(values)[plainRows.lowerBound * width..<plainRows.upperBound * width]))
        } else {
            for row in plainRows where !hasNulls || buffer.validity[row] {
                track(values[row])
                plainValues.appendLittleEndian(bits(values[row]))
            }
        }
        finish()
        func finish() {
            if let low { updateStatistics(statistic(low)) }
            if let high { updateStatistics(statistic(high)) }
        }
    }

    /// Byte arrays (length-prefixed in PLAIN) and fixed-length byte arrays (raw).
    private mutating func appendByteArrays(_ buffer: ParquetColumnBuffer, rows: Range<Int>) {
        let prefixed = column.type.physicalType == .byteArray
        // Decimals order by value, so their statistics take the general path; the others are
        // ordered as unsigned bytes, tracked here as ranges of the buffer.
        let isDecimal: Bool = if case .decimal = column.type { true } else { false }
        var low: Range<Int>?
        var high: Range<Int>?
        var decimalLow: ParquetValue?
        var decimalHigh: ParquetValue?
        let type = column.type
        let limit = options.dictionaryPageByteLimit
        let hasNulls = buffer.nullCount > 0
        buffer.bytes.withUnsafeBytes { storage in
            buffer.offsets.withUnsafeBufferPointer { offsets in
                buffer.validity.withUnsafeBufferPointer { validity in
                    @inline(__always) func track(_ range: Range<Int>) {
                        if isDecimal {
                            let value = type.value(bytes: Array(buffer.bytes[range]))
                            if let current = decimalLow, ParquetValue.statisticsLess(value, current) != true {} else { decimalLow = value }
                            if let current = decimalHigh, ParquetValue.statisticsLess(current, value) != true {} else { decimalHigh = value }
                            return
                        }
                        if let current = low, !Self.bytesLess(storage, range, current) {} else { low = range }
                        if let current = high, !Self.bytesLess(storage, current, range) {} else { high = range }
                    }
                    @inline(__always) func range(_ row: Int) -> Range<Int> { offsets[row]..<offsets[row + 1] }
                    @inline(__always) func value(_ row: Int) -> UnsafeRawBufferPointer {
                        UnsafeRawBufferPointer(start: storage.baseAddress.map { $0 + offsets[row] }, count: offsets[row + 1] - offsets[row])
                    }
                    var plainFrom = rows.lowerBound
                    if usesDictionary {
                        plainFrom = appendToDictionary(
                            rows,
                            lookUp: { dictionary, run, output in
                                dictionary.lookUpBytes(run, prefixed: prefixed, skips: { hasNulls && !validity[$0] }, value: value, into: output)
                            },
                            insert: { dictionary, row in
                                prefixed ? dictionary.insert(lengthPrefixed: value(row), byteLimit: limit) : dictionary.insert(raw: value(row), byteLimit: limit)
                            },
                            added: { track(range($0)) })
                    }
                    for row in plainFrom..<rows.upperBound where !hasNulls || validity[row] {
                        track(range(row))
                        if prefixed { plainValues.appendLittleEndian(UInt32(offsets[row + 1] - offsets[row])) }
                        plainValues.append(contentsOf: value(row))
                    }
                }
            }
        }
        if let low { updateStatistics(type.value(bytes: Array(buffer.bytes[low]))) }
        if let high { updateStatistics(type.value(bytes: Array(buffer.bytes[high]))) }
        if let decimalLow { updateStatistics(decimalLow) }
        if let decimalHigh { updateStatistics(decimalHigh) }
    }

    /// Dictionary-encodes `rows` while the chunk stays dictionary encoded: runs of values already
    /// in the dictionary through `lookUp` (indices written in place, no per-value append), each
    /// new value through `insert`, then `added` with its row (for statistics). Returns the first
    /// row left for PLAIN: `rows.upperBound`, unless the dictionary filled up or the trial showed
    /// mostly distinct values (see ``record(_:)``, whose rules this follows value for value).
    @inline(__always)
    private mutating func appendToDictionary(
        _ rows: Range<Int>,
        lookUp: (EncodedValueDictionary, Range<Int>, UnsafeMutablePointer<UInt32>) -> (stop: Int, written: Int),
        insert: (inout EncodedValueDictionary, Int) -> EncodedValueDictionary.Insertion,
        added: (Int) -> Void
    ) -> Int {
        let base = indices.count
        indices.append(contentsOf: repeatElement(0, count: rows.count))
        var written = 0
        var row = rows.lowerBound
        var plainFrom: Int?
        while row < rows.upperBound {
            let current = dictionary
            let run = indices.withUnsafeMutableBufferPointer { lookUp(current, row..<rows.upperBound, $0.baseAddress! + base + written) }
            written += run.written
            row = run.stop
            guard row < rows.upperBound else { break }
            switch insert(&dictionary, row) {
            case .existing(let index):
                indices[base + written] = index
                written += 1
            case .added(let index):
                indices[base + written] = index
                written += 1
                added(row)
                if failsTrial(afterValues: base + written) { plainFrom = row + 1 }
            case .full:
                plainFrom = row
            }
            if plainFrom != nil { break }
            row += 1
        }
        indices.removeLast(rows.count - written)
        guard let plainFrom else { return rows.upperBound }
        fallBackToPlain()
        return plainFrom
    }

    private static var isLittleEndian: Bool {
        #if _endian(little)
        true
        #else
        false
        #endif
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
