import HTTPTypes
import Hummingbird
import KeywardCore
import KeywardEngine

extension HTTPField.Name {
    /// A TOTP code for step-up (docs/users.md).
    public static let keywardOTP = Self("X-Keyward-OTP")!
}

extension KeywardRequestContext {
    /// Step-up before a dangerous action (docs/users.md#step-up): a login session
    /// needs a second factor proved in the last 5 minutes, or a code in
    /// `X-Keyward-OTP`; else 401 `MFA_REQUIRED`. Other tokens pass.
    func requireStepUp(_ request: Request, engine: Engine) async throws {
        try await engine.users.requireFreshMFA(try requireToken(), otp: request.headers[.keywardOTP], client: clientAddress)
    }
}
