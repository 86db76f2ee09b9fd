/// Recognises dangerous downloads by their first bytes: the EICAR test file, ELF and PE executables.
public enum DownloadSignature {
    /// Bytes needed to decide.
    public static let sniffLength = 68

    private static let eicar = Array(#"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!"#.utf8)

    /// The signature name (`eicar`, `elf`, `pe`) the body starts with, or `nil`.
    public static func detect(_ prefix: [UInt8]) -> String? {
        if prefix.count >= eicar.count, Array(prefix.prefix(eicar.count)) == eicar { return "eicar" }
        if prefix.count >= 4, prefix[0] == 0x7F, prefix[1] == 0x45, prefix[2] == 0x4C, prefix[3] == 0x46 { return "elf" }
        if prefix.count >= 2, prefix[0] == 0x4D, prefix[1] == 0x5A { return "pe" }
        return nil
    }
}
