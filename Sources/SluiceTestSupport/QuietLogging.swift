import Logging
import Sluice

extension JobOperator.Configuration {
    /// A configuration whose logger discards everything, so test output shows only test results.
    public static var quiet: JobOperator.Configuration {
        var configuration = JobOperator.Configuration()
        configuration.logger = Logger(label: "sluice.test", factory: { _ in SwiftLogNoOpLogHandler() })
        return configuration
    }
}
