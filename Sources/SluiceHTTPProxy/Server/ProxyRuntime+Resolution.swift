import NIOCore
import NIOPosix

/// A host name that could not be resolved to an address (through the configured `dns:` or the system).
struct UpstreamResolutionError: Error, CustomStringConvertible {
    let host: String
    let underlying: any Error

    var description: String { "cannot resolve \(host)" }
}

extension ProxyRuntime {
    /// The address to connect to for `host`: an address literal as is, else through the
    /// configured `dns:` resolution (mocks, a DNS server), falling back to the system resolver
    /// (run on the resolver threads) where that resolution says so. The SSRF guard checks this
    /// address and the connection goes to exactly it, so a second lookup cannot rebind the name.
    func resolve(_ host: String, port: Int, eventLoop: any EventLoop) -> EventLoopFuture<SocketAddress> {
        if let literal = try? SocketAddress(ipAddress: host, port: port) { return eventLoop.makeSucceededFuture(literal) }
        let threads = resolverPool
        let system: @Sendable () -> EventLoopFuture<SocketAddress> = {
            threads.runIfActive(eventLoop: eventLoop) { try SocketAddress.makeAddressResolvingHost(host, port: port) }
        }
        let resolved: EventLoopFuture<SocketAddress>
        if nameResolution.resolver == nil {
            resolved = system()
        } else {
            let resolution = nameResolution
            let promise = eventLoop.makePromise(of: String?.self)
            promise.completeWithTask { try await resolution.address(of: host) }
            resolved = promise.futureResult.flatMap { address in
                guard let address else { return system() }
                return eventLoop.makeCompletedFuture { try SocketAddress(ipAddress: address, port: port) }
            }
        }
        return resolved.flatMapErrorThrowing { error in throw UpstreamResolutionError(host: host, underlying: error) }
    }
}
