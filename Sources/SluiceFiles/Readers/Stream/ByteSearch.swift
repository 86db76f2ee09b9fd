import Foundation

/// Fast searches in a block of bytes, shared by the formats: the next line break, the number of
/// line breaks in a range.
enum ByteSearch {
    /// The index of the first `byte` at or after `start`, or nil.
    static func firstIndex(of byte: UInt8, in p: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard start < p.count, let base = p.baseAddress else { return nil }
        guard let found = memchr(base + start, Int32(byte), p.count - start) else { return nil }
        return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }

    /// The number of LF bytes in `p[range]`.
    static func lineBreaks(in p: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int {
        var count = 0
        for i in range where p[i] == 0x0A { count += 1 }
        return count
    }
}
