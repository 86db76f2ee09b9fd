/// Decodes the pages of one column chunk into values, nulls included.
///
/// Handles dictionary pages, data pages v1 and v2, and the value encodings PLAIN, PLAIN_DICTIONARY,
/// RLE_DICTIONARY, RLE (booleans), DELTA_BINARY_PACKED, DELTA_LENGTH_BYTE_ARRAY, DELTA_BYTE_ARRAY and
/// BYTE_STREAM_SPLIT. Every size in a page header is checked against the chunk and the reader limits.
struct ColumnChunkDecoder {
    let column: ParquetColumn
    let codec: ParquetCompressionCodec
    let limits: ParquetReader.Limits

    /// Decodes `chunk` (whose first byte is at file offset `baseOffset`) into exactly `valueCount` values.
    func decode(_ chunk: [UInt8], baseOffset: Int, valueCount: Int) throws -> [ParquetValue] {
        let pageCodec: any PageCodec
        do {
            pageCodec = try codec.makePageCodec()
        } catch let error as ParquetError {
            throw ParquetError(error.code, "column \(column.name): \(error.message)", offset: baseOffset)
        }
        var values: [ParquetValue] = []
        values.reserveCapacity(min(valueCount, 1 << 16))
        var dictionary: [ParquetValue]?
        var input = ByteReader(chunk, baseOffset: baseOffset)
        while values.count < valueCount {
            guard !input.isAtEnd else {
                throw ParquetError.truncated("column \(column.name): chunk ends after \(values.count) of \(valueCount) values", at: input.absoluteOffset)
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
            switch header.type {
            case .dictionaryPage:
                guard let dictionaryHeader = header.dictionaryPageHeader else {
                    throw ParquetError.malformed("dictionary page without DictionaryPageHeader", at: headerOffset)
                }
                guard dictionary == nil else { throw ParquetError.malformed("second dictionary page in column chunk", at: headerOffset) }
                guard dictionaryHeader.encoding == .plain || dictionaryHeader.encoding == .plainDictionary else {
                    throw ParquetError(.unsupported, "dictionary page encoding \(dictionaryHeader.encoding)", offset: headerOffset)
                }
                guard dictionaryHeader.numValues >= 0 else { throw ParquetError.malformed("negative dictionary size", at: headerOffset) }
                let page = try decompress(body, with: pageCodec, offset: bodyOffset, size: Int(header.uncompressedPageSize))
                var reader = ByteReader(page, baseOffset: bodyOffset)
                dictionary = try PlainDecoder.decode(count: Int(dictionaryHeader.numValues), type: column.type, from: &reader)
            case .dataPage:
                guard let dataHeader = header.dataPageHeader else {
                    throw ParquetError.malformed("data page without DataPageHeader", at: headerOffset)
                }
                let count = try pageValueCount(dataHeader.numValues, decoded: values.count, expected: valueCount, at: headerOffset)
                let page = try decompress(body, with: pageCodec, offset: bodyOffset, size: Int(header.uncompressedPageSize))
                var reader = ByteReader(page, baseOffset: bodyOffset)
                var levels: [UInt32]?
                if column.isOptional {
                    guard dataHeader.definitionLevelEncoding == .rle else {
                        throw ParquetError(.unsupported, "definition level encoding \(dataHeader.definitionLevelEncoding)", offset: headerOffset)
                    }
                    let length = try reader.readLittleEndian(UInt32.self)
                    let range = try reader.skipRange(Int(length), "definition levels")
                    var decoder = try RLEBitPackedHybridDecoder(ByteReader(page, range: range, baseOffset: bodyOffset), bitWidth: 1)
                    levels = try decoder.decode(count: count)
                }
                let present = levels.map { $0.reduce(0) { $0 + Int($1) } } ?? count
                let decoded = try decodeValues(count: present, encoding: dataHeader.encoding, reader: &reader, dictionary: dictionary)
                Self.merge(decoded, levels: levels, into: &values)
            case .dataPageV2:
                guard let dataHeader = header.dataPageHeaderV2 else {
                    throw ParquetError.malformed("data page v2 without DataPageHeaderV2", at: headerOffset)
                }
                let count = try pageValueCount(dataHeader.numValues, decoded: values.count, expected: valueCount, at: headerOffset)
                let repetitionLength = Int(dataHeader.repetitionLevelsByteLength)
                let definitionLength = Int(dataHeader.definitionLevelsByteLength)
                guard repetitionLength >= 0, definitionLength >= 0, repetitionLength + definitionLength <= body.count,
                      repetitionLength + definitionLength <= Int(header.uncompressedPageSize) else {
                    throw ParquetError.malformed("data page v2 level lengths exceed the page", at: headerOffset)
                }
                var levels: [UInt32]?
                if column.isOptional {
                    let range = repetitionLength..<repetitionLength + definitionLength
                    var decoder = try RLEBitPackedHybridDecoder(ByteReader(body, range: range, baseOffset: bodyOffset), bitWidth: 1)
                    levels = try decoder.decode(count: count)
                }
                let present = levels.map { $0.reduce(0) { $0 + Int($1) } } ?? count
                guard Int(dataHeader.numNulls) == count - present else {
                    throw ParquetError.malformed("data page v2 declares \(dataHeader.numNulls) nulls, levels give \(count - present)", at: headerOffset)
                }
                let valuesStart = repetitionLength + definitionLength
                let valueBytes = Array(body[valuesStart...])
                let valuesSize = Int(header.uncompressedPageSize) - valuesStart
                let page = dataHeader.isCompressed ? try decompress(valueBytes, with: pageCodec, offset: bodyOffset + valuesStart, size: valuesSize) : valueBytes
                var reader = ByteReader(page, baseOffset: bodyOffset + valuesStart)
                let decoded = try decodeValues(count: present, encoding: dataHeader.encoding, reader: &reader, dictionary: dictionary)
                Self.merge(decoded, levels: levels, into: &values)
            default:
                continue  // index pages and unknown page types carry no values
            }
        }
        return values
    }

    private func pageValueCount(_ declared: Int32, decoded: Int, expected: Int, at offset: Int) throws -> Int {
        guard declared >= 0, Int(declared) <= expected - decoded else {
            throw ParquetError.malformed("page declares \(declared) values, only \(expected - decoded) remain in the chunk", at: offset)
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
