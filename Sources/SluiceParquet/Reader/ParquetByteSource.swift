import Foundation

/// Random-access bytes of a Parquet file: an open file or an in-memory buffer.
enum ParquetByteSource {
    case memory([UInt8])
    case file(FileHandle, size: Int)

    var size: Int {
        switch self {
        case .memory(let bytes): bytes.count
        case .file(_, let size): size
        }
    }

    /// Reads exactly `count` bytes at `offset`, which the caller has checked lie inside the file.
    func read(offset: Int, count: Int) throws -> [UInt8] {
        guard offset >= 0, count >= 0, offset <= size - count else {
            throw ParquetError.truncated("range \(offset)+\(count) outside the \(size)-byte file", at: offset)
        }
        switch self {
        case .memory(let bytes):
            return Array(bytes[offset..<offset + count])
        case .file(let handle, _):
            do {
                try handle.seek(toOffset: UInt64(offset))
                let data = try handle.read(upToCount: count) ?? Data()
                guard data.count == count else {
                    throw ParquetError.truncated("file ended while reading \(count) bytes", at: offset + data.count)
                }
                return [UInt8](data)
            } catch let error as ParquetError {
                throw error
            } catch {
                throw ParquetError(.io, "read failed: \(error)", offset: offset)
            }
        }
    }
}
