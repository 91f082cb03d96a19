import Foundation
import OkikKubeClient

/// `POST /apis/authorization.k8s.io/v1/subjectaccessreviews`: whether a user (a service account, say) may make a
/// request, answered by the ``RBACAuthorizer`` over the store's RBAC objects, as the API server answers it from its
/// authorizers. For any user named in the review, whatever ``AuthenticationConfiguration/rbacUsers`` says.
enum SubjectAccessReviews {
    static let path = "/apis/authorization.k8s.io/v1/subjectaccessreviews"

    /// The review with its `status` filled in.
    /// - Throws: ``APIError`` 400 for a body that is not a SubjectAccessReview with a user and resource attributes.
    static func review(_ body: [UInt8], store: ObjectStore, registry: ResourceRegistry) async throws -> JSONValue {
        guard var review = try? JSONValue.parse(Data(body)), review["kind"]?.stringValue == "SubjectAccessReview" else {
            throw APIError.badRequest("the body must be an authorization.k8s.io/v1 SubjectAccessReview")
        }
        guard let user = review.value(at: ["spec", "user"])?.stringValue, !user.isEmpty else {
            throw APIError.badRequest("spec.user: Required value: at least one of user or group must be specified")
        }
        guard let attributes = review.value(at: ["spec", "resourceAttributes"]) else {
            throw APIError.badRequest(
                "spec.resourceAttributes: Required value: exactly one of nonResourceAttributes or resourceAttributes must be specified")
        }
        func text(_ key: String) -> String? {
            attributes[key]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        }
        let allowed = await RBACAuthorizer(store: store, registry: registry).allows(
            RBACAuthorizer.Attributes(
                user: user, verb: text("verb") ?? "", group: text("group") ?? "", resource: text("resource") ?? "",
                subresource: text("subresource"), namespace: text("namespace"), name: text("name")))
        review["status"] = allowed ? ["allowed": true, "reason": "RBAC: allowed by a bound role"] : ["allowed": false]
        review["metadata"] = review["metadata"] ?? [:]
        return review
    }
}
