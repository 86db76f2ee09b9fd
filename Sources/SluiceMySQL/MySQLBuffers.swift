#if MySQL
import CMariaDB
import Foundation

/// The `MYSQL_BIND` array of a statement's parameters, with all values in one arena.
enum MySQLParameters {
    /// Calls `body` with the bound parameters (nil when there are none); the memory lives until
    /// `body` returns, which is when the statement has executed.
    static func withBound<R>(_ values: [MySQLBindValue], _ body: (UnsafeMutablePointer<MYSQL_BIND>?) throws -> R) throws -> R {
        guard !values.isEmpty else { return try body(nil) }
        let timeSize = (MemoryLayout<MYSQL_TIME>.stride + 7) & ~7
        var total = 0
        for value in values {
            switch value {
            case .null: break
            case .int, .uint, .double: total += 8
            case .decimal(let s), .text(let s): total += (s.utf8.count + 8) & ~7
            case .bytes(let b): total += (b.count + 8) & ~7
            case .timestamp: total += timeSize
            }
        }
        let arena = UnsafeMutableRawPointer.allocate(byteCount: max(total, 8), alignment: 8)
        defer { arena.deallocate() }
        let binds = UnsafeMutablePointer<MYSQL_BIND>.allocate(capacity: values.count)
        binds.initialize(repeating: MYSQL_BIND(), count: values.count)
        defer { binds.deallocate() }
        var offset = 0
        for (i, value) in values.enumerated() {
            let slot = arena + offset
            switch value {
            case .null:
                binds[i].buffer_type = MYSQL_TYPE_NULL
            case .int(let v):
                slot.storeBytes(of: v, as: Int64.self)
                binds[i].buffer_type = MYSQL_TYPE_LONGLONG
                binds[i].buffer = slot
                offset += 8
            case .uint(let v):
                slot.storeBytes(of: v, as: UInt64.self)
                binds[i].buffer_type = MYSQL_TYPE_LONGLONG
                binds[i].is_unsigned = 1
                binds[i].buffer = slot
                offset += 8
            case .double(let v):
                slot.storeBytes(of: v, as: Double.self)
                binds[i].buffer_type = MYSQL_TYPE_DOUBLE
                binds[i].buffer = slot
                offset += 8
            case .decimal(let s):
                offset += store(s, at: slot, into: &binds[i], type: MYSQL_TYPE_NEWDECIMAL)
            case .text(let s):
                offset += store(s, at: slot, into: &binds[i], type: MYSQL_TYPE_STRING)
            case .bytes(let b):
                b.withUnsafeBytes { if let base = $0.baseAddress { slot.copyMemory(from: base, byteCount: b.count) } }
                binds[i].buffer_type = MYSQL_TYPE_BLOB
                binds[i].buffer = slot
                binds[i].buffer_length = UInt(b.count)
                offset += (b.count + 8) & ~7
            case .timestamp(let t):
                var time = MYSQL_TIME()
                time.year = UInt32(max(0, t.year))
                time.month = UInt32(t.month)
                time.day = UInt32(t.day)
                time.hour = UInt32(t.hour)
                time.minute = UInt32(t.minute)
                time.second = UInt32(t.second)
                time.second_part = UInt(t.microsecond)
                time.time_type = MYSQL_TIMESTAMP_DATETIME
                slot.storeBytes(of: time, as: MYSQL_TIME.self)
                binds[i].buffer_type = MYSQL_TYPE_DATETIME
                binds[i].buffer = slot
                binds[i].buffer_length = UInt(MemoryLayout<MYSQL_TIME>.size)
                offset += timeSize
            }
        }
        return try body(binds)
    }

    private static func store(_ text: String, at slot: UnsafeMutableRawPointer, into bind: inout MYSQL_BIND, type: enum_field_types) -> Int {
        var text = text
        let count = text.withUTF8 { utf8 in
            if let base = utf8.baseAddress { slot.copyMemory(from: base, byteCount: utf8.count) }
            return utf8.count
        }
        bind.buffer_type = type
        bind.buffer = slot
        bind.buffer_length = UInt(count)
        return (count + 8) & ~7
    }
}

/// The result `MYSQL_BIND`s of a statement: integers as 64-bit, floating point as double,
/// temporal types as `MYSQL_TIME`, everything else (decimals, text, blobs) as bytes in buffers
/// that grow when a value does not fit.
struct MySQLResultBuffers {
    enum Kind { case integer, double, time, bytes }

    let kinds: [Kind]
    let columns: [MySQLColumn]
    let binds: UnsafeMutablePointer<MYSQL_BIND>
    let isNull: UnsafeMutablePointer<my_bool>
    let lengths: UnsafeMutablePointer<UInt>
    let errors: UnsafeMutablePointer<my_bool>
    var buffers: [UnsafeMutableRawPointer]
    var capacities: [Int]

