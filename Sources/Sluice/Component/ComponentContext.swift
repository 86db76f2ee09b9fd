import Logging

/// What a component factory gets besides its properties: where the job file lives, the step it
/// is built for, the job's shared resources (named connections) and a logger.
public struct ComponentContext: Sendable {
    /// The component's registered name (`csv`, `sql`, ...), for messages.
    public var componentName: String
    /// Where the component was declared in the job file.
    public var location: SourceLocation?
    /// The directory of the job file; relative paths are resolved against it.
    public var baseDirectory: String
    /// The step the component is built for; nil when built outside a step (a transaction
    /// manager or a job-level listener, built when the job is assembled).
    public var step: StepContext?
    /// The job's shared resources.
    public var resources: ComponentResources
    /// The step's logger (or the job's).
    public var logger: Logger

    /// Creates a context.
    public init(componentName: String, location: SourceLocation? = nil, baseDirectory: String,
                step: StepContext? = nil, resources: ComponentResources, logger: Logger) {
        self.componentName = componentName
        self.location = location
        self.baseDirectory = baseDirectory
        self.step = step
        self.resources = resources
        self.logger = logger
    }

    /// `path` resolved against ``baseDirectory`` unless it is absolute.
    public func resolvePath(_ path: String) -> String {
        if path.hasPrefix("/") || baseDirectory.isEmpty { return path }
        return baseDirectory.hasSuffix("/") ? baseDirectory + path : baseDirectory + "/" + path
    }
}
