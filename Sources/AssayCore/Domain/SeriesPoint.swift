/// One measurement on an axis of a series: a metric's value at one model size, compute budget, checkpoint step or date.
///
/// A series (a ladder) is every point sharing a ``series`` name. Points come from stored runs (`assay ladder --runs`), from
/// imported training logs, or from `assay lab`, which writes its checkpoints here.
public struct SeriesPoint: Codable, Hashable, Sendable {
    public var series: String
    /// Position on the axis (parameters, FLOPs, step, days since an epoch).
    public var axis: Double
    /// Metric name, `scorer/statistic` by convention (`exact_match/accuracy`, `target/logprob`, `train/accuracy`).
    public var metric: String
    public var value: Double
    /// Items (or examples) the value was measured over; 0 when unknown.
    public var n: Int
    /// Standard error of ``value`` when known.
    public var stderr: Double?
    /// The run the point was read from, when it came from one.
    public var run: String?

    public init(series: String, axis: Double, metric: String, value: Double, n: Int, stderr: Double? = nil, run: String? = nil) {
        self.series = series
        self.axis = axis
        self.metric = metric
        self.value = value
        self.n = n
        self.stderr = stderr
        self.run = run
    }
}

/// A stored series, without its points.
public struct SeriesInfo: Codable, Hashable, Sendable {
    public var name: String
    public var points: Int
    public var metrics: [String]
    public var axisRange: ClosedRange<Double>

    public init(name: String, points: Int, metrics: [String], axisRange: ClosedRange<Double>) {
        self.name = name
        self.points = points
        self.metrics = metrics
        self.axisRange = axisRange
    }
}
