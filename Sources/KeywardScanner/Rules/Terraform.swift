/// HashiCorp Terraform Cloud / HCP API tokens (`.atlasv1.`).
extension RuleCatalog {
    static let terraform: [Rule] = [
        Rule(
            id: "terraform-cloud-token", description: "Terraform Cloud API token", keywords: [".atlasv1."],
            matcher: .custom { bytes, start, length in
                var head = start; while head > 0, start - head < 14, ByteSet.base62.contains(bytes[head - 1]) { head -= 1 };
                guard start - head == 14, head == 0 || !ByteSet.word.contains(bytes[head - 1]) else { return nil }; var end = start + length;
                while end < bytes.count, ByteSet.base64URL.contains(bytes[end]) { end += 1 };
                guard (60...70).contains(end - start - length) else { return nil }; return RuleMatch(range: head..<end, verdict: .plausible)
            }
        ) {
            RuleSamples(
                positives: ["token = \"\(SampleText.random(.base62, count: 14)).atlasv1.\(SampleText.random(.base62, count: 67))\""],
                negatives: ["x.atlasv1.y"])
        }
    ]
}
