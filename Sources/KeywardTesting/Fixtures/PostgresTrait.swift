import Testing

extension Trait where Self == ConditionTrait {
    /// The suite runs on a throwaway PostgreSQL (`ThrowawayPostgres`): skipped,
    /// with a message saying so, when PostgreSQL is not installed; failing
    /// instead under `KEYWARD_REQUIRE_POSTGRES=1`.
    public static var needsPostgres: Self {
        .enabled(if: ThrowawayPostgres.enabled, Comment(rawValue: ThrowawayPostgres.skipMessage))
    }
}
