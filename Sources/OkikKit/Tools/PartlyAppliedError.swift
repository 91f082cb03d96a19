/// A write of several steps that failed after some of them took effect: the error, and what the call had changed
/// by then (those changes stand), so an audit or a caller never reads "failed" as "nothing happened".
public struct PartlyAppliedError: Error, Sendable, CustomStringConvertible {
    /// Why the call stopped.
    public var underlying: any Error
    /// What it had changed before, in order (`cordoned node worker-1`, `evicted pod shop/web-1`).
    public var applied: [String]

    /// Wraps `error`; answers `error` itself when nothing was applied (or it already says what was).
    public static func wrapping(_ error: any Error, applied: [String]) -> any Error {
        guard !applied.isEmpty, !(error is PartlyAppliedError) else { return error }
        return PartlyAppliedError(underlying: error, applied: applied)
    }

    /// `<the error>; before it failed the call had cordoned node worker-1, evicted pod shop/web-1 (these stand)`.
    public var description: String {
        "\(ToolFailure(underlying).message); before it failed the call had \(applied.joined(separator: ", ")) (these changes stand)"
    }
}
