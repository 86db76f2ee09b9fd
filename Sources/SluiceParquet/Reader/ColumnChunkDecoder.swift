/// Decodes the pages of one column chunk into values, nulls included — one per row, a
/// ``ParquetValue/list(_:)`` per row for a list column.
///
/// Handles dictionary pages, data pages v1 and v2, and the value encodings PLAIN, PLAIN_DICTIONARY,
/// RLE_DICTIONARY, RLE (booleans), DELTA_BINARY_PACKED, DELTA_LENGTH_BYTE_ARRAY, DELTA_BYTE_ARRAY and
/// BYTE_STREAM_SPLIT. Every size in a page header is checked against the chunk and the reader limits.
struct ColumnChunkDecoder {
    let column: ParquetColumn
    let codec: ParquetCompressionCodec
    let limits: ParquetReader.Limits

    /// Decodes `chunk` (whose first byte is at file offset `baseOffset`): `valueCount` level entries
    /// (the chunk's `num_values`), giving one value per row — `rowCount` of them (a list column has
    /// one entry per element, and one for an empty or null list).
    func decode(_ chunk: [UInt8], baseOffset: Int, valueCount: Int, rowCount: Int) throws -> [ParquetValue] {
        var values: [ParquetValue] = []
        values.reserveCapacity(min(rowCount, 1 << 16))
        var lists = column.list.map { ListAssembler(shape: $0, column: column.name) }
        var dictionary: [ParquetValue]?
        try forEachPage(chunk, baseOffset: baseOffset, valueCount: valueCount) { entries in
            dictionary = entries.allValues()
        } data: { page, headerOffset in
            let decoded = try decodeValues(count: page.present, encoding: page.encoding, reader: &page.values, dictionary: dictionary)
            if lists != nil {
                try lists!.add(repetition: page.repetition ?? [], definition: page.definition ?? [], values: decoded, at: headerOffset)
            } else {
                Self.merge(decoded, levels: page.definition, into: &values)
            }
        }
        if var lists { return try lists.finish(rowCount: rowCount, at: baseOffset) }
        return values
    }

    /// Decodes `chunk` like ``decode(_:baseOffset:valueCount:rowCount:)``, into a typed buffer:
    /// PLAIN values straight into its arrays, dictionary-encoded pages as indices into the decoded
    /// dictionary (expanded if the chunk falls back to PLAIN pages). List columns hold list values.
    func decodeBuffer(_ chunk: [UInt8], baseOffset: Int, valueCount: Int, rowCount: Int) throws -> ParquetColumnBuffer {
        if column.list != nil {
            return .listBuffer(type: column.type, values: try decode(chunk, baseOffset: baseOffset, valueCount: valueCount, rowCount: rowCount))
        }
        var buffer = ParquetColumnBuffer(type: column.type)
        buffer.reserveCapacity(min(rowCount, 1 << 20))
        var dictionary: ParquetColumnBuffer?
        var dictionaryValues: [ParquetValue]?
        try forEachPage(chunk, baseOffset: baseOffset, valueCount: valueCount) { entries in
            dictionary = entries
        } data: { page, _ in
            let start = page.values.absoluteOffset
            switch page.encoding {
            case .plain:
                if buffer.layout == .dictionary { buffer.expandDictionary() }
                try buffer.pushPlain(count: page.present, from: &page.values)
            case .plainDictionary, .rleDictionary:
                guard let dictionary else { throw ParquetError.malformed("dictionary-encoded page without dictionary", at: start) }
                if buffer.count == 0 && buffer.layout != .dictionary { buffer.useDictionary(dictionary) }
                try pushIndices(count: page.present, reader: &page.values, dictionary: dictionary, into: &buffer)
            default:
                if buffer.layout == .dictionary { buffer.expandDictionary() }
                if dictionaryValues == nil, let dictionary { dictionaryValues = dictionary.allValues() }
                let decoded = try decodeValues(count: page.present, encoding: page.encoding, reader: &page.values, dictionary: dictionaryValues)
                for value in decoded { buffer.pushDecoded(value) }
            }
            buffer.commitDecoded(present: page.present, levels: page.definition)
        }
        return buffer
    }

