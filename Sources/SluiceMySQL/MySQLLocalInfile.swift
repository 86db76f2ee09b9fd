#if MySQL
import CMariaDB

/// The in-memory "file" of a `LOAD DATA LOCAL INFILE`: Connector/C asks these callbacks for the
/// file's bytes instead of opening the named file, so no data touches the disk and no file the
/// server names can be read.
final class MySQLLocalInfile {
    let data: [UInt8]
    var position = 0

    init(data: [UInt8]) { self.data = data }

    /// Routes the connection's local-infile reads to this source (the connection keeps it alive).
    func install(on mysql: UnsafeMutablePointer<MYSQL>) {
        let context = Unmanaged.passUnretained(self).toOpaque()
        mysql_set_local_infile_handler(mysql, { state, _, userdata in
            state?.pointee = userdata
            return 0
        }, { state, buffer, length in
            guard let state, let buffer else { return -1 }
            let source = Unmanaged<MySQLLocalInfile>.fromOpaque(state).takeUnretainedValue()
            let count = min(Int(length), source.data.count - source.position)
            guard count > 0 else { return 0 }
            source.data.withUnsafeBytes { bytes in
                UnsafeMutableRawPointer(buffer).copyMemory(from: bytes.baseAddress! + source.position, byteCount: count)
            }
            source.position += count
            return Int32(count)
        }, { _ in }, { _, _, _ in 0 }, context)
    }
}
#endif
