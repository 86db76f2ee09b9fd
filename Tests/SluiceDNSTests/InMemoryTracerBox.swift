import InMemoryTracing

/// One in-memory tracer handed to resolvers directly (never bootstrapped process-wide).
enum InMemoryTracerBox {
    static let tracer = InMemoryTracer()
}
