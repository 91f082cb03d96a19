/// A kubeconfig that cannot be used, with the file, context and field at fault.
public struct KubeConfigError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Code: String, Sendable, Hashable {
        case fileUnreadable, malformed, noConfiguration, contextNotFound, clusterNotFound, userNotFound
        case missingField, invalidField, fileReferenceUnreadable, conflictingAuth, inClusterUnavailable
    }

    private let code: Code
    /// The file (or "in-cluster", "KUBECONFIG") concerned, if known.
    public let file: String?
    /// The context concerned, if known.
    public let context: String?
    /// The field path concerned, such as `users[eks].exec.apiVersion`.
    public let field: String?
    /// What is wrong, in words a person can act on.
    public let message: String

    private init(_ code: Code, file: String?, context: String? = nil, field: String? = nil, message: String) {
        self.code = code
        self.file = file
        self.context = context
        self.field = field
        self.message = message
    }

    /// A stable short name of the error kind, for metrics labels and tests.
    public var shortDescription: String { code.rawValue }

    public var description: String {
        var parts: [String] = []
        if let file { parts.append(file) }
        if let context { parts.append("context \"\(context)\"") }
        if let field { parts.append(field) }
        return (parts.isEmpty ? "" : parts.joined(separator: ": ") + ": ") + message
    }

    /// The file could not be read.
    public static func fileUnreadable(_ file: String, reason: String) -> KubeConfigError {
        KubeConfigError(.fileUnreadable, file: file, message: "cannot read kubeconfig: \(reason)")
    }

    /// The file is not valid YAML or not a kubeconfig.
    public static func malformed(_ file: String, field: String? = nil, reason: String) -> KubeConfigError {
        KubeConfigError(.malformed, file: file, field: field, message: reason)
    }

    /// No kubeconfig file and no in-cluster service account were found.
    public static func noConfiguration(searched: [String]) -> KubeConfigError {
        KubeConfigError(
            .noConfiguration, file: nil,
            message: "no Kubernetes configuration found (looked at: \(searched.joined(separator: ", ")))")
    }

    /// The requested context does not exist.
    public static func contextNotFound(_ name: String, file: String?, available: [String]) -> KubeConfigError {
        let list = available.isEmpty ? "none defined" : "available: \(available.joined(separator: ", "))"
        return KubeConfigError(.contextNotFound, file: file, context: name, message: "context not found (\(list))")
    }

    /// No context was asked for and the file sets no `current-context`.
    public static func noCurrentContext(file: String?, available: [String]) -> KubeConfigError {
        let list = available.isEmpty ? "none defined" : "available: \(available.joined(separator: ", "))"
        return KubeConfigError(
            .contextNotFound, file: file, field: "current-context",
            message: "current-context is not set; choose a context (\(list))")
    }

    /// The context names a cluster that does not exist.
    public static func clusterNotFound(_ name: String, context: String, file: String?) -> KubeConfigError {
        KubeConfigError(
            .clusterNotFound, file: file, context: context, field: "context.cluster",
            message: "cluster \"\(name)\" not found")
    }

    /// The context names a user that does not exist.
    public static func userNotFound(_ name: String, context: String, file: String?) -> KubeConfigError {
        KubeConfigError(
            .userNotFound, file: file, context: context, field: "context.user", message: "user \"\(name)\" not found")
    }

    /// A required field is missing.
    public static func missingField(_ field: String, file: String?, context: String? = nil) -> KubeConfigError {
        KubeConfigError(.missingField, file: file, context: context, field: field, message: "required field is missing")
    }

    /// A field has a value that cannot be used.
    public static func invalidField(_ field: String, file: String?, context: String? = nil, reason: String)
        -> KubeConfigError
    {
        KubeConfigError(.invalidField, file: file, context: context, field: field, message: reason)
    }

    /// A file named inside the kubeconfig (CA, certificate, key, token) cannot be read.
    public static func fileReferenceUnreadable(
        _ path: String, field: String, file: String?, context: String?, reason: String
    ) -> KubeConfigError {
        KubeConfigError(
            .fileReferenceUnreadable, file: file, context: context, field: field,
            message: "cannot read \(path): \(reason)")
    }

    /// The user sets two authentication methods that cannot be combined.
    public static func conflictingAuth(_ methods: [String], file: String?, context: String?) -> KubeConfigError {
        KubeConfigError(
            .conflictingAuth, file: file, context: context, field: "user",
            message: "more than one authentication method set: \(methods.joined(separator: " and "))")
    }

    /// The in-cluster service account is not available.
    public static func inClusterUnavailable(_ reason: String) -> KubeConfigError {
        KubeConfigError(.inClusterUnavailable, file: "in-cluster", message: reason)
    }
}
