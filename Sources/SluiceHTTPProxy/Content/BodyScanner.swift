import NIOCore

/// Scans a body stream chunk by chunk with bounded memory: it keeps back an overlap window of
/// the last bytes (at most ``overlap``) so a finding split across chunks is still found, and
/// masks or reports findings before the bytes are forwarded.
///
/// Findings are counted by type only; the matched bytes are never kept or reported.
public struct BodyScanner {
    /// A finding type and how often it was seen.
    public typealias Findings = [String: Int]

    /// What scanning a chunk gives.
    public enum Result {
        /// Forward these bytes (possibly masked; possibly empty).
        case forward(ByteBuffer)
        /// Refuse the body: a blocking finding of this type.
        case block(type: String)
    }

    /// Longest finding that is guaranteed to be seen across a chunk boundary.
    public let overlap: Int
    private let detectors: [BodyDetector]
    private var carry: [UInt8] = []
    /// The findings so far, by type.
    public private(set) var findings: Findings = [:]

    /// A scanner with detectors; with none it forwards chunks untouched.
    public init(detectors: [BodyDetector], overlap: Int = 512) {
        self.detectors = detectors
        self.overlap = overlap
    }

    /// Whether the scanner looks at anything.
    public var isActive: Bool { !detectors.isEmpty }

    /// Scans the next chunk; returns the bytes that may be forwarded now.
    public mutating func scan(_ chunk: ByteBuffer, allocator: ByteBufferAllocator) -> Result {
        guard isActive else { return .forward(chunk) }
        var data = carry
        data.append(contentsOf: chunk.readableBytesView)
        return process(&data, final: false, allocator: allocator)
    }

    /// Scans what is left at the end of the body.
    public mutating func finish(allocator: ByteBufferAllocator) -> Result {
        guard isActive else { return .forward(allocator.buffer(capacity: 0)) }
        var data = carry
        return process(&data, final: true, allocator: allocator)
    }

    private mutating func process(_ data: inout [UInt8], final: Bool, allocator: ByteBufferAllocator) -> Result {
        let cut = final ? data.count : max(0, data.count - overlap)
        var text = String()
        text.unicodeScalars.append(contentsOf: data.lazy.map { Unicode.Scalar($0) })
        for detector in detectors {
            for match in text.matches(of: detector.regex) {
                let start = text.unicodeScalars.distance(from: text.startIndex, to: match.range.lowerBound)
                let end = text.unicodeScalars.distance(from: text.startIndex, to: match.range.upperBound)
                guard start < cut, isolated(data, start, end, detector) else { continue }
                if let validate = detector.validate, !validate(Array(data[start..<end])) { continue }
                findings[detector.type, default: 0] += 1
                switch detector.action {
                case .block: return .block(type: detector.type)
                case .redact: for i in start..<end { data[i] = UInt8(ascii: "*") }
                case .log: break
                }
            }
        }
        carry = Array(data[cut...])
        var out = allocator.buffer(capacity: cut)
        out.writeBytes(data[..<cut])
        return .forward(out)
    }

    /// Card numbers must not be part of a longer digit run.
    private func isolated(_ data: [UInt8], _ start: Int, _ end: Int, _ detector: BodyDetector) -> Bool {
        guard detector.type == DLPDetectorKind.card.rawValue else { return true }
        func isDigit(_ i: Int) -> Bool { i >= 0 && i < data.count && data[i] >= 0x30 && data[i] <= 0x39 }
        return !isDigit(start - 1) && !isDigit(end)
    }
}
