/// Microsoft Azure: storage account keys and Service Bus / Event Hubs shared access keys,
/// as they appear in connection strings.
extension RuleCatalog {
    static let azure: [Rule] = [
        connectionStringKey("AccountKey=", id: "azure-storage-account-key", "Azure storage account key", length: 86...86),
        connectionStringKey("SharedAccessKey=", id: "azure-shared-access-key", "Azure Service Bus / Event Hubs shared access key", length: 43...43),
    ]

    private static func connectionStringKey(_ field: String, id: String, _ description: String, length: ClosedRange<Int>) -> Rule {
        Rule(
            id: id, description: description, keywords: [field],
            matcher: .custom { bytes, start, keywordLength in
                let valueStart = start + keywordLength
                var end = valueStart
                while end < bytes.count, end - valueStart < 100, ByteSet.base64.contains(bytes[end]) || bytes[end] == UInt8(ascii: "=") { end += 1 }
                var body = end
                while body > valueStart, bytes[body - 1] == UInt8(ascii: "=") { body -= 1 }
                guard length.contains(body - valueStart), end - body >= 1 else { return nil }
                let value = Array(bytes[valueStart..<body])
                guard Entropy.bits(value) >= 4, !SecretValue.isRepetitive(value) else { return nil }
                return RuleMatch(range: valueStart..<end, verdict: .plausible)
            }, confidence: .medium
        ) {
            let key = SampleText.random(.base62, count: length.lowerBound) + (length.lowerBound == 86 ? "==" : "=")
            return RuleSamples(
                positives: ["DefaultEndpointsProtocol=https;AccountName=acct;\(field)\(key);EndpointSuffix=core.windows.net"],
                negatives: ["\(field)<your-key>;", "\(field)\(SampleText.random(.base62, count: 20))=="])
        }
    }
}
