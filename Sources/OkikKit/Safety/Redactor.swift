import Foundation
import OkikKubeClient

/// Replaces secrets with `[REDACTED:kind]` markers in tool results, audit rows and plans, before any of them can
/// reach a model or be stored.
///
/// It works on JSON trees and on free text:
/// - **Names.** A value under a password-like or secret-like name is always redacted: JSON keys, environment
///   variables (`{"name": "DB_PASS", "value": …}`), HTTP headers, annotation keys, `--token=X` and `--password X`
///   (also as two argv items), and `password=X`, `api_key: X`, `"secret":"X"` pairs in text. Under key-like names
///   (`OPENAI_KEY`, `signingKey`, `salt`) only random-looking values are (``RedactionKind/highEntropy``), so image
///   digests, uids and hashes under ordinary names survive.
/// - **Shapes**, wherever they appear: `Bearer` and `Basic` credentials, the password of `scheme://user:pass@host`,
///   AWS access key ids, GitHub, Slack and vendor API tokens, JWTs, and PEM private keys (also cut short, and spread
///   over several log lines).
/// - **Secrets.** The values of a Secret's `data` and `stringData` never pass; their keys stay visible.
/// - **Embedded JSON** in a string (an annotation such as `last-applied-configuration`, a structured log line) is
///   parsed and redacted as a tree.
///
/// Everything else stays as it was: names, images, exit codes, quantities, reasons and ordinary log lines, so an
/// SRE (or a model) can still diagnose. Redacting is idempotent: markers are never redacted again, so a value can
/// pass several times. The markers are how the audit counts redactions (``RedactionReport/init(markersIn:)``).
///
/// The ``GatedToolExecutor`` redacts every ``ToolOutput`` as soon as a tool returns, before it is audited or
/// returned, and ``ToolOutput/textForModel`` redacts again; the audit stores redact every row
/// (``AuditEntry/redacted(by:)``) and plan (``ActionPlan/redacted(by:)``).
///
/// ```swift
/// var report = RedactionReport()
/// let safe = Redactor.standard.redact(
///     ["env": [["name": "DB_PASS", "value": "hunter2"]], "args": ["--token=abc123", "--port=8080"]], report: &report)
/// // safe: {"args":["--token=[REDACTED:secret-key]","--port=8080"],"env":[{"name":"DB_PASS","value":"[REDACTED:password]"}]}
/// // report.description: "password: 1, secret-key: 1"
/// ```
public struct Redactor: Sendable {
    /// The name of this set of rules, recorded on every audit row (the `redaction` column).
    public static let setName = "redactor-v1"

    /// The redactor with the built-in rules, used by the executor, the tools and the audit stores.
    public static let standard = Redactor()

    /// Extra words that make a name secret-like (lowercase, matched against the words of a name), such as
    /// `"hmac"` or a company prefix; the built-in words always apply.
    public let additionalSecretNames: Set<String>

    /// Creates a redactor.
    /// - Parameter additionalSecretNames: extra words that make a name secret-like (lowercased when stored).
    public init(additionalSecretNames: Set<String> = []) {
        self.additionalSecretNames = Set(additionalSecretNames.map { $0.lowercased() })
    }

    /// The marker that replaces a secret: `[REDACTED:kind]`.
    public static func marker(_ kind: RedactionKind) -> String { kind.marker }

    // MARK: - Text

    /// Redacts secrets in free text (a log line, an event message, a command line).
    ///
    /// Only shapes and `name=value` pairs are recognised here; a value's own name is known only in a JSON tree.
    /// - Parameters:
    ///   - text: the text.
    ///   - report: receives what was redacted.
    /// - Returns: the text with every secret replaced by its marker.
    public func redact(_ text: String, report: inout RedactionReport) -> String {
        redactText(text, report: &report)
    }

    /// Redacts secrets in free text, discarding the counts; see ``redact(_:report:)-(String,_)``.
    public func redact(_ text: String) -> String {
        var report = RedactionReport()
        return redactText(text, report: &report)
    }

    // MARK: - JSON

    /// Redacts secrets in a JSON value: by name, by shape, and Secret data.
    /// - Parameters:
    ///   - value: any JSON value (an object, a tool result, arguments).
    ///   - report: receives what was redacted.
    /// - Returns: the value with every secret replaced by its marker; structure and ordinary values unchanged.
    public func redact(_ value: JSONValue, report: inout RedactionReport) -> JSONValue {
        redactValue(value, sensitivity: .none, depth: 0, report: &report)
    }

    /// Redacts secrets in a JSON value, discarding the counts; see ``redact(_:report:)-(JSONValue,_)``.
    public func redact(_ value: JSONValue) -> JSONValue {
        var report = RedactionReport()
        return redact(value, report: &report)
    }

    // MARK: - Tree walk

    /// Embedded JSON is parsed this many levels deep at most.
    private static let maxEmbeddedDepth = 4

