/// The current logical annotation of a schema node (Thrift `LogicalType` union).
///
/// Only the members this library interprets are modelled; any other member is kept as
/// ``other(fieldID:)`` so decoding never fails on annotations from newer writers.
enum LogicalType: Hashable, Sendable {
    case string
    case decimal(scale: Int32, precision: Int32)
    case date
    case time(isAdjustedToUTC: Bool, unit: ParquetTimeUnit)
    case timestamp(isAdjustedToUTC: Bool, unit: ParquetTimeUnit)
    case integer(bitWidth: Int8, isSigned: Bool)
    case other(fieldID: Int16)
}

extension LogicalType: ThriftCompactEncodable, ThriftCompactDecodable {
    func encode(to writer: inout ThriftCompactWriter) {
        switch self {
        case .string: writer.writeStructField(1) { _ in }
        case .decimal(let scale, let precision):
            writer.writeStructField(5) {
                $0.writeI32Field(1, scale)
                $0.writeI32Field(2, precision)
            }
        case .date: writer.writeStructField(6) { _ in }
        case .time(let utc, let unit), .timestamp(let utc, let unit):
            let id: Int16 = if case .time = self { 7 } else { 8 }
            writer.writeStructField(id) {
                $0.writeBoolField(1, utc)
                $0.writeStructField(2) { Self.encode(unit, to: &$0) }
            }
        case .integer(let bitWidth, let isSigned):
            writer.writeStructField(10) {
                $0.writeByteField(1, bitWidth)
                $0.writeBoolField(2, isSigned)
            }
        case .other(let fieldID): writer.writeStructField(fieldID) { _ in }
        }
    }

    private static func encode(_ unit: ParquetTimeUnit, to writer: inout ThriftCompactWriter) {
        switch unit {
        case .milliseconds: writer.writeStructField(1) { _ in }
        case .microseconds: writer.writeStructField(2) { _ in }
        case .nanoseconds: writer.writeStructField(3) { _ in }
        }
    }

    init(from reader: inout ThriftCompactReader) throws {
        let offset = reader.absoluteOffset
        try reader.beginStruct()
        var result: LogicalType?
        while let field = try reader.readFieldHeader() {
            guard field.type == .struct, result == nil else {
                try reader.skip(field.type)
                continue
            }
            switch field.id {
            case 1: try reader.skip(.struct); result = .string
            case 5:
                var scale: Int32 = 0
                var precision: Int32?
                try reader.beginStruct()
                while let inner = try reader.readFieldHeader() {
                    switch (inner.id, inner.type) {
                    case (1, .i32): scale = try reader.readI32()
                    case (2, .i32): precision = try reader.readI32()
                    default: try reader.skip(inner.type)
                    }
                }
                reader.endStruct()
                guard let precision else { throw ParquetError.malformed("DecimalType without precision", at: offset) }
                result = .decimal(scale: scale, precision: precision)
            case 6: try reader.skip(.struct); result = .date
            case 7, 8:
                var utc = false
                var unit: ParquetTimeUnit?
                try reader.beginStruct()
                while let inner = try reader.readFieldHeader() {
                    switch (inner.id, inner.type) {
                    case (1, let type) where type.isBoolean: utc = try reader.readBool()
                    case (2, .struct): unit = try Self.decodeUnit(from: &reader)
                    default: try reader.skip(inner.type)
                    }
                }
                reader.endStruct()
                guard let unit else { throw ParquetError.malformed("time type without unit", at: offset) }
                result = field.id == 7 ? .time(isAdjustedToUTC: utc, unit: unit) : .timestamp(isAdjustedToUTC: utc, unit: unit)
            case 10:
                var bitWidth: Int8 = 0
                var signed = true
                try reader.beginStruct()
                while let inner = try reader.readFieldHeader() {
                    switch (inner.id, inner.type) {
                    case (1, .byte): bitWidth = try reader.readByte()
                    case (2, let type) where type.isBoolean: signed = try reader.readBool()
                    default: try reader.skip(inner.type)
                    }
                }
                reader.endStruct()
                result = .integer(bitWidth: bitWidth, isSigned: signed)
            default:
                try reader.skip(.struct)
                result = .other(fieldID: field.id)
            }
        }
        reader.endStruct()
        guard let result else { throw ParquetError.malformed("empty LogicalType union", at: offset) }
        self = result
    }

    private static func decodeUnit(from reader: inout ThriftCompactReader) throws -> ParquetTimeUnit? {
        var unit: ParquetTimeUnit?
        try reader.beginStruct()
        while let field = try reader.readFieldHeader() {
            switch (field.id, field.type) {
            case (1, .struct): unit = .milliseconds
            case (2, .struct): unit = .microseconds
            case (3, .struct): unit = .nanoseconds
            default: break
            }
            try reader.skip(field.type)
        }
        reader.endStruct()
        return unit
    }
}
