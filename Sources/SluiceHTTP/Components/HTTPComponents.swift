import Sluice

/// Registers the `http` reader, writer and tasklet for job files. Each builds its own
/// ``JobHTTPClient`` from its `timeout`, `proxy`, `dns` and `ca-file` properties, closed when the
/// job run ends.
public enum HTTPComponents {
    /// Adds `http` to the readers, writers and tasklets of `registry`.
    public static func register(in registry: inout ComponentRegistry) {
        registry.registerReader("http", properties: HTTPReaderProperties.self, check: { props, node in
            try props.check(node)
        }) { props, context in
            try HTTPItemReader(properties: props, client: try await props.makeClient(context), componentName: context.componentName)
        }
        registry.registerWriter("http", properties: HTTPWriterProperties.self) { props, context in
            try HTTPItemWriter(properties: props, client: try await props.makeClient(context))
        }
        registry.registerTasklet("http", properties: HTTPTaskletProperties.self) { props, context in
            try HTTPTasklet(properties: props, client: try await props.makeClient(context))
        }
    }
}
