import Sluice

/// The ``ReaderFormat`` of newline-delimited JSON: one JSON object per line. Blank lines are
/// skipped; a line that is not one valid object (with nothing but white space after it) is a
/// failure at the line and column of the fault, and is consumed.
struct NDJSONReadFormat: ReaderFormat {
    private var parser = JSONRecordParser()

    var inPreamble: Bool { false }
    mutating func startFile() {}
    mutating func resumeAfterRecord() {}

    mutating func next(_ p: UnsafeBufferPointer<UInt8>, at start: Int, atEnd: Bool) -> ParseStep {
        guard start < p.count else { return atEnd ? .endOfFile : .needMore }
        let lineBreak = ByteSearch.firstIndex(of: 0x0A, in: p, from: start)
        guard lineBreak != nil || atEnd else { return .needMore }
        let lineEnd = lineBreak ?? p.count
        let end = lineBreak.map { $0 + 1 } ?? p.count
        let lines = lineBreak == nil ? 0 : 1
        let line = UnsafeBufferPointer(rebasing: p[start..<lineEnd])
        do throws(JSONRecordParser.Failure) {
            guard (try? JSONRecordParser.skipSpace(line, 0)) != nil else { return .skip(end: end, lines: lines) }
            let (record, objectEnd) = try parser.object(line, at: 0, complete: true)
            if let extra = try? JSONRecordParser.skipSpace(line, objectEnd) {
                throw .malformed("unexpected \(JSONRecordParser.describe(line[extra])) after the object", at: extra)
            }
            return .item(record, end: end, lines: lines)
        } catch {
            switch error {
            case .incomplete:
                return .failure(ParseFailure(message: "the line ends inside a JSON value", end: end, lines: lines))
            case .malformed(let message, let at):
                return .failure(ParseFailure(message: message, end: end, lines: lines, faultIndex: start + at))
            }
        }
    }
}
