import OkikKubeClient

/// The minimal validation the simulated API server performs, with the real `Invalid` causes and messages.
enum Validation {
    static func validate(_ json: JSONValue, definition: ResourceDefinition, name: String) throws {
        var causes: [StatusCause] = []
        func fail(_ field: String, _ reason: String, _ message: String) {
            causes.append(StatusCause(reason: reason, message: message, field: field))
        }
        if name.isEmpty {
            fail("metadata.name", "FieldValueRequired", "Required value: name or generateName is required")
        } else if let problem = nameProblem(name, definition: definition) {
            fail("metadata.name", "FieldValueInvalid", "Invalid value: \"\(name)\": \(problem)")
        }
        for (key, value) in json.value(at: ["metadata", "labels"])?.objectValue ?? [:] {
            guard let text = value.stringValue else {
                fail("metadata.labels", "FieldValueInvalid", "Invalid value: label \"\(key)\" must be a string")
                continue
            }
            if text.utf8.count > 63 || !(text.isEmpty || isLabelValue(text)) {
                fail(
                    "metadata.labels", "FieldValueInvalid",
                    "Invalid value: \"\(text)\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character")
            }
        }
        switch (definition.group, definition.kind) {
        case ("apps", "Deployment"), ("apps", "ReplicaSet"), ("apps", "StatefulSet"), ("apps", "DaemonSet"):
            guard let selector = json.value(at: ["spec", "selector"]), selector != .null else {
                fail("spec.selector", "FieldValueRequired", "Required value")
                break
            }
            if let replicas = json.value(at: ["spec", "replicas"])?.intValue, replicas < 0 {
                fail("spec.replicas", "FieldValueInvalid", "Invalid value: \(replicas): must be greater than or equal to 0")
            }
            let matchLabels = selector["matchLabels"]?.objectValue ?? [:]
            let templateLabels = json.value(at: ["spec", "template", "metadata", "labels"])?.objectValue ?? [:]
            if matchLabels.isEmpty && (selector["matchExpressions"]?.arrayValue ?? []).isEmpty {
                fail("spec.selector", "FieldValueInvalid", "Invalid value: {}: empty selector is invalid for deployment")
            }
            for (key, value) in matchLabels where templateLabels[key] != value {
                fail(
                    "spec.template.metadata.labels", "FieldValueInvalid",
                    "Invalid value: \(templateLabels.mapValues { $0.stringValue ?? "" }): `selector` does not match template `labels`")
                break
            }
            validateContainers(json.value(at: ["spec", "template", "spec", "containers"]), "spec.template.spec.containers", fail)
        case ("", "Pod"):
            validateContainers(json.value(at: ["spec", "containers"]), "spec.containers", fail)
        case ("batch", "Job"):
            validateContainers(json.value(at: ["spec", "template", "spec", "containers"]), "spec.template.spec.containers", fail)
        case ("batch", "CronJob"):
            if json.value(at: ["spec", "schedule"])?.stringValue?.isEmpty ?? true {
                fail("spec.schedule", "FieldValueRequired", "Required value")
            }
        case ("autoscaling", "HorizontalPodAutoscaler"):
            let max = json.value(at: ["spec", "maxReplicas"])?.intValue ?? 0
            if max < 1 { fail("spec.maxReplicas", "FieldValueInvalid", "Invalid value: \(max): must be greater than or equal to 1") }
            if let min = json.value(at: ["spec", "minReplicas"])?.intValue, min > max {
                fail("spec.minReplicas", "FieldValueInvalid", "Invalid value: \(min): must be less than or equal to maxReplicas")
            }
            if json.value(at: ["spec", "scaleTargetRef", "name"])?.stringValue?.isEmpty ?? true {
                fail("spec.scaleTargetRef.name", "FieldValueRequired", "Required value")
            }
        default:
            break
        }
        if !causes.isEmpty { throw APIError.invalid(definition, name, causes: causes) }
    }

    private static func validateContainers(
        _ containers: JSONValue?, _ path: String, _ fail: (String, String, String) -> Void
    ) {
        guard let list = containers?.arrayValue, !list.isEmpty else {
            fail(path, "FieldValueRequired", "Required value")
            return
        }
        var names = Set<String>()
        for (index, container) in list.enumerated() {
            let name = container["name"]?.stringValue ?? ""
            if name.isEmpty {
                fail("\(path)[\(index)].name", "FieldValueRequired", "Required value")
            } else if !names.insert(name).inserted {
                fail("\(path)[\(index)].name", "FieldValueDuplicate", "Duplicate value: \"\(name)\"")
            }
            if container["image"]?.stringValue?.isEmpty ?? true {
                fail("\(path)[\(index)].image", "FieldValueRequired", "Required value")
            }
        }
    }

    /// Why a name is not valid for the kind, or nil. Namespaces and Services need DNS-1123 labels; others subdomains.
    static func nameProblem(_ name: String, definition: ResourceDefinition) -> String? {
        let labelOnly = (definition.group.isEmpty && ["Namespace", "Service"].contains(definition.kind))
        if labelOnly {
            if name.utf8.count > 63 { return "must be no more than 63 characters" }
            if !isDNSLabel(name) {
                return "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
            }
            return nil
        }
        if definition.group == "rbac.authorization.k8s.io" {
            return name.contains("/") || name.contains("%") || name == "." || name == ".." ? "may not contain '/' or '%'" : nil
        }
        if name.utf8.count > 253 { return "must be no more than 253 characters" }
        if !name.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false).allSatisfy(isDNSLabel) {
            return "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
        }
        return nil
    }

    // Lengths and characters are checked on UTF-8 bytes, as the API server (Go) does: faster than Characters, and
    // any non-ASCII byte fails anyway.

    static func isDNSLabel(_ text: String) -> Bool {
        isDNSLabel(text.utf8[...])
    }

    static func isDNSLabel(_ bytes: Substring.UTF8View) -> Bool {
        func alphanumeric(_ byte: UInt8) -> Bool {
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        }
        guard let first = bytes.first, let last = bytes.last, bytes.count <= 63 else { return false }
        return alphanumeric(first) && alphanumeric(last) && bytes.allSatisfy { alphanumeric($0) || $0 == UInt8(ascii: "-") }
    }

    static func isLabelValue(_ text: String) -> Bool {
        func alphanumeric(_ byte: UInt8) -> Bool {
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        }
        let bytes = text.utf8
        guard let first = bytes.first, let last = bytes.last else { return true }
        return alphanumeric(first) && alphanumeric(last)
            && bytes.allSatisfy {
                alphanumeric($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".")
            }
    }
}