    /// Walks the pages of `chunk` until `valueCount` entries were seen: the dictionary page (at
    /// most one, before the data pages that use it) goes to `dictionary`, each data page,
    /// decompressed, with its header's file offset to `data`; index and unknown pages are skipped.
    private func forEachPage(_ chunk: [UInt8], baseOffset: Int, valueCount: Int,
                             dictionary: (ParquetColumnBuffer) throws -> Void,
                             data: (inout PageContent, _ headerOffset: Int) throws -> Void) throws {
        let pageCodec = try makePageCodec(baseOffset: baseOffset)
        var entries = 0
        var hasDictionary = false
        var input = ByteReader(chunk, baseOffset: baseOffset)
        while entries < valueCount {
            let (header, body, bodyOffset, headerOffset) = try nextPage(&input, entries: entries, valueCount: valueCount)
            var page: PageContent
            switch header.type {
            case .dictionaryPage:
                guard !hasDictionary else { throw ParquetError.malformed("second dictionary page in column chunk", at: headerOffset) }
                hasDictionary = true
                try dictionary(try decodeDictionary(header, body: body, bodyOffset: bodyOffset, headerOffset: headerOffset, pageCodec: pageCodec))
                continue
            case .dataPage:
                page = try decodeDataPageV1(header, body: body, bodyOffset: bodyOffset, headerOffset: headerOffset,
                                            remaining: valueCount - entries, pageCodec: pageCodec)
            case .dataPageV2:
                page = try decodeDataPageV2(header, body: body, bodyOffset: bodyOffset, headerOffset: headerOffset,
                                            remaining: valueCount - entries, pageCodec: pageCodec)
            default:
                continue  // index pages and unknown page types carry no values
            }
            entries += page.count
            try data(&page, headerOffset)
        }
    }

    /// Dictionary indices of `count` present values: kept as indices when the buffer holds them,
    /// else the entries are copied.
    private func pushIndices(count: Int, reader: inout ByteReader, dictionary: ParquetColumnBuffer,
                             into buffer: inout ParquetColumnBuffer) throws {
        guard count > 0 else { return }
        let start = reader.absoluteOffset
        let bitWidth = Int(try reader.readByte())
        var decoder = try RLEBitPackedHybridDecoder(ByteReader(reader.bytes, range: reader.position..<reader.end, baseOffset: reader.baseOffset), bitWidth: bitWidth)
        let indices = try decoder.decode(count: count)
        let entries = UInt32(dictionary.count)
        if let bad = indices.first(where: { $0 >= entries }) {
            throw ParquetError.malformed("dictionary index \(bad) outside \(dictionary.count) entries", at: start)
        }
        buffer.pushIndices(indices, from: dictionary)
    }

    /// The page codec of the chunk's compression; an unavailable codec is an error naming the column.
    private func makePageCodec(baseOffset: Int) throws -> any PageCodec {
        do {
            return try codec.makePageCodec()
        } catch let error as ParquetError {
            throw ParquetError(error.code, "column \(column.name): \(error.message)", offset: baseOffset)
        }
    }

    /// Reads the next page's header and (still compressed) body, checking the page size against
    /// the limits; a chunk that ends before `valueCount` entries is a truncation error.
    private func nextPage(_ input: inout ByteReader, entries: Int, valueCount: Int) throws
        -> (header: PageHeader, body: [UInt8], bodyOffset: Int, headerOffset: Int) {
        guard !input.isAtEnd else {
            throw ParquetError.truncated("column \(column.name): chunk ends after \(entries) of \(valueCount) values", at: input.absoluteOffset)
        }
        let headerOffset = input.absoluteOffset
        var thrift = ThriftCompactReader(input)
        let header = try PageHeader(from: &thrift)
        input = thrift.input
        guard Int(header.uncompressedPageSize) <= limits.maxPageBytes else {
            throw ParquetError(.limitExceeded, "page of \(header.uncompressedPageSize) bytes exceeds limit", offset: headerOffset)
        }
        let bodyOffset = input.absoluteOffset
        let body = try input.readBytes(Int(header.compressedPageSize), "page body")
        return (header, body, bodyOffset, headerOffset)
    }

