/// Namespaces no write may touch, whatever the autonomy level, and the normalisation that defeats odd spellings.
public struct ProtectedNamespaces: Sendable, Hashable {
    /// Always protected: `kube-system`, `kube-public`, `kube-node-lease`, `okik-system`.
    public static let builtIn: Set<String> = ["kube-system", "kube-public", "kube-node-lease", "okik-system"]

    /// Every protected name, normalised.
    public private(set) var names: Set<String>

    /// The built-in set plus `additional` (normalised; unrecognisable spellings are ignored).
    public init(additional: [String] = []) {
        names = Self.builtIn.union(additional.compactMap(Self.normalize))
    }

    /// How a namespace spelling classifies for a write.
    public enum Verdict: Sendable, Hashable {
        /// A canonical, unprotected name.
        case unprotected(String)
        /// A protected name (possibly spelled oddly: the canonical name is given).
        case protected(String)
        /// Not a canonical DNS-1123 label (case, whitespace, Unicode look-alikes, invisible characters): refused.
        case unrecognised(String)
    }

    /// Classifies a namespace a write would touch.
    public func classify(_ raw: String) -> Verdict {
        guard let normalized = Self.normalize(raw) else { return .unrecognised(raw) }
        if names.contains(normalized) { return .protected(normalized) }
        if normalized != raw { return .unrecognised(raw) }
        return .unprotected(normalized)
    }

    /// Trims ASCII whitespace and lowercases ASCII; nil when the rest is not a DNS-1123 label, so any non-ASCII
    /// character (full-width letters, Cyrillic look-alikes, zero-width spaces, Unicode dashes) is unrecognisable.
    public static func normalize(_ raw: String) -> String? {
        var scalars = Array(raw.unicodeScalars)
        let blank: Set<UInt32> = [0x20, 0x09, 0x0A, 0x0D, 0x0B, 0x0C]
        while let first = scalars.first, blank.contains(first.value) { scalars.removeFirst() }
        while let last = scalars.last, blank.contains(last.value) { scalars.removeLast() }
        var result = ""
        for scalar in scalars {
            guard scalar.isASCII else { return nil }
            let lowered = Character(scalar).lowercased()
            result += lowered
        }
        return NameRules.isLabel(result) ? result : nil
    }
}