    init(_ columns: [MySQLColumn]) {
        self.columns = columns
        let count = columns.count
        kinds = columns.map { Self.kind(of: $0.type) }
        binds = .allocate(capacity: count)
        binds.initialize(repeating: MYSQL_BIND(), count: count)
        isNull = .allocate(capacity: count)
        isNull.initialize(repeating: 0, count: count)
        lengths = .allocate(capacity: count)
        lengths.initialize(repeating: 0, count: count)
        errors = .allocate(capacity: count)
        errors.initialize(repeating: 0, count: count)
        buffers = []
        capacities = []
        for (i, column) in columns.enumerated() {
            let capacity: Int
            switch kinds[i] {
            case .integer, .double: capacity = 8
            case .time: capacity = MemoryLayout<MYSQL_TIME>.stride
            case .bytes: capacity = 256
            }
            let buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 8)
            buffers.append(buffer)
            capacities.append(capacity)
            binds[i].buffer = buffer
            binds[i].buffer_length = UInt(capacity)
            binds[i].is_null = isNull + i
            binds[i].length = lengths + i
            binds[i].error = errors + i
            switch kinds[i] {
            case .integer:
                binds[i].buffer_type = MYSQL_TYPE_LONGLONG
                binds[i].is_unsigned = column.isUnsigned ? 1 : 0
            case .double: binds[i].buffer_type = MYSQL_TYPE_DOUBLE
            case .time: binds[i].buffer_type = enum_field_types(rawValue: column.type)
            case .bytes: binds[i].buffer_type = MYSQL_TYPE_STRING
            }
        }
    }

    static func kind(of type: UInt32) -> Kind {
        switch enum_field_types(rawValue: type) {
        case MYSQL_TYPE_TINY, MYSQL_TYPE_SHORT, MYSQL_TYPE_LONG, MYSQL_TYPE_INT24, MYSQL_TYPE_LONGLONG, MYSQL_TYPE_YEAR: .integer
        case MYSQL_TYPE_FLOAT, MYSQL_TYPE_DOUBLE: .double
        case MYSQL_TYPE_DATE, MYSQL_TYPE_NEWDATE, MYSQL_TYPE_DATETIME, MYSQL_TYPE_TIMESTAMP, MYSQL_TYPE_TIME: .time
        default: .bytes
        }
    }

    /// The value of column `i` of the row just fetched. A value longer than its buffer is fetched
    /// again into a larger one; `rebind` says the result binding must be renewed.
    mutating func cell(_ i: Int, statement: UnsafeMutablePointer<MYSQL_STMT>, rebind: inout Bool) throws -> MySQLCell {
        if isNull[i] != 0 { return .null }
        switch kinds[i] {
        case .integer:
            let raw = buffers[i].load(as: Int64.self)
            return columns[i].isUnsigned ? .uint(UInt64(bitPattern: raw)) : .int(raw)
        case .double:
            return .double(buffers[i].load(as: Double.self))
        case .time:
            let t = buffers[i].load(as: MYSQL_TIME.self)
            return .time(MySQLTimestamp(year: Int(t.year), month: Int(t.month), day: Int(t.day), hour: Int(t.hour),
                                        minute: Int(t.minute), second: Int(t.second), microsecond: Int(t.second_part), negative: t.neg != 0))
        case .bytes:
            let length = Int(lengths[i])
            if length > capacities[i] {
                buffers[i].deallocate()
                let capacity = max(length, capacities[i] * 2)
                buffers[i] = .allocate(byteCount: capacity, alignment: 8)
                capacities[i] = capacity
                binds[i].buffer = buffers[i]
                binds[i].buffer_length = UInt(capacity)
                rebind = true
                if mysql_stmt_fetch_column(statement, binds + i, UInt32(i), 0) != 0 {
                    throw MySQLError(code: mysql_stmt_errno(statement), sqlState: String(cString: mysql_stmt_sqlstate(statement)),
                                     message: String(cString: mysql_stmt_error(statement)))
                }
            }
            return .bytes(Array(UnsafeRawBufferPointer(start: buffers[i], count: length)))
        }
    }

    /// A text-protocol value converted by its column type.
    static func cell(text bytes: [UInt8], column: MySQLColumn) -> MySQLCell {
        let text = String(decoding: bytes, as: UTF8.self)
        switch kind(of: column.type) {
        case .integer:
            if column.isUnsigned, let v = UInt64(text) { return .uint(v) }
            if let v = Int64(text) { return .int(v) }
        case .double:
            if let v = Double(text) { return .double(v) }
        case .time:
            if let t = MySQLTimestamp(text: text) { return .time(t) }
        case .bytes: break
        }
        return .bytes(bytes)
    }

    func deallocate() {
        for buffer in buffers { buffer.deallocate() }
        binds.deallocate()
        isNull.deallocate()
        lengths.deallocate()
        errors.deallocate()
    }
}
#endif
