import Foundation
import Sluice

/// Inclusive numeric bounds for a field of a `validate` processor: `{ min: 0, max: 10000 }`.
public struct ValueRange: Sendable, Hashable, Decodable {
    /// The smallest allowed value, if bounded below.
    public var min: Decimal?
    /// The largest allowed value, if bounded above.
    public var max: Decimal?

    /// Bounds; either may be absent.
    public init(min: Decimal? = nil, max: Decimal? = nil) {
        self.min = min
        self.max = max
    }

    private enum CodingKeys: String, CodingKey {
        case min, max
    }

    /// Reads `min` and `max` as ints, numbers or numeric strings, exactly (0.1 stays 0.1).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        min = try ValueRange.bound(c, .min)
        max = try ValueRange.bound(c, .max)
    }

    private static func bound(_ c: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys) throws -> Decimal? {
        guard c.contains(key), try !c.decodeNil(forKey: key) else { return nil }
        if let i = try? c.decode(Int.self, forKey: key) { return Decimal(i) }
        if let d = try? c.decode(Double.self, forKey: key), d.isFinite { return Numeric.decimal(.double(d)) }
        let text = try c.decode(String.self, forKey: key)
        guard let number = NumericText.parse(text) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "'\(text)' is not a number")
        }
        return Numeric.decimal(number)
    }

    /// `0...10000`, `>= 0` or `<= 10000`, for messages.
    var text: String {
        switch (min, max) {
        case (let lo?, let hi?): "\(lo)...\(hi)"
        case (let lo?, nil): ">= \(lo)"
        case (nil, let hi?): "<= \(hi)"
        case (nil, nil): "any"
        }
    }
}
