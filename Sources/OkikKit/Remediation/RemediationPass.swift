import Synchronization

/// One round of remediation by one caller (an optimizer reconcile, a watchdog incident, an agent tick): its scope
/// and the workloads it has already written to, so the guards keep a pass inside its namespace and to one write
/// (executed or queued) per workload.
///
/// ```swift
/// let pass = RemediationPass(namespace: "shop")
/// let report = try await executor.execute(call, caller: caller, pass: pass)
/// ```
public final class RemediationPass: Sendable {
    /// The only namespace the pass may write to; nil for the whole cluster.
    public let namespace: String?
    private let written = Mutex<[ResourceRef: String]>([:])

    /// Creates a pass, scoped to one namespace or to the whole cluster.
    public init(namespace: String? = nil) {
        self.namespace = namespace
    }

    /// The call that already wrote to this subject in the pass, if any.
    public func earlierWrite(to subject: ResourceRef) -> String? {
        written.withLock { $0[subject] }
    }

    /// Records that a call wrote to (or queued a write for) these subjects.
    func record(_ subjects: [ResourceRef], call: String) {
        written.withLock { written in
            for subject in subjects where written[subject] == nil { written[subject] = call }
        }
    }

    /// The subjects written so far.
    public var writtenSubjects: Set<ResourceRef> {
        written.withLock { Set($0.keys) }
    }
}
