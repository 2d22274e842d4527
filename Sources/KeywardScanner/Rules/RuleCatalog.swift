/// The built-in rules. Each provider's rules live in their own file of `Rules/`.
public enum RuleCatalog {
    public static let builtIn: [Rule] = [
        keyward, github, gitlab, aws, google, azure, slack, stripe, twilio, sendgrid, mailgun, npm, pypi, dockerHub, openAI,
        anthropic, huggingFace, shopify, digitalOcean, discord, telegram, heroku, linear, postman, databricks, grafana, sentry,
        doppler, pulumi, newRelic, supabase, datadog, algolia, facebook, twitter, mailchimp, okta, cloudflare, mapbox, age, alibaba, square,
        planetScale, atlassian, flyIO, notion, terraform, hashiCorpVault,
        privateKey, jwt, putty,
        // Configuration files of common tools, by field name or by file name (issue 18).
        netrc, gitCredentials, pgpass, npmrc, dockerConfig, kubeconfig, cloudCredentialsFile, xmlPassword, ftpClientConfig, wordPress, rails,
        django, passwordHash, dotEnv, dotNetConfig, urlCredentials, authorizationHeader, generic,
    ].flatMap { $0 }

    /// Every keyword the prefilter looks for, lower-cased and sorted (for
    /// benchmarks that run another tool on the same keyword set).
    public static var keywords: [String] {
        Set(builtIn.flatMap { $0.keywords.map { $0.lowercased() } }).sorted()
    }

    /// The rule with `id`, if any.
    public static func rule(id: String) -> Rule? {
        builtIn.first { $0.id == id }
    }
}
