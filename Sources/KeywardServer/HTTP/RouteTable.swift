import HTTPTypes
import Hummingbird
import Synchronization

/// Which methods each route path takes, read off the router once its routes are
/// added, so a request with a method its path does not take is a 405 with
/// `Allow` (RFC 9110 §15.5.6) instead of a 404.
final class RouteTable: Sendable {
    private struct Route: Sendable {
        /// Literal segments, and nil for a capture of one segment.
        var segments: [Substring?]
        var methods: Set<String>
        /// Whether the path ends in `**`: one or more further segments.
        var catchesRest: Bool
        var captures: Int { segments.filter { $0 == nil }.count + (catchesRest ? 1 : 0) }

        func matches(_ wanted: [Substring]) -> Bool {
            guard catchesRest ? wanted.count > segments.count : wanted.count == segments.count else { return false }
            return zip(segments, wanted).allSatisfy { $0 == nil || $0 == $1 }
        }
    }

    private let routes = Mutex<[Route]>([])

    /// Fills the table from the router's routes (`/v1/keys/:id` and the like).
    func load(_ descriptions: [Router<KeywardRequestContext>.RouteDescription]) {
        var byPath: [String: Set<String>] = [:]
        for route in descriptions { byPath[route.path.description, default: []].insert(route.method.rawValue) }
        let loaded = byPath.map { path, methods in
            var segments = Self.segments(path)
            let catchesRest = segments.last == "**"
            if catchesRest { segments.removeLast() }
            return Route(
                segments: segments.map { $0.hasPrefix(":") || $0.hasPrefix("{") || $0 == "*" ? nil : $0 }, methods: methods, catchesRest: catchesRest)
        }
        routes.withLock { $0 = loaded }
    }

    /// The methods that `path` takes, sorted; empty when no route has that path.
    func allowedMethods(for path: String) -> [String] {
        let wanted = Self.segments(path)
        let matches = routes.withLock { routes in
            routes.filter { $0.matches(wanted) }
        }
        // The router prefers a literal segment to a capture (`keys/verify` over `keys/:id`).
        guard let best = matches.min(by: { $0.captures < $1.captures }) else { return [] }
        return best.methods.sorted()
    }

    private static func segments(_ path: String) -> [Substring] {
        path.split(separator: "/", omittingEmptySubsequences: true)
    }
}