    private func redactValue(
        _ value: JSONValue, sensitivity: NameSensitivity, depth: Int, report: inout RedactionReport
    ) -> JSONValue {
        switch value {
        case .string(let text):
            return .string(redactString(text, sensitivity: sensitivity, depth: depth, report: &report))
        case .int, .double:
            guard let kind = Self.alwaysRedactedKind(sensitivity) else { return value }
            report.record(kind)
            return .string(kind.marker)
        case .array(let items):
            return .array(redactArray(items, sensitivity: sensitivity, depth: depth, report: &report))
        case .object(let members):
            return redactObject(members, depth: depth, report: &report)
        case .null, .bool:
            return value
        }
    }

    /// The kind for a name whose values are always redacted.
    private static func alwaysRedactedKind(_ sensitivity: NameSensitivity) -> RedactionKind? {
        switch sensitivity {
        case .password: .password
        case .secret: .secretKey
        case .none, .keyLike: nil
        }
    }

    private func redactString(
        _ text: String, sensitivity: NameSensitivity, depth: Int, report: inout RedactionReport
    ) -> String {
        guard !text.isEmpty, !Self.isMarker(text) else { return text }
        if sensitivity != .none {
            // A recognised shape names the secret better (`Bearer [REDACTED:bearer]` keeps its scheme); otherwise a
            // value under a secret name goes whole, and one under a key-like name when it looks random.
            var shapes = RedactionReport()
            let shaped = redactText(text, report: &shapes)
            if !shapes.isEmpty, Self.isOnlySchemeAndMarkers(shaped) {
                report.merge(shapes)
                return shaped
            }
            if let kind = Self.alwaysRedactedKind(sensitivity) {
                report.record(kind)
                return kind.marker
            }
            if Self.isHighEntropy(text) {
                report.record(.highEntropy)
                return RedactionKind.highEntropy.marker
            }
        }
        if depth < Self.maxEmbeddedDepth, let embedded = Self.embeddedJSON(text) {
            var inner = RedactionReport()
            let redacted = redactValue(embedded, sensitivity: .none, depth: depth + 1, report: &inner)
            guard !inner.isEmpty else { return text }
            report.merge(inner)
            return redacted.jsonString()
        }
        return redactText(text, report: &report)
    }

    private func redactObject(
        _ members: [String: JSONValue], depth: Int, report: inout RedactionReport
    ) -> JSONValue {
        var members = members
        if Self.isSecretObject(members) {
            Self.redactSecretData(&members, report: &report)
        } else if members["kind"]?.stringValue == "SecretList", let items = members["items"]?.arrayValue {
            members["items"] = .array(items.map { item in
                guard var secret = item.objectValue else { return item }
                Self.redactSecretData(&secret, report: &report)
                return .object(secret)
            })
        }
        // `{"name": "DB_PASS", "value": …}` (env vars, HTTP headers) and `{"key": …, "value": …}` pairs.
        var valueSensitivity = NameSensitivity.none
        if members["value"] != nil, let name = members["name"]?.stringValue ?? members["key"]?.stringValue {
            valueSensitivity = sensitivity(ofName: name)
        }
        var result: [String: JSONValue] = [:]
        result.reserveCapacity(members.count)
        for (key, member) in members {
            var memberSensitivity = sensitivity(ofName: key)
            if key == "value", valueSensitivity != .none { memberSensitivity = valueSensitivity }
            result[key] = redactValue(member, sensitivity: memberSensitivity, depth: depth, report: &report)
        }
        return .object(result)
    }

    /// Items of an array: argv pairs (`"--password", "X"`) and PEM keys spread over several items (log lines) are
    /// handled across items; a key spread over lines becomes one marker line.
    private func redactArray(
        _ items: [JSONValue], sensitivity: NameSensitivity, depth: Int, report: inout RedactionReport
    ) -> [JSONValue] {
        var result: [JSONValue] = []
        result.reserveCapacity(items.count)
        var insidePrivateKey = false
        var pendingFlag: NameSensitivity?
        for item in items {
            guard case .string(let text) = item else {
                pendingFlag = nil
                result.append(redactValue(item, sensitivity: sensitivity, depth: depth, report: &report))
                continue
            }
            if insidePrivateKey {
                // The body and END line of a key whose BEGIN line was already replaced by a marker.
                if text.contains("-----END"), text.contains("PRIVATE KEY") { insidePrivateKey = false }
                continue
            }
            if let flag = pendingFlag, let kind = Self.alwaysRedactedKind(flag) {
                pendingFlag = nil
                if !text.hasPrefix("-"), !text.isEmpty, !Self.isMarker(text) {
                    report.record(kind)
                    result.append(.string(kind.marker))
                    continue
                }
            }
            pendingFlag = nil
            if Self.isBareFlag(text) {
                let flagSensitivity = self.sensitivity(ofName: text)
                if Self.alwaysRedactedKind(flagSensitivity) != nil { pendingFlag = flagSensitivity }
            }
            if text.contains("-----END"), text.contains("PRIVATE KEY"), !text.contains("-----BEGIN") {
                // The END of a key whose BEGIN is not in view: drop the base64 lines before it.
                while let last = result.last?.stringValue, Self.isBase64Line(last) { result.removeLast() }
                report.record(.privateKey)
                result.append(.string(RedactionKind.privateKey.marker))
                continue
            }
            if text.contains("-----BEGIN"), text.contains("PRIVATE KEY"), !text.contains("-----END") {
                insidePrivateKey = true
            }
            result.append(.string(redactString(text, sensitivity: sensitivity, depth: depth, report: &report)))
        }
        return result
    }

