/// Passwords in XML client configurations: `<password>…</password>` elements
/// (Maven's `settings.xml` and many others) anywhere, and in FileZilla's
/// `sitemanager.xml`, `recentservers.xml` and `filezilla.xml` its `<Pass>` elements
/// (`<Pass encoding="base64">…</Pass>`, decoded and confirmed before reporting).
extension RuleCatalog {
    static let xmlPassword: [Rule] = [
        Rule(
            id: "xml-password", description: "Password in an XML <password> element (Maven settings.xml and others)", keywords: ["password"],
            matcher: .custom { bytes, start, _ in
                guard start > 0, bytes[start - 1] == UInt8(ascii: "<") else { return nil }
                return XMLPasswordElement.match(bytes, at: start - 1)
            }, confidence: .medium
        ) {
            let password = SampleText.password()
            return RuleSamples(
                positives: [
                    "      <password>\(password)</password>", "<Password encoding=\"base64\">\(Base64URL.encodeStandard(password))</Password>",
                ],
                negatives: [
                    "<password>${env.MAVEN_PASSWORD}</password>", "<passwordPolicy>strict-mode-1</passwordPolicy>", "<password/>",
                    "<Password encoding=\"base64\">\(Base64URL.encodeStandard("password"))</Password>",
                ])
        },
        Rule(
            id: "filezilla-password", description: "Password in a FileZilla site manager or recent servers file",
            files: FileNamePattern(names: ["sitemanager.xml", "recentservers.xml", "filezilla.xml"]), scan: XMLPasswordElement.fileZilla
        ) {
            let password = SampleText.password()
            return RuleSamples(
                positives: [
                    "<Host>ftp.example.org</Host><User>ann</User><Pass encoding=\"base64\">\(Base64URL.encodeStandard(password))</Pass>",
                    "<Pass>\(password)</Pass>",
                ],
                negatives: [
                    "<Pass encoding=\"base64\" />", "<Pass encoding=\"base64\">\(Base64URL.encodeStandard("password"))</Pass>",
                    "<Pass encoding=\"base64\">!!notbase64!!</Pass>",
                ], path: "AppData/FileZilla/sitemanager.xml")
        },
    ]
}

enum XMLPasswordElement {
    /// Every `<Pass…>` element of a FileZilla file.
    static func fileZilla(_ bytes: ScanBytes) -> [RuleMatch] {
        var matches: [RuleMatch] = []
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "<"), ConfigValue.hasWord(bytes, at: index + 1, "pass"), let match = match(bytes, at: index) {
                matches.append(match)
                index = match.range.upperBound
            }
            index += 1
        }
        return matches
    }
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
