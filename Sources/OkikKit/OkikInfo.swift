/// Facts about this build of OKIK.
public enum OkikInfo {
    /// OKIK's version, shown by `okikctl status` and GET /status.
    public static let version = "0.1.0"
    /// What GET /status says about leadership: one replica decides, and there is no leader election.
    public static let leader = "this process (single replica; no leader election)"
}
