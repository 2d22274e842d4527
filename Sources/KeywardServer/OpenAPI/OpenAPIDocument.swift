/// The OpenAPI 3.1 description of the HTTP API, served at `/openapi.json`.
///
/// The document is the file `openapi.json` beside this one, compiled in by
/// `scripts/embed-openapi.py` (OpenAPIDocument+Embedded.swift). A change to a
/// route changes that file and docs/api.md in the same commit; tests check that
/// the embedded copy is the file and that the router serves exactly the
/// documented paths and methods.
enum OpenAPIDocument {
    /// The document as served.
    static let bytes = Array(json.utf8)
}
