#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Sluice

/// The `posix_spawn` settings of one ``ChildProcess``: standard streams, working directory,
/// process group and signal state. Blocking: used on ``BlockingIO`` threads.
struct SpawnRequest {
    private var actions = posix_spawn_file_actions_t()
    private var attributes = posix_spawnattr_t()

    private typealias AddDirectory = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
    private typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    /// Sets the child's working directory (glibc 2.29+, macOS 10.15+); looked up at run time, as
    /// the C module does not declare it.
    private static let addDirectory: AddDirectory? = symbol("posix_spawn_file_actions_addchdir_np")
    /// Closes every descriptor from a number on in the child (glibc 2.34+); where missing, only
    /// descriptors marked close-on-exec are kept from the child.
    private static let addCloseFrom: AddCloseFrom? = symbol("posix_spawn_file_actions_addclosefrom_np")

    private static func symbol<F>(_ name: String) -> F? {
        guard let address = dlsym(dlopen(nil, RTLD_NOW), name) else { return nil }
        return unsafeBitCast(address, to: F.self)
    }

    /// A request for a child in `directory` writing to the pipe ends `output` and `errors`.
    init(directory: String, output: Int32, errors: Int32) throws {
        posix_spawn_file_actions_init(&actions)
        posix_spawnattr_init(&attributes)
        try Self.check(posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0), "redirect standard input")
        try Self.check(posix_spawn_file_actions_adddup2(&actions, output, 1), "redirect standard output")
        try Self.check(posix_spawn_file_actions_adddup2(&actions, errors, 2), "redirect standard error")
        if let closeFrom = Self.addCloseFrom { try Self.check(closeFrom(&actions, 3), "close inherited descriptors") }
        guard let changeDirectory = Self.addDirectory else {
            throw BatchError(.io, "shell: this C library cannot set a child's working directory (posix_spawn_file_actions_addchdir_np)")
        }
        try Self.check(changeDirectory(&actions, directory), "set the working directory")
        try Self.check(posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK)),
                       "set spawn flags")
        try Self.check(posix_spawnattr_setpgroup(&attributes, 0), "set the process group")
        var defaults = sigset_t()
        sigfillset(&defaults)
        sigdelset(&defaults, SIGKILL)
        sigdelset(&defaults, SIGSTOP)
        try Self.check(posix_spawnattr_setsigdefault(&attributes, &defaults), "reset signal actions")
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        try Self.check(posix_spawnattr_setsigmask(&attributes, &unblocked), "clear the signal mask")
    }

    /// Starts `executable` with `argv` (its first element is the name the program sees) and
    /// exactly `environment`; returns the process id.
    mutating func start(_ executable: String, argv: [String], environment: [String: String]) throws -> pid_t {
        let arguments = argv.map { strdup($0) } + [nil]
        let variables = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for pointer in arguments + variables { free(pointer) } }
        var pid = pid_t()
        let status = posix_spawn(&pid, executable, &actions, &attributes, arguments, variables)
        guard status == 0 else { throw BatchError(.io, "shell: cannot start \(executable): \(String(cString: strerror(status)))") }
        return pid
    }

    /// Frees the settings.
    mutating func release() {
        posix_spawn_file_actions_destroy(&actions)
        posix_spawnattr_destroy(&attributes)
    }

    private static func check(_ status: Int32, _ action: String) throws {
        guard status == 0 else { throw BatchError(.io, "shell: cannot \(action) for the child: \(String(cString: strerror(status)))") }
    }
}
