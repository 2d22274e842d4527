/// One page of a list, ordered by id; `nextCursor` is absent on the last page.
public struct Page<Item: Sendable>: Sendable {
    public var items: [Item]
    public var nextCursor: String?

    public init(items: [Item], nextCursor: String?) {
        self.items = items
        self.nextCursor = nextCursor
    }
}

/// Which page to read: at most `limit` items with ids after `cursor`.
public struct PageRequest: Sendable, Equatable {
    public static let defaultLimit = 100
    public static let maximumLimit = 1000

    public var limit: Int
    /// The id of the last item of the previous page.
    public var cursor: String?

    public init(limit: Int = PageRequest.defaultLimit, cursor: String? = nil) {
        self.limit = max(1, min(limit, PageRequest.maximumLimit))
        self.cursor = cursor
    }

    /// A page from `rows` fetched with `limit + 1`: the extra row says there is more.
    public func page<Item>(from rows: [Item], id: (Item) -> String) -> Page<Item> {
        guard rows.count > limit else { return Page(items: rows, nextCursor: nil) }
        let items = Array(rows.prefix(limit))
        return Page(items: items, nextCursor: items.last.map(id))
    }
}
