import Foundation
import OkikYAML

extension WebhookTarget {
    /// Reads the targets file (JSON or YAML, usually mounted from a Secret):
    ///
    /// ```yaml
    /// targets:
    ///   - name: ops-slack
    ///     url: https://hooks.slack.com/services/T000/B000/XXXX
    ///     format: slack
    ///     events: [planWaiting, quarantine, emergencyStopEngaged]
    ///   - name: pager
    ///     url: https://events.example.com/okik
    /// ```
    /// - Throws: ``WebhookConfigurationError`` naming the file and the entry at fault.
    public static func load(from path: String) throws -> [WebhookTarget] {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw WebhookConfigurationError("\(path): cannot be read (\(error.localizedDescription))")
        }
        do {
            return try parse(text)
        } catch let error as WebhookConfigurationError {
            throw WebhookConfigurationError("\(path): \(error.message)")
        }
    }

    /// Parses a targets document (see ``load(from:)``); a bare list of targets is accepted too.
    /// - Throws: ``WebhookConfigurationError`` naming the entry at fault: a missing or duplicate name, a URL that is
    ///   not http(s), an unknown format or event, or an unknown member.
    public static func parse(_ text: String) throws -> [WebhookTarget] {
        let document: Any?
        do {
            document = try SafeYAML.load(text)
        } catch {
            throw WebhookConfigurationError("not valid JSON or YAML (\(error))")
        }
        let items: [Any]
        if let list = document as? [Any] {
            items = list
        } else if let object = document as? [String: Any] {
            if let unknown = object.keys.sorted().first(where: { $0 != "targets" }) {
                throw WebhookConfigurationError("unknown member \"\(unknown)\" (allowed: targets)")
            }
            guard let list = object["targets"] as? [Any] else {
                throw WebhookConfigurationError("\"targets\" must be a list of targets")
            }
            items = list
        } else if document == nil {
            return []
        } else {
            throw WebhookConfigurationError("expected {\"targets\": [...]} or a list of targets")
        }
        var targets: [WebhookTarget] = []
        for (index, item) in items.enumerated() {
            let target = try entry(item, at: index)
            if targets.contains(where: { $0.name == target.name }) {
                throw WebhookConfigurationError("target \(index + 1) (\(target.name)): the name is used twice")
            }
            targets.append(target)
        }
        return targets
    }

    private static let members: Set<String> = ["name", "url", "format", "events"]

    private static func entry(_ item: Any, at index: Int) throws -> WebhookTarget {
        let label = "target \(index + 1)"
        guard let object = item as? [String: Any] else {
            throw WebhookConfigurationError("\(label): must be an object with name, url, format, events")
        }
        guard let name = (object["name"] as? String)?.trimmingCharacters(in: .whitespaces), !name.isEmpty else {
            throw WebhookConfigurationError("\(label): \"name\" is required")
        }
        let named = "\(label) (\(name))"
        if let unknown = object.keys.sorted().first(where: { !members.contains($0) }) {
            throw WebhookConfigurationError("\(named): unknown member \"\(unknown)\" (allowed: events, format, name, url)")
        }
        // The URL is a secret: errors never quote it.
        guard let text = object["url"] as? String, let url = URL(string: text.trimmingCharacters(in: .whitespaces)),
            let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https", url.host?.isEmpty == false
        else {
            throw WebhookConfigurationError("\(named): \"url\" must be an http or https URL with a host")
        }
        var format = Format.generic
        if let value = object["format"] {
            guard let text = value as? String, let parsed = Format(rawValue: text.lowercased()) else {
                throw WebhookConfigurationError("\(named): \"format\" must be generic or slack")
            }
            format = parsed
        }
        var events: Set<NotificationEvent.Kind>?
        if let value = object["events"] {
            guard let list = value as? [Any] else {
                throw WebhookConfigurationError("\(named): \"events\" must be a list of event names")
            }
            var kinds = Set<NotificationEvent.Kind>()
            for element in list {
                guard let text = element as? String, let kind = NotificationEvent.Kind(rawValue: text) else {
                    let known = NotificationEvent.Kind.allCases.map(\.rawValue).joined(separator: ", ")
                    throw WebhookConfigurationError("\(named): unknown event \"\(element)\" (one of \(known))")
                }
                kinds.insert(kind)
            }
            events = kinds
        }
        return WebhookTarget(name: name, url: url, format: format, events: events)
    }
}
