import ArgumentParser

/// A word where a subcommand belongs that names none (`keyward kye list`),
/// with the nearest known name at that level when one is close.
struct UnknownCommand {
    /// The word as typed.
    var word: String
    /// The command line up to the word, such as `keyward key`.
    var parent: String
    /// The closest subcommand name, when it is close enough to be a typo.
    var suggestion: String?

    /// Walks `arguments` down the subcommand tree of `root`. The command groups
    /// take no positional arguments, so the first word that is not an option at
    /// a level with subcommands must name one of them; nil when every such word does.
    init?(in arguments: [String], root: any ParsableCommand.Type) {
        var command = root
        var atRoot = true
        var path = [root._commandName]
        for argument in arguments {
            if argument == "--" { return nil }
            if argument.hasPrefix("-") { continue }
            let children = command.configuration.subcommands
            if children.isEmpty { return nil }
            if atRoot && argument == "help" { return nil }
            if let child = children.first(where: { Self.names(of: $0).contains(argument) }) {
                command = child
                atRoot = false
                path.append(child._commandName)
                continue
            }
            var known = children.flatMap(Self.names)
            if atRoot { known.append("help") }
            self.word = argument
            self.parent = path.joined(separator: " ")
            self.suggestion = Self.nearest(to: argument, among: known)
            return
        }
        return nil
    }

    /// `error: unknown command 'kye'. Did you mean 'key'?`
    var message: String {
        if let suggestion { return "error: unknown command '\(word)'. Did you mean '\(suggestion)'?" }
        return "error: unknown command '\(word)'. See '\(parent) --help' for the commands."
    }

    static func names(of command: any ParsableCommand.Type) -> [String] {
        [command._commandName] + command.configuration.aliases
    }

    /// The name with the smallest edit distance, if it is at most 2 and less than half the longer word.
    static func nearest(to word: String, among names: [String]) -> String? {
        let scored = names.map { (name: $0, distance: editDistance(word.lowercased(), $0)) }
        guard let best = scored.min(by: { $0.distance < $1.distance }) else { return nil }
        let limit = min(2, (max(word.count, best.name.count) - 1) / 2)
        return best.distance <= limit ? best.name : nil
    }

    /// Optimal string alignment distance: insertions, deletions, substitutions
    /// and swaps of two neighbouring characters each cost 1 (`kye` to `key` is 1).
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { table[i][0] = i }
        for j in 0...b.count { table[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
                }
            }
        }
        return table[a.count][b.count]
    }
}
