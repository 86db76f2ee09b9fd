import Foundation
import Sluice

/// Job parameters the tool sets itself. Their names start with `sluice.`; users cannot pass
/// them, and output leaves them out.
///
/// `sluice.job-file` holds the absolute path of the job file an execution was started from. It is
/// a non-identifying string parameter, so it is stored atomically with the execution when it is
/// created (it survives a crash, unlike anything written later), is carried into restarts by
/// ``JobOperator``, and never changes the job instance's identity. `restart ID` reads it to find
/// the job to load.
enum ReservedParameters {
    /// The prefix of reserved names.
    static let prefix = "sluice."
    /// The name of the job file parameter.
    static let jobFileName = "sluice.job-file"

    /// The job file parameter for a path, made absolute against `workingDirectory`.
    static func jobFile(path: String, workingDirectory: String) -> JobParameters {
        [jobFileName: JobParameter(.string(absolute(path, in: workingDirectory)), identifying: false)]
    }

    /// The job file an execution was started from, if `sluice run` started it.
    static func jobFile(of execution: JobExecution) -> String? { execution.parameters.string(jobFileName) }

    /// `path` made absolute against `directory`, with `.` and `..` resolved.
    static func absolute(_ path: String, in directory: String) -> String {
        let url = path.hasPrefix("/") ? URL(fileURLWithPath: path)
            : URL(fileURLWithPath: directory, isDirectory: true).appendingPathComponent(path)
        return url.standardizedFileURL.path
    }
}
