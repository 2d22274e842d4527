import KeywardCore

/// A webhook as it is stored: the record and its signing secret wrapped by the
/// keyring's current KEK (a keyring rotation rewraps it like the vault's data keys).
public struct StoredWebhook: Sendable, Hashable {
    public var webhook: Webhook
    public var sealedSecret: [UInt8]

    public init(webhook: Webhook, sealedSecret: [UInt8]) {
        self.webhook = webhook
        self.sealedSecret = sealedSecret
    }
}
