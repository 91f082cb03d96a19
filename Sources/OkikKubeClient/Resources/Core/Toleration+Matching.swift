extension Toleration {
    /// Whether this toleration tolerates a taint, by the scheduler's rules: an empty effect matches every effect,
    /// `Exists` with an empty key matches every taint, `Equal` (the default) needs the same key and value.
    public func tolerates(_ taint: Taint) -> Bool {
        if let effect, !effect.isEmpty, effect != taint.effect { return false }
        if self.operator == "Exists" {
            return (key ?? "").isEmpty || key == taint.key
        }
        return key == taint.key && (value ?? "") == (taint.value ?? "")
    }
}

extension Array where Element == Toleration {
    /// Whether any of the tolerations tolerates the taint.
    public func tolerates(_ taint: Taint) -> Bool {
        contains { $0.tolerates(taint) }
    }
}
