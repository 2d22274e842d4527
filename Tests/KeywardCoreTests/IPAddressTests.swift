import KeywardCore
import Testing

@Suite("IP addresses")
struct IPAddressTests {
    @Test("IPv4 is kept in its mapped IPv6 form")
    func ipv4() throws {
        let address = try #require(IPAddress("192.168.1.10"))
        #expect(address.bytes == [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 192, 168, 1, 10])
        #expect(address.isIPv4)
        #expect(address.description == "192.168.1.10")
    }

    @Test("an IPv4-mapped IPv6 address has the same bytes as the IPv4 one")
    func mapped() throws {
        let v4 = try #require(IPAddress("10.0.0.1"))
        let mapped = try #require(IPAddress("::ffff:10.0.0.1"))
        #expect(v4.bytes == mapped.bytes)
        #expect(mapped.isIPv4)
        #expect(try #require(IPAddress("::ffff:a00:1")).bytes == v4.bytes)
    }

    @Test("an address is its bits: other spellings are equal, hash alike, and print the one canonical form")
    func spellings() throws {
        let pairs = [("10.0.0.1", "::ffff:10.0.0.1"), ("::1", "0:0:0:0:0:0:0:1"), ("2001:db8::1", "2001:DB8:0::1"), ("::ffff:a00:1", "10.0.0.1")]
        for (one, other) in pairs {
            let left = try #require(IPAddress(one))
            let right = try #require(IPAddress(other))
            #expect(left == right, "\(one) and \(other)")
            #expect(Set([left, right]).count == 1)
            #expect(left.description == right.description)
        }
        #expect(try #require(IPAddress("2001:DB8:0::1")).description == "2001:db8::1")
        #expect(try #require(IPAddress("::ffff:10.0.0.1")).description == "10.0.0.1")
        #expect(IPAddress("10.0.0.1") != IPAddress("10.0.0.2"))
        #expect(IPAddress(bytes: try #require(IPAddress("2001:db8::ff")).bytes) == IPAddress("2001:db8::ff"))
    }

    @Test("IPv6")
    func ipv6() throws {
        let address = try #require(IPAddress("2001:db8::1"))
        #expect(address.bytes == [0x20, 0x01, 0x0D, 0xB8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1])
        #expect(!address.isIPv4)
        #expect(try #require(IPAddress("::1")).bytes == [UInt8](repeating: 0, count: 15) + [1])
        #expect(try #require(IPAddress("::")).bytes == [UInt8](repeating: 0, count: 16))
        #expect(try #require(IPAddress("2001:DB8::1")).bytes == address.bytes)
    }

    @Test(
        "junk is nil",
        arguments: [
            "", "abc", "256.1.1.1", "1.2.3", "1.2.3.4.5", " 1.2.3.4", "1.2.3.4 ", "1.2.3.4/24", "::g", "1:2:3:4:5:6:7:8:9", "-1.2.3.4",
            "kw_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefg0azNt7", String(repeating: "1", count: 100),
        ])
    func junk(text: String) {
        #expect(IPAddress(text) == nil)
    }

    /// inet_pton stops at a NUL byte; the text must not be cut there.
    @Test("text with a NUL byte is refused, not read up to the NUL", arguments: ["1.2.3.4\u{0}", "10.0.0.1\u{0}evil", "::1\u{0}x"])
    func embeddedNUL(text: String) {
        #expect(IPAddress(text) == nil)
    }
}
