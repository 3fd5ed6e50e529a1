/// What the engine tells its observer as samples are stored.
public enum RunEvent: Sendable {
    /// The run is about to start; `resumed` tells whether an earlier run is being continued and how many samples it had.
    case started(runID: String, total: Int, alreadyDone: Int, resumed: Bool)
    case progress(RunProgress)
    /// A capability is missing (log-likelihoods), so some continuous scores will abstain.
    case notice(String)
}

/// Counts of a run in progress; the same figures feed the terminal bar and, later, the dashboard.
public struct RunProgress: Sendable, Hashable {
    public var total: Int
    /// Samples stored, including those found from an earlier attempt of the run.
    public var done: Int
    public var errors: Int
    public var cached: Int
    /// Seconds since this process started working on the run.
    public var elapsed: Double
    /// Samples stored by this process (for the rate).
    public var doneHere: Int

    public init(total: Int, done: Int, errors: Int, cached: Int, elapsed: Double, doneHere: Int) {
        self.total = total
        self.done = done
        self.errors = errors
        self.cached = cached
        self.elapsed = elapsed
        self.doneHere = doneHere
    }

    /// Samples per second stored by this process.
    public var rate: Double { elapsed > 0 ? Double(doneHere) / elapsed : 0 }
    /// Seconds left at the current rate, nil before there is a rate.
    public var eta: Double? { rate > 0 ? Double(total - done) / rate : nil }
}
