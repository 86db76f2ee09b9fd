import Sluice

/// The ``ReaderFormat`` of a JSON file holding one top-level array of objects, read element by
/// element (the file is never loaded whole).
///
/// A malformed element is a failure at its line and column; the reader then skips to the next
/// `,` or `]` at the array's level (a scan aware of strings and brackets), so a skip moves on to
/// the next element. When the element's brackets do not balance, that scan may pass over
/// following elements or reach the end of the file; the end of the file inside the array, a file
/// that does not start with `[`, or data after the closing `]` give up the rest of the file.
struct JSONArrayReadFormat: ReaderFormat {
    private enum Phase {
        case opening
        case firstElement
        case afterElement
        case closed
    }

    private var parser = JSONRecordParser()
    private var phase = Phase.opening

    var inPreamble: Bool { phase == .opening }
    mutating func startFile() { phase = .opening }
    mutating func resumeAfterRecord() { phase = .afterElement }

    mutating func next(_ p: UnsafeBufferPointer<UInt8>, at start: Int, atEnd: Bool) -> ParseStep {
        guard let i = try? JSONRecordParser.skipSpace(p, start) else {
            if !atEnd { return .needMore }
            if phase == .closed { return .endOfFile }
            let message = phase == .opening ? "the file holds no JSON array" : "the file ends before the array is closed with ']'"
            return fail(message, p, start: start, at: p.count, end: p.count, endsFile: true)
        }
        switch phase {
        case .opening:
            guard p[i] == UInt8(ascii: "[") else {
                return fail("expected a JSON array starting with '[', found \(JSONRecordParser.describe(p[i]))", p, start: start, at: i, end: p.count, endsFile: true)
            }
            phase = .firstElement
            return .skip(end: i + 1, lines: ByteSearch.lineBreaks(in: p, start..<(i + 1)))
        case .firstElement:
            if p[i] == UInt8(ascii: "]") { return close(p, start: start, at: i) }
            return element(p, start: start, at: i, atEnd: atEnd)
        case .afterElement:
            if p[i] == UInt8(ascii: "]") { return close(p, start: start, at: i) }
            guard p[i] == UInt8(ascii: ",") else {
                return recover("expected ',' or ']' after an element, found \(JSONRecordParser.describe(p[i]))", p, start: start, at: i, atEnd: atEnd)
            }
            guard let next = try? JSONRecordParser.skipSpace(p, i + 1) else {
                return atEnd ? fail("the file ends before the array is closed with ']'", p, start: start, at: p.count, end: p.count, endsFile: true) : .needMore
            }
            return element(p, start: start, at: next, atEnd: atEnd)
        case .closed:
            return fail("unexpected \(JSONRecordParser.describe(p[i])) after the closing ']' of the array", p, start: start, at: i, end: p.count, endsFile: true)
        }
    }

    /// The object at `i`, or a failure that skips it.
    private mutating func element(_ p: UnsafeBufferPointer<UInt8>, start: Int, at i: Int, atEnd: Bool) -> ParseStep {
        do throws(JSONRecordParser.Failure) {
            let (record, end) = try parser.object(p, at: i, complete: atEnd)
            phase = .afterElement
            return .item(record, end: end, lines: ByteSearch.lineBreaks(in: p, start..<end))
        } catch {
            switch error {
            case .incomplete:
                return atEnd ? fail("the file ends inside an element", p, start: start, at: p.count, end: p.count, endsFile: true) : .needMore
            case .malformed(let message, let at):
                return recover(message, p, start: start, at: at, from: i, atEnd: atEnd)
            }
        }
    }

    /// The `]` closing the array at `i`.
    private mutating func close(_ p: UnsafeBufferPointer<UInt8>, start: Int, at i: Int) -> ParseStep {
        phase = .closed
        return .skip(end: i + 1, lines: ByteSearch.lineBreaks(in: p, start..<(i + 1)))
    }

    /// A failure at `at` that consumes the element starting at `from` up to the next `,` or `]`
    /// of the array.
    private mutating func recover(_ message: String, _ p: UnsafeBufferPointer<UInt8>, start: Int, at: Int, from: Int? = nil, atEnd: Bool) -> ParseStep {
        guard let resume = Self.nextSeparator(p, from: from ?? at) else {
            return atEnd ? fail(message, p, start: start, at: at, end: p.count, endsFile: true) : .needMore
        }
        phase = .afterElement
        return fail(message, p, start: start, at: at, end: resume, endsFile: false)
    }

    private func fail(_ message: String, _ p: UnsafeBufferPointer<UInt8>, start: Int, at: Int, end: Int, endsFile: Bool) -> ParseStep {
        .failure(ParseFailure(message: message, end: end, lines: ByteSearch.lineBreaks(in: p, start..<end), faultIndex: at, endsFile: endsFile))
    }

    /// The index of the next `,` or `]` outside strings and brackets, from `i` (which may be a
    /// `,` itself, when the failure was a missing separator: then the search starts after it).
    static func nextSeparator(_ p: UnsafeBufferPointer<UInt8>, from i: Int) -> Int? {
        var depth = 0
        var j = p[i] == UInt8(ascii: ",") ? i + 1 : i
        while j < p.count {
            switch p[j] {
            case UInt8(ascii: "\""):
                j += 1
                while j < p.count && p[j] != UInt8(ascii: "\"") { j += p[j] == UInt8(ascii: "\\") ? 2 : 1 }
            case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                if depth == 0 { return j }
                depth -= 1
            case UInt8(ascii: ","):
                if depth == 0 && j > i { return j }
            default: break
            }
            j += 1
        }
        return nil
    }
}
