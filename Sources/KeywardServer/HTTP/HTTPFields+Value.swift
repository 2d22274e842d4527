import HTTPTypes

extension HTTPFields {
    /// `self[name]`, without the generic join of every value when there is
    /// one field of that name (as there is in nearly every request): the
    /// gateway reads several headers on every request.
    func value(of name: HTTPField.Name) -> String? {
        var found: String?
        for field in self where field.name == name {
            if found != nil { return self[name] }
            found = field.value
        }
        return found
    }
}
