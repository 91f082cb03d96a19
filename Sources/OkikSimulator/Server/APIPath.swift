import Foundation
/// A request path of the resource API, parsed: `/apis/apps/v1/namespaces/shop/deployments/web/scale`.
struct APIPath: Sendable, Hashable {
    var group: String
    var version: String
    var namespace: String?
    var plural: String
    var name: String?
    var subresource: String?

    var apiVersion: String { group.isEmpty ? version : "\(group)/\(version)" }

    /// Parses a resource path; nil when it is not one (discovery paths, unknown prefixes).
    static func parse(_ path: String, registry: ResourceRegistry) -> APIPath? {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true).map { String($0).removingPercentEncoding ?? String($0) }
        var group = ""
        var version = ""
        var rest: ArraySlice<String>
        if segments.first == "api", segments.count >= 3 {
            version = segments[1]
            rest = segments[2...]
        } else if segments.first == "apis", segments.count >= 4 {
            group = segments[1]
            version = segments[2]
            rest = segments[3...]
        } else {
            return nil
        }
        let apiVersion = group.isEmpty ? version : "\(group)/\(version)"
        var namespace: String?
        if rest.first == "namespaces", rest.count >= 3,
            registry.definition(apiVersion: apiVersion, plural: rest[rest.startIndex + 2]) != nil
        {
            namespace = rest[rest.startIndex + 1]
            rest = rest.dropFirst(2)
        }
        guard let plural = rest.first else { return nil }
        rest = rest.dropFirst()
        let name = rest.first
        rest = rest.dropFirst()
        let subresource = rest.first
        guard rest.count <= 1 else { return nil }
        return APIPath(group: group, version: version, namespace: namespace, plural: plural, name: name, subresource: subresource)
    }
}
