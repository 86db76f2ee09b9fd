/// Buffers one column of the current row group and turns it into pages.
///
/// Values are dictionary-encoded while the dictionary stays below the configured byte limit; past it,
/// or when the first ``dictionaryTrialValues`` values were more than half distinct, the chunk falls
/// back to PLAIN (the dictionary is expanded once and dropped). Statistics are tracked on append.
struct ColumnChunkBuilder {
    /// The encoded pages of a finished chunk and the metadata that describes them.
    struct Output {
        var bytes: [UInt8]
        var metaData: ColumnMetaData
    }

    let column: ParquetColumn
    let options: ParquetWriter.Options
    private let codec: any PageCodec
    var rowCount = 0
    /// One level per row of an optional column once a null arrived; empty while every row has a
    /// value (the levels are then all 1 and encode as one run, so they are not kept).
    var definitionLevels: [UInt8] = []
    var nullCount = 0
    var plainValues: [UInt8] = []
    var usesDictionary: Bool
    var dictionary = EncodedValueDictionary()
    var indices: [UInt32] = []
    /// The current value's PLAIN encoding, reused from value to value.
    var scratch: [UInt8] = []
    var minimum: ParquetValue?
    var maximum: ParquetValue?

    /// A builder for `column`; `codec` compresses its pages (``ParquetWriter/Options/pageCodec()``).
    init(column: ParquetColumn, options: ParquetWriter.Options, codec: any PageCodec) {
        self.column = column
        self.options = options
        self.codec = codec
        self.usesDictionary = options.dictionaryEnabled && column.type != .boolean
    }

    /// Approximate bytes buffered, used to close row groups and size pages.
    var estimatedByteSize: Int {
        (column.isOptional ? rowCount : 0) + plainValues.count + (usesDictionary ? indices.count * 4 + dictionary.byteSize : 0)
    }

    /// Whether the chunk is still dictionary encoded.
    var isDictionaryEncoded: Bool { usesDictionary }

    /// Throws if `value` cannot be stored in `column`; call before ``append(_:)`` so rows are all-or-nothing.
    static func validate(_ value: ParquetValue, in column: ParquetColumn) throws {
        if value.isNull {
            guard column.isOptional else { throw ParquetError(.invalidValue, "column \(column.name) is required but got null") }
            return
        }
        try column.type.validate(value, column: column.name)
    }

    /// Appends a value that passed ``validate(_:in:)``; returns how much ``estimatedByteSize`` grew
    /// (negative when the chunk fell back to PLAIN), so the writer can keep a running total.
    @discardableResult
    mutating func append(_ value: ParquetValue) -> Int {
        let before = estimatedByteSize
        appendValue(value)
        return estimatedByteSize - before
    }

    private mutating func appendValue(_ value: ParquetValue) {
        rowCount += 1
        if value.isNull {
            keepLevels(before: rowCount - 1)
            definitionLevels.append(0)
            nullCount += 1
            return
        }
        if nullCount > 0 { definitionLevels.append(1) }
        guard usesDictionary else {
            updateStatistics(value)
            PlainEncoder.append(value, as: column.type, to: &plainValues)
            return
        }
        scratch.removeAll(keepingCapacity: true)
        PlainEncoder.append(value, as: column.type, to: &scratch)
        let outcome = record(dictionary.insert(scratch, byteLimit: options.dictionaryPageByteLimit))
        if outcome.isNew { updateStatistics(value) }
        if outcome.appendPlain { plainValues.append(contentsOf: scratch) }
    }

    /// Starts keeping levels at the first null: the `rows` rows before it all had values.
    mutating func keepLevels(before rows: Int) {
        if nullCount == 0 { definitionLevels.append(contentsOf: repeatElement(1, count: rows)) }
    }

