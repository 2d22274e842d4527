/// GitLab tokens (personal, deploy, runner, pipeline trigger, OAuth application secrets).
extension RuleCatalog {
    static let gitlab: [Rule] = [
        Rule(id: "gitlab-pat", description: "GitLab personal access token", token: TokenShape(prefix: "glpat-", body: .base64URL, length: 20...60)),
        Rule(id: "gitlab-deploy-token", description: "GitLab deploy token", token: TokenShape(prefix: "gldt-", body: .base64URL, length: 20...60)),
        Rule(
            id: "gitlab-runner-token", description: "GitLab runner authentication token",
            token: TokenShape(prefix: "glrt-", body: .base64URL, length: 20...60)),
        Rule(
            id: "gitlab-pipeline-trigger", description: "GitLab pipeline trigger token",
            token: TokenShape(prefix: "glptt-", body: .hexLower, length: 40...40)),
        Rule(
            id: "gitlab-oauth-secret", description: "GitLab OAuth application secret",
            token: TokenShape(prefix: "gloas-", body: .base64URL, length: 64...64)),
    ]
}
