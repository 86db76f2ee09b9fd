import Foundation
import Sluice

/// The `noop` tasklet: does nothing, optionally ending the step with a chosen exit status or
/// failing it — to shape and test job flows (`on: S → next`).
public struct NoopTasklet: Tasklet {
    /// The tasklet's settings as written in a job file.
    public struct Properties: Decodable, Sendable {
        /// The step's exit status code when it completes (`exit-status: S`); default COMPLETED.
        public var exitStatus: String?
        /// Fail the step instead (default false).
        public var fail: Bool?
        /// The failure message (default `noop tasklet failed as configured (fail: true)`).
        public var message: String?

        /// Settings; every one has a default.
        public init(exitStatus: String? = nil, fail: Bool? = nil, message: String? = nil) {
            self.exitStatus = exitStatus
            self.fail = fail
            self.message = message
        }
    }

    /// The error category of a configured failure.
    public static let failureCategory: ErrorCategory = "noop"

    /// The exit status code set on completion, or nil for COMPLETED.
    public let exitStatus: String?
    /// Whether the tasklet fails.
    public let fail: Bool
    /// The failure message.
    public let message: String

    /// A tasklet ending with `exitStatus` (nil: COMPLETED), or failing with `message` when `fail`.
    public init(exitStatus: String? = nil, fail: Bool = false, message: String? = nil) {
        self.exitStatus = exitStatus
        self.fail = fail
        self.message = message ?? "noop tasklet failed as configured (fail: true)"
    }

    /// A tasklet from job-file settings; an empty `exit-status` is a `validation` error.
    public init(properties: Properties, baseDirectory: String) throws {
        if let code = properties.exitStatus, code.trimmingCharacters(in: .whitespaces).isEmpty {
            throw BatchError(.validation, "noop tasklet: 'exit-status' must not be empty")
        }
        self.init(exitStatus: properties.exitStatus, fail: properties.fail ?? false, message: properties.message)
    }

    /// Finishes at once, with the configured exit status, or throws a ``Sluice/BatchError`` of
    /// category `noop` when configured to fail.
    public func execute(_ context: inout TaskletContext) async throws -> RepeatStatus {
        if fail { throw BatchError(Self.failureCategory, message) }
        if let exitStatus { context.exitStatus = ExitStatus(exitStatus) }
        return .finished
    }
}