    /// Takes the result of a dictionary insert: the entry's index, unless the dictionary is full or
    /// the trial shows mostly distinct values, when the chunk falls back to PLAIN. `isNew`: the
    /// value was not in the dictionary (equal encodings are equal values, so only a new one can
    /// change the statistics); `appendPlain`: the caller must append the value PLAIN.
    @inline(__always)
    mutating func record(_ insertion: EncodedValueDictionary.Insertion) -> (isNew: Bool, appendPlain: Bool) {
        switch insertion {
        case .existing(let index):
            indices.append(index)
            return (false, false)
        case .added(let index):
            indices.append(index)
            if failsTrial(afterValues: indices.count) {
                // Mostly distinct values (ids, timestamps): a dictionary would not pay for itself,
                // and filling it to the byte limit first costs a hash insert per value.
                fallBackToPlain()
            }
            return (true, false)
        case .full:
            fallBackToPlain()
            return (true, true)
        }
    }

    /// Whether the chunk, `values` values in and the last one just added to the dictionary, ends
    /// its trial mostly distinct (then it goes PLAIN).
    @inline(__always)
    func failsTrial(afterValues values: Int) -> Bool {
        values == Self.dictionaryTrialValues && dictionary.count * 2 > values
    }

    mutating func updateStatistics(_ value: ParquetValue) {
        guard !value.isNaN else { return }
        if let current = minimum, ParquetValue.statisticsLess(value, current) != true {} else { minimum = value }
        if let current = maximum, ParquetValue.statisticsLess(current, value) != true {} else { maximum = value }
    }

    mutating func fallBackToPlain() {
        for index in indices { plainValues.append(contentsOf: dictionary.entry(Int(index))) }
        usesDictionary = false
        dictionary = EncodedValueDictionary()
        indices = []
    }

    /// Encodes the buffered values as pages starting at `fileOffset`, then resets for the next row group.
    mutating func finish(fileOffset: Int64) throws -> Output {
        defer { reset() }
        var chunk: [UInt8] = []
        var uncompressedTotal = 0
        var encodings: [ParquetEncoding] = []
        var dictionaryPageOffset: Int64?
        let useDictionary = usesDictionary && dictionary.count > 0
        if useDictionary {
            dictionaryPageOffset = fileOffset
            let body = dictionary.bytes
            let header = PageHeader(
                type: .dictionaryPage, uncompressedPageSize: 0, compressedPageSize: 0,
                dictionaryPageHeader: DictionaryPageHeader(numValues: Int32(dictionary.count), encoding: .plain)
            )
            uncompressedTotal += try appendPage(header, body: body, to: &chunk)
            encodings.append(.plain)
        } else if usesDictionary {
            // Only nulls were appended: store the (empty) values as PLAIN.
            usesDictionary = false
        }
        let dataPageOffset = fileOffset + Int64(chunk.count)
        let pageCount = max(1, (estimatedByteSize + options.dataPageByteSize - 1) / max(1, options.dataPageByteSize))
        let rowsPerPage = max(1, (rowCount + pageCount - 1) / pageCount)
        let bitWidth = max(1, Self.bitWidth(of: UInt32(max(0, dictionary.count - 1))))
        var valueCursor = 0
        var byteCursor = 0
        var rowStart = 0
        repeat {
            let rowEnd = min(rowCount, rowStart + rowsPerPage)
            var body: [UInt8] = []
            var valueCount = rowEnd - rowStart
            if column.isOptional {
                let encoded: [UInt8]
                if nullCount == 0 {
                    encoded = RLEBitPackedHybridEncoder.encode(repeating: 1, count: rowEnd - rowStart, bitWidth: 1)
                } else {
                    let levels = definitionLevels[rowStart..<rowEnd]
                    valueCount = levels.reduce(0) { $0 + Int($1) }
                    encoded = RLEBitPackedHybridEncoder.encode(levels.lazy.map { UInt32($0) }, bitWidth: 1)
                }
                body.appendLittleEndian(UInt32(encoded.count))
                body.append(contentsOf: encoded)
            }
            if useDictionary {
                body.append(UInt8(bitWidth))
                RLEBitPackedHybridEncoder.append(indices[valueCursor..<valueCursor + valueCount], bitWidth: bitWidth, to: &body)
            } else if column.type == .boolean {
                body.append(contentsOf: PlainEncoder.packBooleans(plainValues[byteCursor..<byteCursor + valueCount]))
                byteCursor += valueCount
            } else {
                let end = plainEnd(from: byteCursor, count: valueCount)
                body.append(contentsOf: plainValues[byteCursor..<end])
                byteCursor = end
            }
            valueCursor += valueCount
            let header = PageHeader(
                type: .dataPage, uncompressedPageSize: 0, compressedPageSize: 0,
                dataPageHeader: DataPageHeader(
                    numValues: Int32(rowEnd - rowStart), encoding: useDictionary ? .rleDictionary : .plain,
                    definitionLevelEncoding: .rle, repetitionLevelEncoding: .rle
                )
            )
            uncompressedTotal += try appendPage(header, body: body, to: &chunk)
            rowStart = rowEnd
        } while rowStart < rowCount
        encodings.append(useDictionary ? .rleDictionary : .plain)
        if column.isOptional { encodings.append(.rle) }
        let metaData = ColumnMetaData(
            type: column.type.physicalType, encodings: encodings, pathInSchema: [column.name], codec: options.compression,
            numValues: Int64(rowCount), totalUncompressedSize: Int64(uncompressedTotal),
            totalCompressedSize: Int64(chunk.count), dataPageOffset: dataPageOffset,
            dictionaryPageOffset: dictionaryPageOffset, statistics: statistics()
        )
        return Output(bytes: chunk, metaData: metaData)
    }

