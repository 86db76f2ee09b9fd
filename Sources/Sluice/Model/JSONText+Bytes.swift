extension JSONText {
    // The byte form of JSON string quoting, shared by the JSON writers, the proxy's audit log and
    // ``quoted(_:)``: `"` and `\` get a backslash, `\n` `\r` `\t` `\b` `\f` their short forms, the
    // other control characters below U+0020 `\u00XX`; everything else, `/` and U+2028/U+2029
    // included, is written as UTF-8 (as `JSONEncoder` with `.withoutEscapingSlashes` does).

    /// Appends `text` as a quoted, escaped JSON string.
    public static func appendQuoted(_ text: String, to buffer: inout [UInt8]) {
        buffer.append(UInt8(ascii: "\""))
        if text.utf8.withContiguousStorageIfAvailable({ appendEscaped($0, to: &buffer) }) == nil {
            appendEscaped(Array(text.utf8), to: &buffer)
        }
        buffer.append(UInt8(ascii: "\""))
    }

    /// Appends UTF-8 `bytes` with the JSON escapes; runs without escapes are copied in one go.
    private static func appendEscaped<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes, to buffer: inout [UInt8])
    where Bytes.Index == Int {
        var runStart = bytes.startIndex
        for i in bytes.indices {
            let b = bytes[i]
            guard b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") else { continue }
            buffer.append(contentsOf: bytes[runStart..<i])
            appendEscape(b, to: &buffer)
            runStart = i + 1
        }
        buffer.append(contentsOf: bytes[runStart..<bytes.endIndex])
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    private static func appendEscape(_ b: UInt8, to buffer: inout [UInt8]) {
        buffer.append(UInt8(ascii: "\\"))
        switch b {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): buffer.append(b)
        case UInt8(ascii: "\n"): buffer.append(UInt8(ascii: "n"))
        case UInt8(ascii: "\r"): buffer.append(UInt8(ascii: "r"))
        case UInt8(ascii: "\t"): buffer.append(UInt8(ascii: "t"))
        case 0x08: buffer.append(UInt8(ascii: "b"))
        case 0x0C: buffer.append(UInt8(ascii: "f"))
        default:
            buffer.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
            buffer.append(hexDigits[Int(b >> 4)])
            buffer.append(hexDigits[Int(b & 0xF)])
        }
    }
}
