import Foundation
import OkikKubeClient

/// Removes secret values from JSON before it is returned to a model or written to the audit store.
///
/// Redacts `data`/`stringData` of any object whose `kind` is `Secret` (and of items of a `SecretList`), the value of
/// any member whose key looks like a credential (`password`, `token`, `apiKey`, ...), and `value` of environment
/// variables whose name looks like one.
public enum SecretScrubber {
    /// The placeholder written instead of a secret value.
    public static let placeholder = "<redacted>"

    /// The value with every secret value replaced by ``placeholder``.
    public static func scrub(_ value: OkikKubeClient.JSONValue) -> OkikKubeClient.JSONValue {
        switch value {
        case .array(let items):
            return .array(items.map(scrub))
        case .object(var members):
            let kind = members["kind"]?.stringValue
            if kind == "Secret" {
                for key in ["data", "stringData"] {
                    if let data = members[key]?.objectValue {
                        members[key] = .object(data.mapValues { _ in .string(placeholder) })
                    } else if members[key] != nil {
                        members[key] = .string(placeholder)
                    }
                }
            }
            if let name = members["name"]?.stringValue, members["value"]?.stringValue != nil, isSensitive(name) {
                members["value"] = .string(placeholder)
            }
            var result: [String: OkikKubeClient.JSONValue] = [:]
            for (key, member) in members {
                if isSensitive(key), member.stringValue != nil {
                    result[key] = .string(placeholder)
                } else {
                    result[key] = scrub(member)
                }
            }
            return .object(result)
        default:
            return value
        }
    }

    /// True for keys that name credentials: password, passwd, secret, token, apikey, api_key, credential, private_key.
    public static func isSensitive(_ key: String) -> Bool {
        let lowered = key.lowercased().replacingOccurrences(of: "-", with: "_")
        if ["secretname", "secret_name", "secretref", "secretkeyref", "serviceaccountname", "tokenfile"].contains(lowered) {
            return false
        }
        return ["password", "passwd", "secret", "token", "apikey", "api_key", "credential", "private_key", "privatekey"]
            .contains { lowered.contains($0) }
    }
}
