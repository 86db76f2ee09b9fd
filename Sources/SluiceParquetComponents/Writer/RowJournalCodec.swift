import SluiceParquet

/// The binary log (`.<file>.journal`) that holds the committed rows of the file being written,
/// so a restart can rebuild the unfinished Parquet file from it.
///
/// Each commit appends one frame per file it writes to: a 4-byte tag (`SLJ1`), the 8-byte
/// little-endian length of the block that follows, and the block — the committed rows column by
/// column as ``SluiceParquet/ParquetColumnBatch/appendBlock(rows:to:)`` lays them out (typed
/// arrays copied as they lie in memory, the row count first). Frames end where commits end, so a
/// restart replays frames until it has the committed row count and cuts the rest.
enum RowJournalCodec {
    /// The tag that starts every frame ("SLJ1" as little-endian bytes).
    static let tag: UInt32 = 0x314A_4C53
    /// Tag and block length.
    static let headerSize = 12
    /// Header and the block's row count: what a scan of the frames reads.
    static let scanSize = headerSize + 4

    /// Appends the frame of rows `rows` of `batch` to `bytes`; no frame for no rows.
    static func encode(_ batch: ParquetColumnBatch, rows: Range<Int>, into bytes: inout [UInt8]) {
        guard !rows.isEmpty else { return }
        let start = bytes.count
        bytes.append(contentsOf: repeatElement(0, count: headerSize))
        batch.appendBlock(rows: rows, to: &bytes)
        let length = UInt64(bytes.count - start - headerSize)
        bytes.withUnsafeMutableBytes { memory in
            memory.storeBytes(of: tag.littleEndian, toByteOffset: start, as: UInt32.self)
            memory.storeBytes(of: length.littleEndian, toByteOffset: start + 4, as: UInt64.self)
        }
    }

    /// What the start of a frame says.
    struct Header: Equatable {
        /// The bytes of the block after the header.
        var blockLength: Int
        /// The rows of the block.
        var rows: Int
        /// The frame's whole length.
        var frameLength: Int { RowJournalCodec.headerSize + blockLength }
    }

    /// The header of the frame whose first ``scanSize`` bytes are `bytes` (which may be fewer
    /// at the journal's end: nil, a torn frame); a wrong tag or length is a ``ValueProblem``.
    static func header(_ bytes: [UInt8], at offset: Int) throws(ValueProblem) -> Header? {
        guard bytes.count >= scanSize else { return nil }
        let (tag, length, rows) = bytes.withUnsafeBytes { raw in
            (UInt32(littleEndian: raw.loadUnaligned(as: UInt32.self)),
             UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 4, as: UInt64.self)),
             UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: headerSize, as: UInt32.self)))
        }
        guard tag == Self.tag else { throw ValueProblem("the frame at byte \(offset) does not start with the journal tag") }
        guard length >= 4, length <= UInt64(Int.max / 2) else { throw ValueProblem("the frame at byte \(offset) has an impossible length \(length)") }
        return Header(blockLength: Int(length), rows: Int(rows))
    }

    /// Appends the rows of a frame's block to `batch`.
    static func decode(block: [UInt8], at offset: Int, into batch: inout ParquetColumnBatch) throws(ValueProblem) {
        do {
            try block.withUnsafeBytes { try batch.appendBlock($0) }
        } catch {
            throw ValueProblem("the frame at byte \(offset) does not hold rows of the schema: \(error)")
        }
    }
}
