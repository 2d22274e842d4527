/// The client's address behind trusted proxies (SPEC §11): the socket peer,
/// unless the peer is inside a `--trusted-proxy` range; then the right-most
/// `X-Forwarded-For` address that is not inside one, or `X-Real-IP` when there
/// is no `X-Forwarded-For`. A peer that is not trusted cannot choose its
/// address with a header, and a header that does not parse changes nothing.
public struct ClientAddress: Sendable {
    public let trusted: [IPRange]
    /// At most this many `X-Forwarded-For` entries are read, from the right.
    public static let maximumHops = 32

    public init(trusted: [IPRange]) {
        self.trusted = trusted
    }

    public func isTrusted(_ address: IPAddress) -> Bool {
        trusted.contains { $0.contains(address) }
    }

    /// `forwardedFor` holds the `X-Forwarded-For` field values in the order received.
    public func resolve(peer: IPAddress?, forwardedFor: [String], realIP: String?) -> IPAddress? {
        guard let peer, !trusted.isEmpty, isTrusted(peer) else { return peer }
        if !forwardedFor.isEmpty {
            let hops = forwardedFor.joined(separator: ",").split(separator: ",").suffix(Self.maximumHops)
            var client = peer
            for hop in hops.reversed() {
                guard let address = IPAddress(String(hop.trimmingWhitespace)) else { return client }
                client = address
                if !isTrusted(address) { return address }
            }
            return client
        }
        if let realIP, let address = IPAddress(String(realIP[...].trimmingWhitespace)) { return address }
        return peer
    }
}

extension Substring {
    fileprivate var trimmingWhitespace: Substring {
        var text = self
        while let first = text.first, first == " " || first == "\t" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" { text.removeLast() }
        return text
    }
}
