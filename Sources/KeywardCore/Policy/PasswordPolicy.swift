/// What a user's password must be (docs/users.md): at least 12 characters, at
/// most 1,024 bytes, not the user's name, and none of the passwords that
/// lists of breached passwords start with (checked without case, and with
/// trailing digits and symbols stripped, so `Password123456!` is refused).
/// Errors name the field and never repeat the password.
public enum PasswordPolicy {
    public static let minimumCharacters = 12
    public static let maximumBytes = 1_024

    public static func check(_ password: String, userName: String, field: String = "password") throws(KeywardError) {
        guard password.utf8.count <= maximumBytes else {
            throw KeywardError(.weakPassword, "a password has at most \(maximumBytes) bytes", field: field)
        }
        guard password.count >= minimumCharacters else {
            throw KeywardError(.weakPassword, "a password has at least \(minimumCharacters) characters", field: field)
        }
        let folded = password.lowercased()
        if folded.contains(userName.lowercased()) {
            throw KeywardError(.weakPassword, "the password must not contain the user's name", field: field)
        }
        let stem = String(folded.reversed().drop { !$0.isLetter }.reversed())
        if common.contains(folded) || common.contains(stem) || Set(folded).count < 4 {
            throw KeywardError(.weakPassword, "that password is among the most common ones; choose another", field: field)
        }
    }

    /// The most common passwords and their stems, lower-cased.
    static let common: Set<String> = [
        "password", "passw0rd", "p@ssw0rd", "p@ssword", "qwerty", "qwertyuiop", "qwertyuiopasdf", "asdfghjkl", "zxcvbnm", "letmein",
        "welcome", "admin", "administrator", "root", "changeme", "iloveyou", "monkey", "dragon", "master", "sunshine", "princess",
        "football", "baseball", "superman", "batman", "trustno1", "abc", "abcdef", "abcdefgh", "abcdefghijkl", "secret", "keyward",
        "login", "starwars", "whatever", "shadow", "michael", "jennifer", "computer", "internet", "freedom", "hello", "helloworld",
        "passwordpassword", "1q2w3e4r5t6y", "1qaz2wsx3edc", "q1w2e3r4t5y6", "123456789012", "1234567890ab", "qazwsxedcrfv",
        "correcthorsebatterystaple", "default", "test", "testtest", "guest", "summer", "winter", "spring", "autumn", "access",
    ]
}

extension KeywardError.Code {
    /// A password that the policy refuses (400).
    public static let weakPassword = Self("WEAK_PASSWORD", .invalidInput)
}
