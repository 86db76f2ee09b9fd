/// The records of a run that ``CSVReadFormat`` parses into a batch: first every record is
/// scanned (its fields' positions stay in the scanner, record after record; where each record
/// ends is kept here), then the fields are converted column by column, so each column's
/// conversion and appends run in one tight loop.
struct CSVRecordRun {
    /// Where a record ends and how many line breaks it holds.
    struct Record {
        var end: Int
        var lines: Int
    }

    /// The records, in order.
    private(set) var records: [Record] = []
    /// Whether each record is all ASCII (its strings need no UTF-8 validation); set by
    /// ``findASCII(in:from:)`` once the run is scanned.
    private(set) var ascii: [Bool] = []

    /// The number of records.
    var count: Int { records.count }

    /// Forgets the records, keeping the storage.
    mutating func removeAll() {
        records.removeAll(keepingCapacity: true)
        ascii.removeAll(keepingCapacity: true)
    }

    /// Adds a record.
    @inline(__always)
    mutating func add(end: Int, lines: Int) {
        records.append(Record(end: end, lines: lines))
    }

    /// Sets ``ascii`` for the records, which start at `start` in `bytes`: one pass over the whole
    /// run when it is all ASCII (the common case), else record by record.
    mutating func findASCII(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) {
        guard let last = records.last else { return ascii.removeAll(keepingCapacity: true) }
        if FieldConversion.isASCII(UnsafeBufferPointer(rebasing: bytes[start..<last.end])) {
            ascii = Array(repeating: true, count: records.count)
            return
        }
        ascii.removeAll(keepingCapacity: true)
        var at = start
        for record in records {
            ascii.append(FieldConversion.isASCII(UnsafeBufferPointer(rebasing: bytes[at..<record.end])))
            at = record.end
        }
    }
}
