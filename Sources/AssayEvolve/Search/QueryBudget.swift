import Synchronization

/// The target-request budget, shared by concurrent queries: every attempt (a retry included) takes one unit first,
/// and none is made once the budget is spent, so a search never exceeds it.
final class QueryBudget: Sendable {
    private let state: Mutex<(used: Int, limit: Int)>

    init(used: Int, limit: Int) {
        state = Mutex((used, limit))
    }

    /// Takes one unit; false when none is left.
    func reserve() -> Bool {
        state.withLock { state in
            guard state.used < state.limit else { return false }
            state.used += 1
            return true
        }
    }

    /// Counts requests made earlier (answers replayed from the cache after a resume), without a limit check.
    func charge(_ count: Int) {
        state.withLock { $0.used += count }
    }

    /// Starts counting from `used` requests (a resumed search).
    func reset(used: Int) {
        state.withLock { $0.used = used }
    }

    var used: Int { state.withLock { $0.used } }
    var remaining: Int { state.withLock { max(0, $0.limit - $0.used) } }
}
