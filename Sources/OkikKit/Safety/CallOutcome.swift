import Foundation

/// What the gate did with one call, as recorded on recommendations and reports.
public enum CallOutcome: String, Sendable, Hashable, Codable, CaseIterable {
    /// It ran.
    case executed
    /// It ran and failed.
    case failed
    /// It waits for a person as a plan.
    case queued
    /// It was refused.
    case denied
    /// Its input was invalid, or the tool unknown.
    case invalid

    /// The outcome of a call report.
    public init(_ outcome: CallReport.Outcome) {
        switch outcome {
        case .executed: self = .executed
        case .failed: self = .failed
        case .queued: self = .queued
        case .denied: self = .denied
        case .invalid: self = .invalid
        }
    }
}
