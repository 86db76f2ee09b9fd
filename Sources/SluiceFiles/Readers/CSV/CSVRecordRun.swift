/// The records of a run that ``CSVReadFormat`` parses into a batch: first every record is
/// scanned (its fields' positions stay in the scanner, record after record; where each record
/// ends is kept here), then the fields are converted column by column, so each column's
/// conversion and appends run in one tight loop.
struct CSVRecordRun {
    /// Where each record ends.
    private(set) var ends: [Int] = []
    /// The line breaks of each record.
    private(set) var lines: [Int] = []
    /// Whether each record is all ASCII (its strings need no UTF-8 validation).
    private(set) var ascii: [Bool] = []

    /// The number of records.
    var count: Int { ends.count }

    /// Forgets the records, keeping the storage.
    mutating func removeAll() {
        ends.removeAll(keepingCapacity: true)
        lines.removeAll(keepingCapacity: true)
        ascii.removeAll(keepingCapacity: true)
    }

    /// Adds a record.
    mutating func add(end: Int, lines recordLines: Int, ascii isASCII: Bool) {
        ends.append(end)
        lines.append(recordLines)
        ascii.append(isASCII)
    }
}
