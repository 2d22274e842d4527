import Testing

@testable import KeywardScanner

/// Sample keys that providers publish in their documentation are not findings
/// (issue 18); a random key of the same shape beside them still is.
@Suite struct DocumentedExampleTests {
    @Test(arguments: DocumentedExamples.values.sorted())
    func publishedSampleKeysAreNotFindings(sample: String) {
        for line in ["key = \"\(sample)\"", "export SECRET=\(sample)", "curl -u \(sample): https://api.example.org"] {
            #expect(TestSupport.ruleIDs(in: line).isEmpty, "\(line)")
        }
    }

    @Test func theJWTDotIOSampleIsNotAFindingButAnotherSignatureIs() {
        let header = Base64URL.encode("{\"alg\":\"HS256\",\"typ\":\"JWT\"}")
        let payload = Base64URL.encode("{\"sub\":\"1234567890\",\"name\":\"John Doe\",\"iat\":1516239022}")
        let sample = "\(header).\(payload)." + DocumentedExamples.suffixes[0]
        #expect(TestSupport.ruleIDs(in: "Authorization: Bearer \(sample)").isEmpty)
        let signed = "\(header).\(payload)." + SampleText.random(.base64URL, count: 43)
        #expect(TestSupport.ruleIDs(in: "Authorization: Bearer \(signed)") == ["jwt"])
    }

    @Test func valuesMarkedEXAMPLEAreNotFindings() {
        let marked = "AKIA" + "J3QZ7EXAMPLE" + "K2X4"
        #expect(TestSupport.ruleIDs(in: "aws_access_key_id = \(marked)").isEmpty)
        let stripe = "sk_" + "live_" + SampleText.random(.base62, count: 10) + "EXAMPLE" + SampleText.random(.base62, count: 10)
        #expect(TestSupport.ruleIDs(in: "STRIPE_KEY=\(stripe)").isEmpty)
    }

    @Test func keysOfTheSameShapeAreStillFound() {
        let stripe = "sk_" + "test_" + SampleText.random(.base62, count: 24)
        #expect(TestSupport.ruleIDs(in: "stripe.api_key = \"\(stripe)\"") == ["stripe-test-secret-key"])
        let google = "AIza" + SampleText.random(.base62, count: 35)
        #expect(TestSupport.ruleIDs(in: "const key = \"\(google)\"") == ["google-api-key"])
        let mailgun = "key-" + SampleText.random(.hexLower, count: 32)
        #expect(TestSupport.ruleIDs(in: "MAILGUN_API_KEY=\(mailgun)") == ["mailgun-api-key"])
    }
}