    /// One data page after decompression: its entry count, levels (nil when the column has none),
    /// how many entries carry a value, and the encoded values.
    private struct PageContent {
        var count: Int
        var repetition: [UInt32]?
        var definition: [UInt32]?
        var present: Int
        var encoding: ParquetEncoding
        var values: ByteReader
    }

    /// The highest definition level: 1 for an optional flat column, 0 for a required one.
    private var maxDefinitionLevel: Int { column.list?.maxDefinitionLevel ?? (column.isOptional ? 1 : 0) }

    private func decodeDictionary(_ header: PageHeader, body: [UInt8], bodyOffset: Int, headerOffset: Int,
                                  pageCodec: any PageCodec) throws -> ParquetColumnBuffer {
        guard let dictionaryHeader = header.dictionaryPageHeader else {
            throw ParquetError.malformed("dictionary page without DictionaryPageHeader", at: headerOffset)
        }
        guard dictionaryHeader.encoding == .plain || dictionaryHeader.encoding == .plainDictionary else {
            throw ParquetError(.unsupported, "dictionary page encoding \(dictionaryHeader.encoding)", offset: headerOffset)
        }
        guard dictionaryHeader.numValues >= 0 else { throw ParquetError.malformed("negative dictionary size", at: headerOffset) }
        let page = try decompress(body, with: pageCodec, offset: bodyOffset, size: Int(header.uncompressedPageSize))
        var reader = ByteReader(page, baseOffset: bodyOffset)
        var entries = ParquetColumnBuffer(type: column.type)
        try entries.pushPlain(count: Int(dictionaryHeader.numValues), from: &reader)
        entries.commitDecoded(present: Int(dictionaryHeader.numValues), levels: nil)
        return entries
    }

    /// A v1 data page: repetition then definition levels (each length-prefixed RLE), then values,
    /// all compressed together.
    private func decodeDataPageV1(_ header: PageHeader, body: [UInt8], bodyOffset: Int, headerOffset: Int,
                                  remaining: Int, pageCodec: any PageCodec) throws -> PageContent {
        guard let dataHeader = header.dataPageHeader else {
            throw ParquetError.malformed("data page without DataPageHeader", at: headerOffset)
        }
        let count = try pageValueCount(dataHeader.numValues, remaining: remaining, at: headerOffset)
        let page = try decompress(body, with: pageCodec, offset: bodyOffset, size: Int(header.uncompressedPageSize))
        var reader = ByteReader(page, baseOffset: bodyOffset)
        func levels(_ encoding: ParquetEncoding, maximum: Int, _ what: String) throws -> [UInt32] {
            guard encoding == .rle else { throw ParquetError(.unsupported, "\(what) encoding \(encoding)", offset: headerOffset) }
            let length = try reader.readLittleEndian(UInt32.self)
            let range = try reader.skipRange(Int(length), what)
            return try decodeLevels(ByteReader(page, range: range, baseOffset: bodyOffset), maximum: maximum, count: count)
        }
        let repetition = column.list == nil ? nil : try levels(dataHeader.repetitionLevelEncoding, maximum: 1, "repetition levels")
        let definition = maxDefinitionLevel == 0 ? nil
            : try levels(dataHeader.definitionLevelEncoding, maximum: maxDefinitionLevel, "definition levels")
        let present = presentCount(definition, count: count)
        return PageContent(count: count, repetition: repetition, definition: definition, present: present,
                           encoding: dataHeader.encoding, values: reader)
    }

