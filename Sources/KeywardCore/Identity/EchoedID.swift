/// How an error names the record it did not find. A value is repeated only when
/// it has the shape of an identifier of the expected kind: anything else may be
/// a key that someone pasted where an id belongs, and an error must not hand
/// a key back (to the caller, a proxy log or a terminal's scrollback).
public enum EchoedID {
    /// `key key_3hT9…`, or `key with the id given` when the value is no id.
    public static func describe(_ text: String, kind: RecordID.Kind, noun: String) -> String {
        RecordID.isValid(text, kind: kind) ? "\(noun) \(text)" : "\(noun) with the id given (not repeated here: it is not a \(noun) id)"
    }
}
