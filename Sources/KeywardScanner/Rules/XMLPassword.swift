/// Passwords in XML client configurations: FileZilla's `sitemanager.xml` and
/// `recentservers.xml` (`<Pass encoding="base64">…</Pass>`, decoded and confirmed
/// before reporting, or plain `<Pass>…</Pass>`), Maven's `settings.xml` and other
/// tools' `<password>…</password>` elements.
extension RuleCatalog {
    static let xmlPassword: [Rule] = [
        Rule(
            id: "xml-password", description: "Password in an XML client config (FileZilla <Pass>, <password>)", keywords: ["<pass"],
            matcher: .custom { bytes, start, _ in XMLPasswordElement.match(bytes, at: start) }, confidence: .medium
        ) {
            let password = SampleText.password()
            return RuleSamples(
                positives: [
                    "<Host>ftp.example.org</Host><User>ann</User><Pass encoding=\"base64\">\(Base64URL.encodeStandard(password))</Pass>",
                    "<Pass>\(password)</Pass>", "      <password>\(password)</password>",
                ],
                negatives: [
                    "<Pass encoding=\"base64\" />", "<password>${env.MAVEN_PASSWORD}</password>",
                    "<Pass encoding=\"base64\">\(Base64URL.encodeStandard("password"))</Pass>",
                    "<passwordPolicy>strict-mode-1</passwordPolicy>", "<Pass encoding=\"base64\">!!notbase64!!</Pass>",
                ])
        }
    ]
}

enum XMLPasswordElement {
    static func match(_ bytes: ScanBytes, at start: Int) -> RuleMatch? {
        var index = start + 1
        let nameStart = index
        while index < bytes.count, index - nameStart < 16, ByteSet.upper.union(.lower).contains(bytes[index]) { index += 1 }
        let name = ConfigValue.text(bytes, nameStart..<index).lowercased()
        guard ["pass", "password", "passwd"].contains(name) else { return nil }
        let attributesStart = index
        while index < bytes.count, index - attributesStart < 256, bytes[index] != UInt8(ascii: ">"), bytes[index] != 0x0A { index += 1 }
        guard index < bytes.count, bytes[index] == UInt8(ascii: ">"), bytes[index - 1] != UInt8(ascii: "/") else { return nil }
        let attributes = ConfigValue.text(bytes, attributesStart..<index).lowercased()
        let valueStart = index + 1
        var end = valueStart
        while end < bytes.count, end - valueStart < 1024, bytes[end] != UInt8(ascii: "<"), bytes[end] != 0x0A { end += 1 }
        // The element closes right after its text: `…</Pass>`.
        guard end < bytes.count, end > valueStart, ConfigValue.hasWord(bytes, at: end, "</" + name + ">") else { return nil }
        let value = valueStart..<end
        if attributes.contains("base64") {
            guard let decoded = ConfigValue.decodeBase64(bytes[value]), ConfigValue.isPrintable(decoded),
                ConfigValue.isPlausiblePassword(String(decoding: decoded, as: UTF8.self))
            else { return nil }
        } else {
            guard ConfigValue.isPlausiblePassword(ConfigValue.text(bytes, value)) else { return nil }
        }
        return RuleMatch(range: value, verdict: .plausible)
    }
}