    /// A v2 data page: uncompressed repetition and definition levels (lengths in the header), then
    /// the values, compressed when the header says so.
    private func decodeDataPageV2(_ header: PageHeader, body: [UInt8], bodyOffset: Int, headerOffset: Int,
                                  remaining: Int, pageCodec: any PageCodec) throws -> PageContent {
        guard let dataHeader = header.dataPageHeaderV2 else {
            throw ParquetError.malformed("data page v2 without DataPageHeaderV2", at: headerOffset)
        }
        let count = try pageValueCount(dataHeader.numValues, remaining: remaining, at: headerOffset)
        let repetitionLength = Int(dataHeader.repetitionLevelsByteLength)
        let definitionLength = Int(dataHeader.definitionLevelsByteLength)
        guard repetitionLength >= 0, definitionLength >= 0, repetitionLength + definitionLength <= body.count,
              repetitionLength + definitionLength <= Int(header.uncompressedPageSize) else {
            throw ParquetError.malformed("data page v2 level lengths exceed the page", at: headerOffset)
        }
        let repetition = column.list == nil ? nil
            : try decodeLevels(ByteReader(body, range: 0..<repetitionLength, baseOffset: bodyOffset), maximum: 1, count: count)
        let definitionRange = repetitionLength..<repetitionLength + definitionLength
        let definition = maxDefinitionLevel == 0 ? nil
            : try decodeLevels(ByteReader(body, range: definitionRange, baseOffset: bodyOffset), maximum: maxDefinitionLevel, count: count)
        let present = presentCount(definition, count: count)
        // Nulls are entries below the maximum level that are not empty or null lists.
        let nulls = definition.map { $0.reduce(0) { $0 + (Int($1) < maxDefinitionLevel ? 1 : 0) } } ?? 0
        guard column.list != nil || Int(dataHeader.numNulls) == nulls else {
            throw ParquetError.malformed("data page v2 declares \(dataHeader.numNulls) nulls, levels give \(nulls)", at: headerOffset)
        }
        let valuesStart = repetitionLength + definitionLength
        let valueBytes = Array(body[valuesStart...])
        let valuesSize = Int(header.uncompressedPageSize) - valuesStart
        let page = dataHeader.isCompressed ? try decompress(valueBytes, with: pageCodec, offset: bodyOffset + valuesStart, size: valuesSize) : valueBytes
        let reader = ByteReader(page, baseOffset: bodyOffset + valuesStart)
        return PageContent(count: count, repetition: repetition, definition: definition, present: present,
                           encoding: dataHeader.encoding, values: reader)
    }

    /// `count` levels of at most `maximum`, RLE / bit-packed with the width `maximum` needs.
    private func decodeLevels(_ input: ByteReader, maximum: Int, count: Int) throws -> [UInt32] {
        let bitWidth = max(1, UInt32.bitWidth - UInt32(maximum).leadingZeroBitCount)
        var decoder = try RLEBitPackedHybridDecoder(input, bitWidth: bitWidth)
        let levels = try decoder.decode(count: count)
        if maximum < (1 << bitWidth) - 1, let bad = levels.first(where: { Int($0) > maximum }) {
            throw ParquetError.malformed("column \(column.name): level \(bad) above the maximum \(maximum)", at: input.absoluteOffset)
        }
        return levels
    }

    /// Entries that carry a value: those at the maximum definition level.
    private func presentCount(_ definition: [UInt32]?, count: Int) -> Int {
        guard let definition else { return count }
        let maximum = UInt32(maxDefinitionLevel)
        return definition.reduce(0) { $0 + ($1 == maximum ? 1 : 0) }
    }

    private func pageValueCount(_ declared: Int32, remaining: Int, at offset: Int) throws -> Int {
        guard declared >= 0, Int(declared) <= remaining else {
            throw ParquetError.malformed("page declares \(declared) values, only \(remaining) remain in the chunk", at: offset)
        }
        return Int(declared)
    }

    /// Decompresses a page body (at file offset `offset`) whose header declares `size` bytes, already limit-checked.
    private func decompress(_ bytes: [UInt8], with pageCodec: any PageCodec, offset: Int, size: Int) throws -> [UInt8] {
        if codec == .uncompressed { return bytes }
        let output = try pageCodec.decompress(bytes, uncompressedSize: min(size, limits.maxPageBytes), offset: offset)
        guard output.count == size else {
            throw ParquetError.malformed("page decompressed to \(output.count) bytes, header says \(size)", at: offset)
        }
        return output
    }

