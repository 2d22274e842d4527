/// PyPI and TestPyPI upload tokens (macaroons whose base64 starts with the index name).
extension RuleCatalog {
    static let pypi: [Rule] = [
        Rule(
            id: "pypi-token", description: "PyPI upload token", token: TokenShape(prefix: "pypi-AgEIcHlwaS5vcmc", body: .base64URL, length: 50...400)),
        Rule(
            id: "pypi-test-token", description: "TestPyPI upload token",
            token: TokenShape(prefix: "pypi-AgENdGVzdC5weXBpLm9yZw", body: .base64URL, length: 50...400)),
    ]
}