    /// Empties the builder for the next row group, keeping the buffers' capacity (a row group's
    /// worth, so the next one does not grow them again from nothing).
    private mutating func reset() {
        rowCount = 0
        definitionLevels.removeAll(keepingCapacity: true)
        nullCount = 0
        plainValues.removeAll(keepingCapacity: true)
        usesDictionary = options.dictionaryEnabled && column.type != .boolean
        dictionary.removeAll()
        indices.removeAll(keepingCapacity: true)
        minimum = nil
        maximum = nil
    }

    /// Compresses `body`, writes header and body, and returns the uncompressed size including the header.
    private func appendPage(_ header: PageHeader, body: [UInt8], to chunk: inout [UInt8]) throws -> Int {
        let compressed = try codec.compress(body)
        guard body.count <= Int(Int32.max), compressed.count <= Int(Int32.max) else {
            throw ParquetError(.limitExceeded, "column \(column.name): page larger than 2 GiB")
        }
        var header = header
        header.uncompressedPageSize = Int32(body.count)
        header.compressedPageSize = Int32(compressed.count)
        let headerBytes = header.compactEncoded()
        chunk.append(contentsOf: headerBytes)
        chunk.append(contentsOf: compressed)
        return headerBytes.count + body.count
    }

    /// The end offset in `plainValues` of `count` values starting at `start`.
    private func plainEnd(from start: Int, count: Int) -> Int {
        if let width = column.type.fixedWidth { return start + count * width }
        var cursor = start
        for _ in 0..<count {
            let length = Int(plainValues[cursor]) | Int(plainValues[cursor + 1]) << 8 | Int(plainValues[cursor + 2]) << 16
                | Int(plainValues[cursor + 3]) << 24
            cursor += 4 + length
        }
        return cursor
    }

    private func statistics() -> Statistics {
        var statistics = Statistics(nullCount: Int64(nullCount))
        guard var minimum, var maximum else { return statistics }
        // Zero statistics of floating point columns are signed so readers include both zeros.
        if case .float(let value) = minimum, value == 0 { minimum = .float(-0.0) }
        if case .float(let value) = maximum, value == 0 { maximum = .float(0.0) }
        if case .double(let value) = minimum, value == 0 { minimum = .double(-0.0) }
        if case .double(let value) = maximum, value == 0 { maximum = .double(0.0) }
        statistics.minValue = PlainEncoder.statisticsBytes(minimum, as: column.type)
        statistics.maxValue = PlainEncoder.statisticsBytes(maximum, as: column.type)
        return statistics
    }

    /// After this many values, a chunk whose values were more than half distinct goes PLAIN.
    static let dictionaryTrialValues = 20_000

    static func bitWidth(of value: UInt32) -> Int {
        UInt32.bitWidth - value.leadingZeroBitCount
    }
}