    private static func merge(_ decoded: [ParquetValue], levels: [UInt32]?, into values: inout [ParquetValue]) {
        guard let levels else {
            values.append(contentsOf: decoded)
            return
        }
        // A flat optional column: level 1 carries a value, level 0 is null.
        var next = decoded.makeIterator()
        for level in levels { values.append(level == 1 ? (next.next() ?? .null) : .null) }
    }

    private func decodeValues(count: Int, encoding: ParquetEncoding, reader: inout ByteReader, dictionary: [ParquetValue]?) throws -> [ParquetValue] {
        let start = reader.absoluteOffset
        let type = column.type
        switch encoding {
        case .plain:
            return try PlainDecoder.decode(count: count, type: type, from: &reader)
        case .plainDictionary, .rleDictionary:
            guard let dictionary else { throw ParquetError.malformed("dictionary-encoded page without dictionary", at: start) }
            guard count > 0 else { return [] }
            let bitWidth = Int(try reader.readByte())
            var decoder = try RLEBitPackedHybridDecoder(ByteReader(reader.bytes, range: reader.position..<reader.end, baseOffset: reader.baseOffset), bitWidth: bitWidth)
            return try decoder.decode(count: count).map { index in
                guard Int(index) < dictionary.count else {
                    throw ParquetError.malformed("dictionary index \(index) outside \(dictionary.count) entries", at: start)
                }
                return dictionary[Int(index)]
            }
        case .rle:
            guard type == .boolean else { throw ParquetError(.unsupported, "RLE values for \(type)", offset: start) }
            let length = try reader.readLittleEndian(UInt32.self)
            let range = try reader.skipRange(Int(length), "RLE booleans")
            var decoder = try RLEBitPackedHybridDecoder(ByteReader(reader.bytes, range: range, baseOffset: reader.baseOffset), bitWidth: 1)
            return try decoder.decode(count: count).map { .bool($0 == 1) }
        case .deltaBinaryPacked:
            guard type.physicalType == .int32 || type.physicalType == .int64 else {
                throw ParquetError(.unsupported, "DELTA_BINARY_PACKED for \(type)", offset: start)
            }
            let numbers = try DeltaBinaryPackedDecoder.decode(count: count, from: &reader)
            if type.physicalType == .int32 { return numbers.map { type.value(int32: Int32(truncatingIfNeeded: $0)) } }
            return numbers.map { type.value(int64: $0) }
        case .deltaLengthByteArray:
            guard type.physicalType == .byteArray else { throw ParquetError(.unsupported, "DELTA_LENGTH_BYTE_ARRAY for \(type)", offset: start) }
            return try DeltaLengthByteArrayDecoder.decode(count: count, from: &reader).map { type.value(bytes: $0) }
        case .deltaByteArray:
            guard type.physicalType == .byteArray || type.physicalType == .fixedLenByteArray else {
                throw ParquetError(.unsupported, "DELTA_BYTE_ARRAY for \(type)", offset: start)
            }
            let arrays = try DeltaByteArrayDecoder.decode(count: count, from: &reader)
            if let width = type.fixedWidth, arrays.contains(where: { $0.count != width }) {
                throw ParquetError.malformed("DELTA_BYTE_ARRAY value length differs from fixed width \(width)", at: start)
            }
            return arrays.map { type.value(bytes: $0) }
        case .byteStreamSplit:
            guard let width = type.fixedWidth, type.physicalType != .boolean else {
                throw ParquetError(.unsupported, "BYTE_STREAM_SPLIT for \(type)", offset: start)
            }
            let range = try reader.skipRange(count.multipliedReportingOverflow(by: width).overflow ? -1 : count * width, "BYTE_STREAM_SPLIT values")
            var joined: [UInt8] = []
            joined.reserveCapacity(range.count)
            for index in 0..<count {
                for stream in 0..<width { joined.append(reader.bytes[range.lowerBound + stream * count + index]) }
            }
            var plain = ByteReader(joined, baseOffset: start)
            return try PlainDecoder.decode(count: count, type: type, from: &plain)
        default:
            throw ParquetError(.unsupported, "encoding \(encoding) for column \(column.name)", offset: start)
        }
    }
}
