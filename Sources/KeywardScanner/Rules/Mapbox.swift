/// Mapbox secret access tokens (`sk.` + a base64url JSON header + a secret part).
extension RuleCatalog {
    static let mapbox: [Rule] = [
        Rule(
            id: "mapbox-secret-token", description: "Mapbox secret access token",
            token: TokenShape(
                prefix: "sk.eyJ", body: ByteSet.base64URL.union(ByteSet(".")), length: 60...300,
                validator: { token in token.filter { $0 == UInt8(ascii: ".") }.count == 2 ? .plausible : .reject })
        ) {
            let token = "sk.eyJ" + SampleText.random(.base62, count: 60) + "." + SampleText.random(.base62, count: 22)
            return RuleSamples(positives: ["MAPBOX_TOKEN=\(token)"], negatives: ["sk.eyJ" + SampleText.random(.base62, count: 20)])
        }
    ]
}
