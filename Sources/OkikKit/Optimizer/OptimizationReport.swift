import Foundation
import OkikKubeClient

/// The result of one optimizer run, also the versioned JSON/YAML document `okikctl optimise -o json` prints
/// (schema ``schemaVersion``, documented in Docs/Optimizer.md).
public struct OptimizationReport: Sendable, Codable {
    /// The schema id of this document; changes only with a new version.
    public static let schemaVersion = "okik.io/optimise/v1"

    /// Always ``schemaVersion``.
    public var schema: String = Self.schemaVersion
    /// When the snapshot was taken (RFC 3339).
    public var snapshotTime: String
    /// The namespace scanned; nil for the whole cluster.
    public var namespace: String?
    /// The overall score, 0-100.
    public var score: Int
    /// Its grade, A-F.
    public var grade: String
    /// One entry per category that ran, in catalogue order.
    public var categories: [CategoryScore]
    /// Findings, most severe first (then code, subject, container).
    public var findings: [Finding]
    /// Findings per severity.
    public var summary: [String: Int]
    /// How many objects the snapshot held, per kind (`pods: 60000`).
    public var objects: [String: Int]
    /// Problems met while collecting or checking (reported once each).
    public var diagnostics: [String]
    /// How long the parts took, in seconds (not part of any score).
    public var timings: Timings
    /// What reconcile mode did, when it ran.
    public var reconcile: ReconcileReport?

    /// Durations of a run.
    public struct Timings: Sendable, Hashable, Codable {
        /// Taking the snapshot (nil when the snapshot was given).
        public var snapshotSeconds: Double?
        /// Running the checks.
        public var checksSeconds: Double

        /// Creates timings.
        public init(snapshotSeconds: Double?, checksSeconds: Double) {
            self.snapshotSeconds = snapshotSeconds
            self.checksSeconds = checksSeconds
        }
    }

    /// The findings of one category.
    public func findings(in category: OptimizationCategory) -> [Finding] {
        findings.filter { $0.category == category }
    }
}
