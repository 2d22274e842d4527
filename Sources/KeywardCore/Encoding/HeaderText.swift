import Foundation

/// Text made safe to send as an HTTP header value: visible ASCII and space
/// stay, every other byte is percent-encoded (and so is `%`, so an encoded
/// owner decodes unambiguously). No value can break a header block.
public enum HeaderText {
    /// The longest value Keyward puts in a header it sends; a longer one is
    /// left out (nginx's default buffer for a whole upstream header block is 4 KiB).
    public static let maximumBytes = 2048

    /// `text`, header-safe.
    public static func safe(_ text: String) -> String {
        // Most owners are plain ASCII: no set to build, no copy to make.
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 <= 0x7E && $0 != UInt8(ascii: "%") }) { return text }
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    /// `text`, header-safe, or nil when that is longer than `maximumBytes`.
    public static func bounded(_ text: String) -> String? {
        let safe = safe(text)
        return safe.utf8.count <= maximumBytes ? safe : nil
    }

    /// Visible ASCII and space, without `%`.
    private static let allowed: CharacterSet = {
        var allowed = CharacterSet(charactersIn: Unicode.Scalar(0x20)...Unicode.Scalar(0x7E))
        allowed.remove("%")
        return allowed
    }()
}
