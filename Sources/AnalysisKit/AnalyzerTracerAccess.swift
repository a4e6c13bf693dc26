import BasinKit

extension Analyzer {
    /// The analyzer's tracer, for callers that need network positions (the alarm model snaps gauges and
    /// checkpoints with it) without building a second one.
    public var downstreamTracer: DownstreamTracer { tracer }
}
