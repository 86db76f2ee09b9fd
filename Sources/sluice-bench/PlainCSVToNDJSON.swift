import Foundation

/// The peer of the `csv-ndjson` benchmark: a hand-written Swift program that converts a CSV file
/// (RFC 4180, header line) to NDJSON with every value a string — what a team writes without a
/// framework: no restart, no skips, no records of the run. It reads 1 MiB blocks, builds one
/// String per field and writes through a 1 MiB buffer.
enum PlainCSVToNDJSON {
    static func convert(input: String, output: String) throws -> Int {
        guard let inFile = fopen(input, "rb"), let outFile = fopen(output, "wb") else { throw CocoaError(.fileNoSuchFile) }
        defer { fclose(inFile); fclose(outFile) }
        var converter = Converter(out: outFile)
        var block = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = block.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, inFile) }
            if n == 0 { break }
            block.withUnsafeBufferPointer { converter.consume(UnsafeBufferPointer(rebasing: $0[0..<n])) }
        }
        converter.finish()
        return converter.rows
    }

    struct Converter {
        let out: UnsafeMutablePointer<FILE>
        var header: [String]?
        var fields: [String] = []
        var field: [UInt8] = []
        var inQuotes = false
        var quotePending = false
        var rows = 0
        var buffer: [UInt8] = []

        init(out: UnsafeMutablePointer<FILE>) {
            self.out = out
            buffer.reserveCapacity(1 << 20 + 4096)
        }

        mutating func consume(_ bytes: UnsafeBufferPointer<UInt8>) {
            for byte in bytes {
                if inQuotes {
                    if byte == UInt8(ascii: "\"") { inQuotes = false; quotePending = true } else { field.append(byte) }
                    continue
                }
                switch byte {
                case UInt8(ascii: "\""):
                    if quotePending { field.append(byte) }
                    inQuotes = true
                    quotePending = false
                case UInt8(ascii: ","):
                    endField()
                case UInt8(ascii: "\n"):
                    endField()
                    endRecord()
                case UInt8(ascii: "\r"):
                    quotePending = false
                default:
                    quotePending = false
                    field.append(byte)
                }
            }
        }

        mutating func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            quotePending = false
        }

        mutating func endRecord() {
            defer { fields.removeAll(keepingCapacity: true) }
            guard let header else { header = fields; return }
            buffer.append(UInt8(ascii: "{"))
            for (i, value) in fields.enumerated() where i < header.count {
                if i > 0 { buffer.append(UInt8(ascii: ",")) }
                appendString(header[i])
                buffer.append(UInt8(ascii: ":"))
                appendString(value)
            }
            buffer.append(contentsOf: [UInt8(ascii: "}"), UInt8(ascii: "\n")])
            rows += 1
            if buffer.count >= 1 << 20 { flush() }
        }

        mutating func appendString(_ s: String) {
            buffer.append(UInt8(ascii: "\""))
            for byte in s.utf8 {
                switch byte {
                case UInt8(ascii: "\""): buffer.append(contentsOf: [92, 34])
                case UInt8(ascii: "\\"): buffer.append(contentsOf: [92, 92])
                case UInt8(ascii: "\n"): buffer.append(contentsOf: [92, UInt8(ascii: "n")])
                case UInt8(ascii: "\r"): buffer.append(contentsOf: [92, UInt8(ascii: "r")])
                case UInt8(ascii: "\t"): buffer.append(contentsOf: [92, UInt8(ascii: "t")])
                case 0..<0x20:
                    let hex = Array("0123456789abcdef".utf8)
                    buffer.append(contentsOf: [92, UInt8(ascii: "u"), 48, 48, hex[Int(byte >> 4)], hex[Int(byte & 15)]])
                default: buffer.append(byte)
                }
            }
            buffer.append(UInt8(ascii: "\""))
        }

        mutating func flush() {
            buffer.withUnsafeBytes { _ = fwrite($0.baseAddress, 1, $0.count, out) }
            buffer.removeAll(keepingCapacity: true)
        }

        mutating func finish() {
            if !field.isEmpty || !fields.isEmpty { endField(); endRecord() }
            flush()
        }
    }
}
