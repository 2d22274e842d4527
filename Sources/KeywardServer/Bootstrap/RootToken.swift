import Foundation
import KeywardCore
import KeywardVault

/// The first start of an empty store makes a root token with scope `admin` and
/// writes it to the token file (mode 0600). Only its `start` is printed; the
/// token itself only with `--print-root-token`.
///
/// A token file that already exists belongs to another store (a second
/// database, a test run): it is never overwritten, since that would lock its
/// owner out of that store for good. The new token goes beside it instead.
enum RootToken {
    struct Created {
        var token: APIKey
        var record: TokenRecord
        /// The file the token was written to.
        var file: String
        /// Whether `file` is not the token file because that one already existed.
        var besideExistingFile: Bool
    }

    static func createIfNeeded(services: KeywardServices, tokenFile: String) async throws -> Created? {
        guard try await services.store.tokenCount() == 0 else { return nil }
        let (token, record) = try await services.createToken(scopes: [ManagementScope.admin], name: "root", ttl: nil, creator: nil)
        let taken = FileManager.default.fileExists(atPath: tokenFile)
        let file = taken ? "\(tokenFile).\(record.id)" : tokenFile
        try KeyFile.writeNew(path: file, contents: token.secret + "\n")
        return Created(token: token, record: record, file: file, besideExistingFile: taken)
    }
}
