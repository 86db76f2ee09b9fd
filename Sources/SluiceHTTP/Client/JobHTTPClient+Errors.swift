import AsyncHTTPClient
import NIOCore
import NIOPosix
import NIOSSL
import Sluice

extension JobHTTPClient {
    /// `error` as a categorized error naming the request and host (never header values or the
    /// proxy password): timeouts are `timeout`; refused, reset or closed connections, proxy
    /// handshake and TLS failures are `connection`; anything else `io`.
    func classify(_ error: any Error, request: JobHTTPRequest, target: (scheme: String, host: String, port: Int), via: String) -> BatchError {
        if let categorized = error as? BatchError { return categorized }
        let endpoint = "\(target.host):\(target.port)\(via)"
        let proxyText = configuration.proxy.map { " through proxy \($0)" } ?? ""
        if let client = error as? HTTPClientError {
            switch client {
            case .connectTimeout, .deadlineExceeded, .readTimeout, .writeTimeout, .tlsHandshakeTimeout,
                 .httpProxyHandshakeTimeout, .getConnectionFromPoolTimeout, .socksHandshakeTimeout:
                return BatchError(.timeout, "\(request.summary): no answer from \(endpoint)\(proxyText) within \(configuration.timeout) (\(client.shortDescription))")
            case .proxyAuthenticationRequired:
                return BatchError(.connection, "\(request.summary): the proxy \(configuration.proxy?.description ?? "") refused the credentials (407)")
            case .invalidProxyResponse:
                return BatchError(.connection, "\(request.summary): the proxy \(configuration.proxy?.description ?? "") refused the tunnel to \(target.host):\(target.port)")
            case .remoteConnectionClosed, .cancelled:
                return BatchError(.connection, "\(request.summary): \(endpoint) closed the connection\(proxyText)")
            default:
                return BatchError(.io, "\(request.summary): \(client.shortDescription)")
            }
        }
        if error is NIOSSLError || error is BoringSSLError || error is NIOSSLExtraError {
            return BatchError(.connection, "\(request.summary): TLS with \(target.host) failed: \(error)")
        }
        if error is NIOConnectionError || error is IOError || error is ChannelError || "\(type(of: error))".contains("Connect") {
            let reason = Self.connectionReason(error)
            return BatchError(.connection, "\(request.summary): cannot connect to \(endpoint)\(proxyText): \(reason)")
        }
        return BatchError(.io, "\(request.summary): \(error)")
    }

    /// "connection refused", or the error's own text.
    static func connectionReason(_ error: any Error) -> String {
        let text = "\(error)"
        if text.lowercased().contains("refused") { return "connection refused" }
        if text.lowercased().contains("reset") { return "connection reset" }
        return text
    }
}
