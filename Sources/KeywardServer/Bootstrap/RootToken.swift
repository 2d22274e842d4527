import Foundation
import KeywardCore
import KeywardVault

/// The first start of an empty store makes a root token with scope `admin` and
/// writes it to the token file (mode 0600). Only its `start` is printed; the
/// token itself only with `--print-root-token`.
enum RootToken {
    struct Created {
        var token: APIKey
        var record: TokenRecord
    }

    static func createIfNeeded(services: KeywardServices, tokenFile: String) async throws -> Created? {
        guard try await services.store.tokenCount() == 0 else { return nil }
        let (token, record) = try await services.createToken(scopes: [ManagementScope.admin], name: "root", ttl: nil, creator: nil)
        try KeyFile.writeNew(path: tokenFile, contents: token.secret + "\n", replacing: true)
        return Created(token: token, record: record)
    }
}
