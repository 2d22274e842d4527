import Foundation
import KeywardCore
import Testing

@Suite("Webhook signatures and URLs")
struct WebhookSignatureTests {
    static let secret = WebhookSecret(text: "whsec_test")
    static let body = Array(#"{"a":1}"#.utf8)

    @Test("the header is t=<unix>,v1=<hex HMAC-SHA256(secret, t.body)> (vector computed with Python's hmac)")
    func knownAnswer() {
        let header = WebhookSignature.header(secret: Self.secret, timestamp: 1_700_000_000, body: Self.body)
        #expect(header == "t=1700000000,v1=38877139021993b830af32feea6e18a8da83eb2f6e49ee50bd9e4cf4ca4d3789")
    }

    @Test("verification refuses a changed body, another secret, a forged or stale timestamp")
    func attacks() {
        let header = WebhookSignature.header(secret: Self.secret, timestamp: 1_700_000_000, body: Self.body)
        #expect(WebhookSignature.verify(header: header, secret: Self.secret, body: Self.body, now: 1_700_000_100))
        #expect(!WebhookSignature.verify(header: header, secret: Self.secret, body: Array(#"{"a":2}"#.utf8), now: 1_700_000_100))
        #expect(!WebhookSignature.verify(header: header, secret: WebhookSecret(text: "whsec_tesT"), body: Self.body, now: 1_700_000_100))
        let moved = header.replacingOccurrences(of: "t=1700000000", with: "t=1700000999")
        #expect(!WebhookSignature.verify(header: moved, secret: Self.secret, body: Self.body, now: 1_700_001_000), "a new t with the old v1")
        #expect(!WebhookSignature.verify(header: header, secret: Self.secret, body: Self.body, now: 1_700_000_301), "a replay after 5 minutes")
        #expect(!WebhookSignature.verify(header: "v1=00", secret: Self.secret, body: Self.body, now: 1_700_000_000))
        #expect(!WebhookSignature.verify(header: "", secret: Self.secret, body: Self.body, now: 1_700_000_000))
    }

    @Test("a generated secret has the whsec_ prefix and 43 base62 characters, new each time")
    func secrets() {
        let one = WebhookSecret.generate()
        let two = WebhookSecret.generate()
        #expect(one.text.hasPrefix("whsec_") && one.text.count == 49)
        #expect(one.text != two.text)
    }

    @Test("URLs: http(s) with a host; link-local, metadata, NAT64 and mapped spellings of them refused, loopback and private allowed")
    func urls() throws {
        for text in ["http://127.0.0.1:8080/x", "https://10.0.0.1/x", "https://[::1]/x", "https://hooks.example.com/a?b=c", "http://192.168.1.5/"] {
            #expect(throws: Never.self, "\(text)") { try WebhookURL(parsing: text) }
        }
        let refused = [
            "http://169.254.169.254/", "http://169.254.170.2/v2/credentials", "http://[fe80::1]/", "http://[febf::1]/",
            "http://[::ffff:169.254.169.254]/", "http://[64:ff9b::169.254.169.254]/", "http://[fd00:ec2::254]/", "http://100.100.100.200/",
            "http://metadata.google.internal./", "http://METADATA.google.internal/", "http://0.0.0.0/", "http://[::]/",
            "gopher://example.com/", "https://a:b@example.com/", "https://example.com/#x", "https://example.com:0/",
            "https://example.com/\u{0}x", "https://exa mple.com/", "https://[fe80::1%25eth0]/",
            "https://example.com/" + String(repeating: "a", count: 2048),
        ]
        for text in refused {
            #expect(throws: KeywardError.self, "\(text)") { try WebhookURL(parsing: text) }
        }
        #expect(throws: Never.self) { try WebhookURL(parsing: "http://169.254.169.254/", allowPrivate: true) }
        let url = try WebhookURL(parsing: "https://Hooks.Example.com./x")
        #expect(url.host == "hooks.example.com" && url.isHTTPS)
    }

    @Test("event lists: known names once each, at least one")
    func events() throws {
        #expect(try Webhook.parseEvents(["key.leaked", "key.leaked", " key.rate_spike"], field: "events") == [.keyLeaked, .rateSpike])
        #expect(throws: KeywardError.self) { try Webhook.parseEvents([], field: "events") }
        #expect(throws: KeywardError.self) { try Webhook.parseEvents(["key.stolen"], field: "events") }
    }
}
