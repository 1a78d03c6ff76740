import HEML

/// Watches a workflow run: steps starting and finishing, notes (the plan), warnings and training iterations. The
/// CLI shows them on a terminal; a library caller may log them or pass ``SilentObserver``.
public protocol WorkflowObserver: AnyObject {
    /// A step starts (e.g. "generating keys (relinearization + 20 rotations)").
    func begin(_ step: String)
    /// A step ended, with its wall-clock seconds when timed.
    func finish(_ step: String, seconds: Double?)
    /// Free-form lines, such as the plan.
    func note(_ text: String)
    /// Something the user must see even in scripts (an insecure test ring).
    func warn(_ text: String)
    /// One finished training iteration.
    func iteration(_ progress: TrainingProgress)
}

/// An observer that ignores everything.
public final class SilentObserver: WorkflowObserver {
    public init() {}
    public func begin(_ step: String) {}
    public func finish(_ step: String, seconds: Double?) {}
    public func note(_ text: String) {}
    public func warn(_ text: String) {}
    public func iteration(_ progress: TrainingProgress) {}
}
