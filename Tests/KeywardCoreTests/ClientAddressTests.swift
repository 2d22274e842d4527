import KeywardCore
import Testing

@Suite("CIDR ranges and the client address behind trusted proxies")
struct ClientAddressTests {
    static func range(_ text: String) throws -> IPRange { try IPRange(parsing: text, field: "--trusted-proxy") }
    static func address(_ text: String) -> IPAddress? { IPAddress(text) }

    @Test("IPv4, IPv6 and IPv4-mapped addresses match their ranges")
    func matching() throws {
        let ten = try Self.range("10.0.0.0/8")
        #expect(ten.contains(try #require(Self.address("10.200.3.4"))))
        #expect(!ten.contains(try #require(Self.address("11.0.0.1"))))
        #expect(ten.contains(try #require(Self.address("::ffff:10.1.2.3"))))
        let odd = try Self.range("192.168.1.77/27")
        #expect(odd.description == "192.168.1.64/27")
        #expect(odd.contains(try #require(Self.address("192.168.1.95"))))
        #expect(!odd.contains(try #require(Self.address("192.168.1.96"))))
        let six = try Self.range("2001:db8::/32")
        #expect(six.contains(try #require(Self.address("2001:db8:ffff::1"))))
        #expect(!six.contains(try #require(Self.address("2001:db9::1"))))
        #expect(!six.contains(try #require(Self.address("10.0.0.1"))))
        #expect(try Self.range("0.0.0.0/0").contains(try #require(Self.address("203.0.113.9"))))
        #expect(!(try Self.range("0.0.0.0/0")).contains(try #require(Self.address("2001:db8::1"))))
        let single = try Self.range("127.0.0.1")
        #expect(single.contains(try #require(Self.address("127.0.0.1"))))
        #expect(!single.contains(try #require(Self.address("127.0.0.2"))))
    }

    @Test(
        "bad ranges are errors naming the field and what is wrong",
        arguments: ["", "10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/", "10.0.0/8", "::/129", "x/8", "10.0.0.0/8/8", "10.0.0.0/ 8", "10.0.0.0/+8"])
    func badRanges(_ text: String) {
        do {
            _ = try IPRange(parsing: text, field: "--trusted-proxy")
            Issue.record("\(text) parsed")
        } catch {
            #expect(error.field == "--trusted-proxy")
            #expect(error.code == .invalidField)
        }
    }

    @Test("an untrusted peer cannot choose its address with a header")
    func spoofing() throws {
        let resolver = ClientAddress(trusted: [try Self.range("10.0.0.0/8")])
        let attacker = Self.address("203.0.113.66")
        #expect(resolver.resolve(peer: attacker, forwardedFor: ["198.51.100.1"], realIP: "198.51.100.2") == attacker)
        let none = ClientAddress(trusted: [])
        #expect(none.resolve(peer: attacker, forwardedFor: ["10.0.0.1"], realIP: nil) == attacker)
    }

    @Test("through trusted proxies: the right-most untrusted X-Forwarded-For hop; X-Real-IP only without it")
    func trustedHops() throws {
        let resolver = ClientAddress(trusted: [try Self.range("10.0.0.0/8"), try Self.range("fd00::/8")])
        let proxy = Self.address("10.0.0.5")
        // The client put a made-up hop first; the proxies appended the real one.
        #expect(resolver.resolve(peer: proxy, forwardedFor: ["1.1.1.1, 198.51.100.7, 10.0.0.9"], realIP: nil) == Self.address("198.51.100.7"))
        // Several header lines read as one list, in order.
        #expect(resolver.resolve(peer: proxy, forwardedFor: ["1.1.1.1", "198.51.100.8,10.0.0.9"], realIP: nil) == Self.address("198.51.100.8"))
        #expect(resolver.resolve(peer: proxy, forwardedFor: [], realIP: " 198.51.100.9 ") == Self.address("198.51.100.9"))
        #expect(resolver.resolve(peer: proxy, forwardedFor: ["198.51.100.10"], realIP: "198.51.100.11") == Self.address("198.51.100.10"))
        // Garbage stops the walk at the last trusted hop; it never becomes the client.
        #expect(resolver.resolve(peer: proxy, forwardedFor: ["198.51.100.12, junk, 10.0.0.9"], realIP: nil) == Self.address("10.0.0.9"))
        #expect(resolver.resolve(peer: proxy, forwardedFor: [], realIP: "not an address") == proxy)
        // An IPv4-mapped peer matches its IPv4 range.
        #expect(resolver.resolve(peer: Self.address("::ffff:10.0.0.5"), forwardedFor: ["2001:db8::7"], realIP: nil) == Self.address("2001:db8::7"))
    }
}
