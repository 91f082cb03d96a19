import OkikKubeClient

/// The `okik.io/` annotations and label a quarantine writes, so it can be listed and undone exactly.
public enum QuarantineAnnotations {
    /// `"true"` on a quarantined Deployment (annotation and label) and on an HPA held for it.
    public static let quarantined = "okik.io/quarantined"
    /// The Deployment's replicas before the quarantine.
    public static let originalReplicas = "okik.io/original-replicas"
    /// Why it was quarantined.
    public static let reason = "okik.io/quarantine-reason"
    /// When (RFC 3339).
    public static let quarantinedAt = "okik.io/quarantined-at"
    /// Who (the caller, `kind:name`).
    public static let quarantinedBy = "okik.io/quarantined-by"
    /// On an HPA: the Deployment it is held for.
    public static let heldFor = "okik.io/quarantined-for"
    /// On an HPA: its `minReplicas` before the quarantine.
    public static let originalMinReplicas = "okik.io/original-min-replicas"
    /// On an HPA: its `maxReplicas` before the quarantine.
    public static let originalMaxReplicas = "okik.io/original-max-replicas"
    /// On a Deployment scaled to zero by `scale_to_zero`: its replicas before.
    public static let scaledToZeroFrom = "okik.io/scaled-to-zero-from"

    /// Whether the object carries the quarantine annotation.
    public static func isQuarantined(_ metadata: ObjectMeta) -> Bool {
        metadata.annotations?[quarantined] == "true"
    }
}
