/// A reader whose next chunk the engine may read while the previous chunk is being written and
/// committed, so that reading (parsing a file, fetching a page) overlaps the write instead of
/// waiting for it.
///
/// Conform only when both hold:
/// - the restart state is exactly what ``ItemStream/update(_:)`` sets, and `update` only sets its
///   own keys (never removes any): the engine asks for that state right after the chunk's items
///   are read and stores it with that chunk's commit, while the reader has already moved on;
/// - reading has no side effect that a commit must follow (no acknowledging a message queue on
///   read, no rows that the writer of the previous chunk changes).
///
/// Items read ahead but not committed (the step stops or fails) are read again on restart, from
/// the last committed state, so read-ahead never loses or doubles an item.
public protocol ReadAheadItemReader: ItemReader {}

extension ArrayItemReader: ReadAheadItemReader {}
