import Sluice

/// The ``ReaderFormat`` of fixed-width text: one record per line, each field a range of
/// characters. Lines may be shorter than the layout (editors strip trailing blanks): the missing
/// part of a field reads as empty. Characters beyond the last field are ignored. Blank lines are
/// skipped; a line ending in CRLF loses its CR.
struct FixedWidthReadFormat: ReaderFormat {
    /// A field with its 0-based character range.
    struct Slot: Sendable {
        var name: String
        var start: Int
        var end: Int
        var type: ColumnType
    }

    private let slots: [Slot]
    private let names: [String]
    private let skipLines: Int
    private let conversion: FieldConversion
    private var remainingSkips = 0
    /// Byte index of each character of a non-ASCII line, plus its end.
    private var characterStarts: [Int] = []

    init(slots: [Slot], skipLines: Int, conversion: FieldConversion) {
        self.slots = slots
        names = slots.map(\.name)
        self.skipLines = skipLines
        self.conversion = conversion
    }

    var inPreamble: Bool { remainingSkips > 0 }
    mutating func startFile() { remainingSkips = skipLines }
    mutating func resumeAfterRecord() {}

    mutating func next(_ p: UnsafeBufferPointer<UInt8>, at start: Int, atEnd: Bool) -> ParseStep {
        guard start < p.count else { return atEnd ? .endOfFile : .needMore }
        let lineBreak = ByteSearch.firstIndex(of: 0x0A, in: p, from: start)
        guard lineBreak != nil || atEnd else { return .needMore }
        let end = lineBreak.map { $0 + 1 } ?? p.count
        let lines = lineBreak == nil ? 0 : 1
        var lineEnd = lineBreak ?? p.count
        if lineEnd > start && p[lineEnd - 1] == 0x0D { lineEnd -= 1 }
        if remainingSkips > 0 {
            remainingSkips -= 1
            return .skip(end: end, lines: lines)
        }
        if lineEnd == start { return .skip(end: end, lines: lines) }
        let line = UnsafeBufferPointer(rebasing: p[start..<lineEnd])
        let ascii = FieldConversion.isASCII(line)
        if !ascii { indexCharacters(line) }
        var values: [RecordValue] = []
        values.reserveCapacity(slots.count)
        for slot in slots {
            let range = ascii ? min(slot.start, line.count)..<min(slot.end, line.count) : byteRange(slot)
            do throws(FieldConversion.FieldError) {
                values.append(try conversion.value(UnsafeBufferPointer(rebasing: line[range]), as: slot.type, ascii: ascii))
            } catch {
                return .failure(ParseFailure(message: "field '\(slot.name)' (characters \(slot.start + 1)-\(slot.end)): \(error.message)", end: end, lines: lines))
            }
        }
        return .item(Record(names: names, values: values), end: end, lines: lines)
    }

    /// Records where each character of `line` starts (bytes that are not UTF-8 continuations).
    private mutating func indexCharacters(_ line: UnsafeBufferPointer<UInt8>) {
        characterStarts.removeAll(keepingCapacity: true)
        for (i, byte) in line.enumerated() where byte & 0xC0 != 0x80 { characterStarts.append(i) }
        characterStarts.append(line.count)
    }

    /// The byte range of a slot in the indexed line.
    private func byteRange(_ slot: Slot) -> Range<Int> {
        let last = characterStarts.count - 1
        return characterStarts[min(slot.start, last)]..<characterStarts[min(slot.end, last)]
    }
}
