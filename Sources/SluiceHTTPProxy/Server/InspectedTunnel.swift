/// A CONNECT tunnel whose TLS the proxy terminates: the target and who opened it, which the
/// requests inside inherit.
struct InspectedTunnel: Sendable {
    /// The CONNECT host (what the leaf certificate names and requests are forwarded to).
    var host: String
    /// The CONNECT port.
    var port: Int
    /// The user authenticated on the CONNECT.
    var user: String?
    /// The job named on the CONNECT.
    var job: String?
}
