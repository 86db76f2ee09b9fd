/// Finds the fields of one CSV record in a block of bytes (RFC 4180): fields separated by the
/// delimiter, records ended by LF, CRLF or CR, and quoted fields that may hold delimiters, line
/// breaks and doubled quotes.
///
/// The scanner only records where each field lies; it creates no strings. A quote inside an
/// unquoted field is kept as a character, as most CSV producers expect.
struct CSVRecordScanner: Sendable {
    /// Where a field lies in the bytes; `escaped` says that it holds doubled quotes.
    ///
    /// Sixteen bytes (the flag is the sign of the stored end): a run of records keeps tens of
    /// thousands of these, read back column by column.
    struct Field: Sendable {
        var start: Int
        /// The end, or its complement when the field is escaped.
        private var storedEnd: Int

        /// Where the field's bytes end.
        var end: Int { storedEnd >= 0 ? storedEnd : ~storedEnd }
        /// Whether the field holds doubled quotes.
        var escaped: Bool { storedEnd < 0 }

        init(start: Int, end: Int, escaped: Bool) {
            self.start = start
            self.storedEnd = escaped ? ~end : end
        }

        /// What fills room not yet written.
        static let unused = Field(start: 0, end: 0, escaped: false)
    }

    /// What the bytes at the start position hold.
    enum Outcome {
        /// A record ending before `end`, with `lines` line breaks; its fields are in ``fields``.
        case record(end: Int, lines: Int)
        /// The bytes end inside the record.
        case needMore
        /// A malformed record, consumed up to `end`.
        case malformed(String, end: Int, lines: Int, faultIndex: Int?)
    }

    private static let lf = UInt8(ascii: "\n")
    private static let cr = UInt8(ascii: "\r")

    let delimiter: UInt8
    /// The quote character; nil when fields are never quoted.
    let quote: UInt8?
    /// Room for fields, written through a pointer; the first `fieldCount` are the fields.
    private var storage: [Field]
    /// The number of fields scanned (see ``fields``).
    private(set) var fieldCount = 0

    /// The fields of the last record scanned, after those kept from earlier records.
    var fields: ArraySlice<Field> { storage[..<fieldCount] }

    /// A scanner for a delimiter and an optional quote character.
    init(delimiter: UInt8, quote: UInt8?) {
        self.delimiter = delimiter
        self.quote = quote
        storage = Array(repeating: .unused, count: 64)
    }

    /// Scans the record at `start` (which must be before `bytes.count`); its fields follow the
    /// first `keep` of ``fields`` (a reader keeps those of a run of records), the others go.
    mutating func scan(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, atEnd: Bool, keeping keep: Int = 0) -> Outcome {
        while true {
            // Room for a record of up to 64 fields, more after a record that needed it; a record
            // that runs out of room is scanned again with twice the room.
            if storage.count < keep + 64 { storage.append(contentsOf: repeatElement(.unused, count: keep + 64 - storage.count)) }
            var count = min(fieldCount, keep)
            let (delimiter, quote) = (self.delimiter, self.quote)
            let outcome = storage.withUnsafeMutableBufferPointer { room in
                Self.scan(bytes, at: start, atEnd: atEnd, keeping: keep, delimiter: delimiter, quote: quote, into: room, count: &count)
            }
            fieldCount = count
            if let outcome { return outcome }
            storage.append(contentsOf: repeatElement(.unused, count: storage.count))
        }
    }

