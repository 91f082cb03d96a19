/// A label query over a set of objects (`metav1.LabelSelector`): `matchLabels` and `matchExpressions`, ANDed.
///
/// An empty selector (no labels, no expressions) matches every object.
///
/// ```swift
/// let selector = LabelSelector(
///     matchLabels: ["app": "web"],
///     matchExpressions: [
///         .init(key: "tier", operator: .in, values: ["a", "b"]),
///         .init(key: "legacy", operator: .doesNotExist),
///     ])
/// selector.selectorString  // "app=web,!legacy,tier in (a,b)"
/// selector.matches(["app": "web", "tier": "a"])  // true
/// ```
public struct LabelSelector: Codable, Sendable, Hashable {
    /// Labels that must be present with exactly these values.
    public var matchLabels: [String: String]?
    /// Set-based requirements that must all hold.
    public var matchExpressions: [Requirement]?

    /// Creates a selector; with no arguments it matches everything.
    public init(matchLabels: [String: String]? = nil, matchExpressions: [Requirement]? = nil) {
        self.matchLabels = matchLabels
        self.matchExpressions = matchExpressions
    }

    /// One set-based requirement (`metav1.LabelSelectorRequirement`).
    public struct Requirement: Codable, Sendable, Hashable {
        /// The label key the requirement applies to.
        public var key: String?
        /// How the key relates to the values.
        public var `operator`: Operator?
        /// The values for `In` and `NotIn`; empty for `Exists` and `DoesNotExist`.
        public var values: [String]?

        /// Creates a requirement.
        public init(key: String? = nil, operator: Operator? = nil, values: [String]? = nil) {
            self.key = key
            self.operator = `operator`
            self.values = values
        }
    }

    /// A selector operator; unknown operators decode and never match.
    public struct Operator: RawRepresentable, Codable, Sendable, Hashable {
        /// The operator as written on the wire, such as `In`.
        public var rawValue: String

        /// Creates an operator from its wire name.
        public init(rawValue: String) { self.rawValue = rawValue }

        /// The label's value is one of the values.
        public static let `in` = Operator(rawValue: "In")
        /// The label is absent or its value is none of the values.
        public static let notIn = Operator(rawValue: "NotIn")
        /// The label is present.
        public static let exists = Operator(rawValue: "Exists")
        /// The label is absent.
        public static let doesNotExist = Operator(rawValue: "DoesNotExist")
    }

    /// True when the selector has no labels and no expressions, and so matches everything.
    public var isEmpty: Bool {
        (matchLabels?.isEmpty ?? true) && (matchExpressions?.isEmpty ?? true)
    }

    /// Whether a set of labels satisfies every requirement of the selector.
    /// - Parameter labels: An object's labels.
    /// - Returns: True when all `matchLabels` and `matchExpressions` hold; an unknown operator never holds.
    public func matches(_ labels: [String: String]) -> Bool {
        for (key, value) in matchLabels ?? [:] where labels[key] != value {
            return false
        }
        for requirement in matchExpressions ?? [] where !requirement.matches(labels) {
            return false
        }
        return true
    }

    /// The selector in the label-selector query syntax (`app=web,!legacy,tier in (a,b)`), for `labelSelector=`.
    ///
    /// Requirements are sorted by key and set values alphabetically, as Kubernetes renders them, so the string is
    /// stable. An empty selector gives an empty string.
    public var selectorString: String {
        var parts: [(key: String, rank: Int, text: String)] = []
        for (key, value) in matchLabels ?? [:] {
            parts.append((key, 0, "\(key)=\(value)"))
        }
        for (index, requirement) in (matchExpressions ?? []).enumerated() {
            parts.append((requirement.key ?? "", index + 1, requirement.selectorString))
        }
        return parts.sorted { ($0.key, $0.rank) < ($1.key, $1.rank) }.map(\.text).joined(separator: ",")
    }
}

extension LabelSelector.Requirement {
    /// Whether a set of labels satisfies this requirement.
    public func matches(_ labels: [String: String]) -> Bool {
        let value = labels[key ?? ""]
        switch `operator` {
        case .in?: return value.map { (values ?? []).contains($0) } ?? false
        case .notIn?: return value.map { !(values ?? []).contains($0) } ?? true
        case .exists?: return value != nil
        case .doesNotExist?: return value == nil
        default: return false
        }
    }

    /// The requirement in the label-selector query syntax: `tier in (a,b)`, `tier notin (a)`, `tier`, `!tier`.
    public var selectorString: String {
        let key = key ?? ""
        let list = (values ?? []).sorted().joined(separator: ",")
        switch `operator` {
        case .in?: return "\(key) in (\(list))"
        case .notIn?: return "\(key) notin (\(list))"
        case .exists?: return key
        case .doesNotExist?: return "!\(key)"
        default: return "\(key) \(`operator`?.rawValue ?? "") (\(list))"
        }
    }
}