    // MARK: - Secrets

    /// A Secret, or an object shaped like one (metadata, a `type` and `data` or `stringData`, as list items are).
    private static func isSecretObject(_ members: [String: JSONValue]) -> Bool {
        if members["kind"]?.stringValue == "Secret" { return true }
        guard members["metadata"]?.objectValue != nil, members["type"]?.stringValue != nil else { return false }
        return members["data"]?.objectValue != nil || members["stringData"]?.objectValue != nil
    }

    private static func redactSecretData(_ members: inout [String: JSONValue], report: inout RedactionReport) {
        for key in ["data", "stringData"] {
            guard let value = members[key], value != .null else { continue }
            if let data = value.objectValue {
                members[key] = .object(data.mapValues { member in
                    if member == .null || member.stringValue.map(isMarker) == true { return member }
                    report.record(.secretData)
                    return .string(RedactionKind.secretData.marker)
                })
            } else if value.stringValue.map(isMarker) != true {
                report.record(.secretData)
                members[key] = .string(RedactionKind.secretData.marker)
            }
        }
    }

    // MARK: - Helpers

    /// True for a string that is exactly one marker.
    static func isMarker(_ text: String) -> Bool {
        text.hasPrefix("[REDACTED:") && text.hasSuffix("]") && RedactionKind(rawValue: String(text.dropFirst(10).dropLast())) != nil
    }

    /// `--password` or `-token`, alone in an argv item.
    private static func isBareFlag(_ text: String) -> Bool {
        guard text.hasPrefix("-"), text.utf8.count <= 64 else { return false }
        let name = text.drop { $0 == "-" }
        guard let first = name.first, first.isASCII, first.isLetter else { return false }
        return name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == ".") }
    }

    /// A line of a PEM body.
    private static func isBase64Line(_ text: String) -> Bool {
        text.utf8.count >= 16 && text.utf8.allSatisfy { byte in
            (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122) || (byte >= 48 && byte <= 57) || byte == 43
                || byte == 47 || byte == 61
        }
    }

    /// What remains after `Bearer [REDACTED:bearer]` loses its markers and scheme words is punctuation at most.
    private static func isOnlySchemeAndMarkers(_ text: String) -> Bool {
        var rest = text
        for kind in RedactionKind.allCases { rest = rest.replacingOccurrences(of: kind.marker, with: " ") }
        let words = rest.split { !($0.isLetter || $0.isNumber) }.map { $0.lowercased() }
        return words.allSatisfy { ["bearer", "basic", "token", "digest"].contains($0) }
    }

    /// A random-looking value: at least 16 characters, no spaces, two of lower/upper/digit, and at least 3 bits of
    /// entropy per character.
    static func isHighEntropy(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count >= 16 else { return false }
        var counts = [Int](repeating: 0, count: 256)
        var lower = false
        var upper = false
        var digit = false
        for byte in bytes {
            if byte <= 32 { return false }
            counts[Int(byte)] += 1
            switch byte {
            case 97...122: lower = true
            case 65...90: upper = true
            case 48...57: digit = true
            default: break
            }
        }
        guard [lower, upper, digit].filter({ $0 }).count >= 2 else { return false }
        let length = Double(bytes.count)
        let entropy = counts.reduce(0.0) { sum, count in
            guard count > 0 else { return sum }
            let p = Double(count) / length
            return sum - p * log2(p)
        }
        return entropy >= 3.0
    }

    /// The JSON inside a string that is a JSON object or array, else nil.
    private static func embeddedJSON(_ text: String) -> JSONValue? {
        let utf8 = text.utf8
        guard utf8.count >= 2, let first = utf8.first(where: { $0 > 32 }), let last = utf8.last(where: { $0 > 32 }),
            (first == UInt8(ascii: "{") && last == UInt8(ascii: "}")) || (first == UInt8(ascii: "[") && last == UInt8(ascii: "]"))
        else { return nil }
        guard let value = try? JSONValue.parse(Data(utf8)) else { return nil }
        switch value {
        case .object, .array: return value
        default: return nil
        }
    }
}