    /// ``scan(_:at:atEnd:keeping:)`` into `room`, whose first `count` fields are kept; nil when
    /// the record has more fields than `room` holds.
    @inline(__always)
    private static func scan(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, atEnd: Bool, keeping keep: Int, delimiter: UInt8,
                             quote: UInt8?, into room: UnsafeMutableBufferPointer<Field>, count: inout Int) -> Outcome? {
        let n = bytes.count
        var i = start
        var lines = 0
        while true {
            if let quote, i < n, bytes[i] == quote {
                var j = i + 1
                var escaped = false
                while true {
                    while j < n && bytes[j] != quote {
                        if bytes[j] == Self.lf { lines += 1 }
                        j += 1
                    }
                    if j >= n {
                        return atEnd ? .malformed("a quoted field is not closed before the end of the file", end: n, lines: lines, faultIndex: nil) : .needMore
                    }
                    if j + 1 >= n && !atEnd { return .needMore }
                    guard j + 1 < n && bytes[j + 1] == quote else { break }
                    escaped = true
                    j += 2
                }
                guard count < room.count else { return nil }
                room[count] = Field(start: i + 1, end: j, escaped: escaped)
                count += 1
                i = j + 1
                guard i < n else { return .record(end: n, lines: lines) }
                let c = bytes[i]
                if c == delimiter {
                    i += 1
                    continue
                }
                if c == Self.lf || c == Self.cr { return lineEnd(bytes, at: i, lines: lines, atEnd: atEnd) }
                return skipLine(bytes, from: i, lines: lines, atEnd: atEnd,
                                message: "unexpected character '\(Self.character(c))' after the closing quote of field \(count - keep)")
            }
            let j = fieldEnd(bytes, from: i, delimiter: delimiter)
            guard j < n else {
                guard atEnd else { return .needMore }
                guard count < room.count else { return nil }
                room[count] = Field(start: i, end: n, escaped: false)
                count += 1
                return .record(end: n, lines: lines)
            }
            guard count < room.count else { return nil }
            room[count] = Field(start: i, end: j, escaped: false)
            count += 1
            if bytes[j] != delimiter { return lineEnd(bytes, at: j, lines: lines, atEnd: atEnd) }
            i = j + 1
        }
    }

    /// The index of the first delimiter, LF or CR at or after `i`, or `bytes.count`. Eight bytes
    /// are tested at a time (a byte equals a wanted one when its XOR with it is zero), then the
    /// rest one by one.
    @inline(__always)
    private static func fieldEnd(_ bytes: UnsafeBufferPointer<UInt8>, from i: Int, delimiter: UInt8) -> Int {
        let n = bytes.count
        var j = i
        if let base = UnsafeRawPointer(bytes.baseAddress) {
            let ones: UInt64 = 0x0101_0101_0101_0101
            let highs: UInt64 = 0x8080_8080_8080_8080
            let delimiters = ones &* UInt64(delimiter)
            let lfs = ones &* UInt64(Self.lf)
            let crs = ones &* UInt64(Self.cr)
            while j + 8 <= n {
                let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: j, as: UInt64.self))
                let found = Self.zeroBytes(word ^ delimiters) | Self.zeroBytes(word ^ lfs) | Self.zeroBytes(word ^ crs)
                if found & highs != 0 { return j + found.trailingZeroBitCount / 8 }
                j += 8
            }
        }
        while j < n {
            let c = bytes[j]
            if c == delimiter || c == Self.lf || c == Self.cr { break }
            j += 1
        }
        return j
    }

    /// The high bit of each zero byte of `x` set (exact for the lowest zero byte, which is all
    /// ``fieldEnd(_:from:)`` uses: borrows only run upwards from a zero byte).
    @inline(__always)
    private static func zeroBytes(_ x: UInt64) -> UInt64 {
        (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080
    }

    /// The record ends with the line break at `i` (LF, CRLF or a lone CR).
    private static func lineEnd(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int, lines: Int, atEnd: Bool) -> Outcome {
        guard bytes[i] == Self.cr else { return .record(end: i + 1, lines: lines + 1) }
        guard i + 1 < bytes.count else { return atEnd ? .record(end: i + 1, lines: lines + 1) : .needMore }
        return .record(end: bytes[i + 1] == Self.lf ? i + 2 : i + 1, lines: lines + 1)
    }

    /// A fault at `i`: the record is consumed up to the end of the line.
    private static func skipLine(_ bytes: UnsafeBufferPointer<UInt8>, from i: Int, lines: Int, atEnd: Bool, message: String) -> Outcome {
        var j = i
        while j < bytes.count && bytes[j] != Self.lf { j += 1 }
        if j < bytes.count { return .malformed(message, end: j + 1, lines: lines + 1, faultIndex: i) }
        return atEnd ? .malformed(message, end: j, lines: lines, faultIndex: i) : .needMore
    }

    /// A byte as a printable character for messages.
    static func character(_ byte: UInt8) -> String {
        byte >= 0x20 && byte < 0x7F ? String(UnicodeScalar(byte)) : "\\u{\(String(byte, radix: 16))}"
    }
}
