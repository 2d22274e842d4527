import HTTPTypes
import KeywardCore

extension ClientAddress {
    /// The client of a request with these header fields from `peer`: named by
    /// `X-Forwarded-For` (or `X-Real-IP`) when `peer` is a trusted proxy.
    func resolve(peer: IPAddress?, headers: HTTPFields) -> IPAddress? {
        guard !trusted.isEmpty else { return peer }
        return resolve(peer: peer, forwardedFor: headers[values: Self.forwardedFor], realIP: headers[Self.realIP])
    }

    static let forwardedFor = HTTPField.Name("X-Forwarded-For")!
    static let realIP = HTTPField.Name("X-Real-IP")!
}
