import Foundation

extension Redactor {
    /// A compiled built-in pattern.
    ///
    /// `NSRegularExpression` is immutable once created and documented as safe to use from several threads at once,
    /// which is what `@unchecked Sendable` asserts here; the patterns are constants.
    struct Pattern: @unchecked Sendable {
        let regex: NSRegularExpression

        init(_ pattern: String) {
            do {
                regex = try NSRegularExpression(pattern: pattern)
            } catch {
                preconditionFailure("invalid built-in redaction pattern \(pattern): \(error)")
            }
        }

        /// One match: the text and its groups.
        struct Match {
            let text: String
            let whole: Range<String.Index>
            let groups: [Range<String.Index>?]

            /// The text of group `index`, or nil when it did not take part.
            subscript(index: Int) -> Substring? { groups[index].map { text[$0] } }

            /// The text from the start of the match to the start of group `index`.
            func prefix(upTo index: Int) -> Substring {
                guard let group = groups[index] else { return text[whole] }
                return text[whole.lowerBound..<group.lowerBound]
            }

            /// What a replacement replaces: the match and any group captured past it by a lookahead.
            var extent: Range<String.Index> {
                let end = groups.compactMap { $0?.upperBound }.max().map { Swift.max($0, whole.upperBound) } ?? whole.upperBound
                return whole.lowerBound..<end
            }
        }

        /// The text with each match's ``Match/extent`` replaced by what `transform` returns (nil keeps it), in one
        /// pass. Matches that start inside text already replaced are skipped.
        ///
        /// Patterns that capture a value in a lookahead (`token=` followed by its value) consume only the name, so a
        /// rejected `msg: token=X` does not hide the pair `token=X` inside it.
        func replacing(in text: String, _ transform: (Match) -> String?) -> String {
            let matches = regex.matches(in: text, range: NSRange(text.startIndex..<text.endIndex, in: text))
            guard !matches.isEmpty else { return text }
            var result = ""
            var copied = text.startIndex
            for match in matches {
                guard let whole = Range(match.range, in: text), whole.lowerBound >= copied else { continue }
                let groups = (0..<match.numberOfRanges).map { index -> Range<String.Index>? in
                    let range = match.range(at: index)
                    return range.location == NSNotFound ? nil : Range(range, in: text)
                }
                let found = Match(text: text, whole: whole, groups: groups)
                guard let replacement = transform(found) else { continue }
                if result.isEmpty { result.reserveCapacity(text.utf8.count) }
                result += text[copied..<whole.lowerBound]
                result += replacement
                copied = found.extent.upperBound
            }
            guard copied > text.startIndex else { return text }
            result += text[copied...]
            return result
        }
    }

    /// PEM private keys; a block cut short (no END) runs to the end of the text.
    static let privateKeyPattern = Pattern(
        #"-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----(?s:.*?-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|.*)"#)
    /// `scheme://user:password@`; the password may contain `@` (the last one before the host counts).
    static let urlCredentialsPattern = Pattern(
        #"(?<![A-Za-z0-9+.\-])([A-Za-z][A-Za-z0-9+.\-]*://)([^\s/?#@:'"]*):([^\s/?#'"]+)@"#)
    /// `Bearer <token>`.
    static let bearerPattern = Pattern(#"(?i)\b(bearer)([ \t]+)([A-Za-z0-9\-._~+/]+=*)"#)
    /// `Basic <base64 of user:password>`.
    static let basicPattern = Pattern(#"(?i)\b(basic)([ \t]+)([A-Za-z0-9+/]{4,}={0,2})(?![A-Za-z0-9+/=])"#)
    /// Tokens recognisable by shape: 1 JWT, 2 AWS access key id, 3 GitHub, 4 Slack, 5 vendor API keys.
    static let shapesPattern = Pattern(
        #"(?<![A-Za-z0-9_\-])(?:"#
            + #"(eyJ[A-Za-z0-9_\-]{8,}\.eyJ[A-Za-z0-9_\-]*(?:\.[A-Za-z0-9_\-]*)?)"#
            + #"|((?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|AROA|APKA|ASCA)[A-Z0-9]{16})"#
            + #"|(gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{22,})"#
            + #"|(xox[abposre]-[A-Za-z0-9\-]{10,}|https://hooks\.slack\.com/services/[A-Za-z0-9/_\-]+)"#
            + #"|(sk-(?:proj-|ant-)?[A-Za-z0-9_\-]{20,}|AIza[0-9A-Za-z_\-]{35}|[sr]k_(?:live|test)_[0-9A-Za-z]{16,}"#
            + #"|glpat-[0-9A-Za-z_\-]{20,}|npm_[A-Za-z0-9]{36})"#
            + #")(?![A-Za-z0-9_])"#)
    /// The kinds of the groups of ``shapesPattern``, in order.
    static let shapeKinds: [RedactionKind] = [.jwt, .awsAccessKey, .githubToken, .slackToken, .apiKey]
    /// `name=value`, `name: value`, `"name":"value"`, `--name=value`; 1 quote, 2 name, 3 separator, 4 scheme, 5 value.
    /// The value is captured in a lookahead, so a match consumes only the name and separator.
    static let pairPattern = Pattern(
        #"(?<![A-Za-z0-9_./\-])(["']?)(-{0,2}[A-Za-z_][A-Za-z0-9_.\-]*)\1([ \t]*=|:)(?=[ \t]*"#
            + #"((?i:bearer|basic|token)[ \t]+)?"#
            + #"("[^"\n]*"|'[^'\n]*'|\[REDACTED:[a-z\-]+\]|[^\s"'&,;<>()\[\]{}]+))"#)
    /// `--password value` in one string; 1 flag, 2 value (captured in a lookahead).
    static let flagPattern = Pattern(
        #"(?<![A-Za-z0-9_\-])(--?[A-Za-z][A-Za-z0-9_\-]*)(?=[ \t]+("[^"\n]*"|'[^'\n]*'|[^\s"'\-][^\s"']*))"#)

    /// Applies the text rules in order: private keys, URL credentials, Bearer, Basic, shapes, `name=value` pairs,
    /// `--flag value`. Each rule skips markers left by an earlier one, so every secret is counted once.
    func redactText(_ input: String, report: inout RedactionReport) -> String {
        guard input.utf8.count >= 4 else { return input }
        var text = input
        if text.contains("PRIVATE KEY") {
            text = Self.privateKeyPattern.replacing(in: text) { _ in
                report.record(.privateKey)
                return RedactionKind.privateKey.marker
            }
        }
        if text.contains("://") {
            text = Self.urlCredentialsPattern.replacing(in: text) { match in
                guard let scheme = match[1], let user = match[2], let password = match[3], !password.hasPrefix("[REDACTED:")
                else { return nil }
                report.record(.urlCredentials)
                return "\(scheme)\(user):\(RedactionKind.urlCredentials.marker)@"
            }
        }
        if text.range(of: "bearer", options: .caseInsensitive) != nil {
            text = Self.bearerPattern.replacing(in: text) { match in
                guard let token = match[3], Self.looksLikeToken(token) else { return nil }
                report.record(.bearer)
                return "\(match.prefix(upTo: 3))\(RedactionKind.bearer.marker)"
            }
        }
        if text.range(of: "basic", options: .caseInsensitive) != nil {
            text = Self.basicPattern.replacing(in: text) { match in
                guard let credential = match[3], Self.isBasicCredential(credential) else { return nil }
                report.record(.basicAuth)
                return "\(match.prefix(upTo: 3))\(RedactionKind.basicAuth.marker)"
            }
        }
        if text.utf8.count >= 15 {
            text = Self.shapesPattern.replacing(in: text) { match in
                guard let index = (1...Self.shapeKinds.count).first(where: { match.groups[$0] != nil }) else { return nil }
                let kind = Self.shapeKinds[index - 1]
                report.record(kind)
                return kind.marker
            }
        }
        if text.contains("=") || text.contains(":") {
            text = Self.pairPattern.replacing(in: text) { match in
                guard let name = match[2], let quotedValue = match[5] else { return nil }
                let value = Self.unquoted(quotedValue)
                guard !value.isEmpty, !value.hasPrefix("[REDACTED:") else { return nil }
                let kind: RedactionKind
                switch sensitivity(ofName: String(name)) {
                case .password: kind = .password
                case .secret: kind = .secretKey
                case .keyLike:
                    guard Self.isHighEntropy(String(value)) else { return nil }
                    kind = .highEntropy
                case .none: return nil
                }
                report.record(kind)
                let quote = quotedValue.count >= 2 && (quotedValue.first == "\"" || quotedValue.first == "'")
                    ? String(quotedValue.prefix(1)) : ""
                return "\(match.prefix(upTo: 5))\(quote)\(kind.marker)\(quote)"
            }
        }
        if text.contains("-") {
            text = Self.flagPattern.replacing(in: text) { match in
                guard let flag = match[1], let quotedValue = match[2] else { return nil }
                let value = Self.unquoted(quotedValue)
                guard !value.isEmpty, !value.hasPrefix("[REDACTED:") else { return nil }
                let kind: RedactionKind
                switch sensitivity(ofName: String(flag)) {
                case .password: kind = .password
                case .secret: kind = .secretKey
                case .keyLike, .none: return nil
                }
                report.record(kind)
                let quote = quotedValue.count >= 2 && (quotedValue.first == "\"" || quotedValue.first == "'")
                    ? String(quotedValue.prefix(1)) : ""
                return "\(match.prefix(upTo: 2))\(quote)\(kind.marker)\(quote)"
            }
        }
        return text
    }

    /// The value without its surrounding quotes.
    private static func unquoted(_ value: Substring) -> Substring {
        guard value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first else {
            return value
        }
        return value.dropFirst().dropLast()
    }

    /// A bearer credential rather than a word: 12+ characters with a digit or mixed case, or 20+ characters.
    private static func looksLikeToken(_ token: Substring) -> Bool {
        let count = token.utf8.count
        if count >= 20 { return true }
        guard count >= 12 else { return false }
        let hasDigit = token.utf8.contains { $0 >= 48 && $0 <= 57 }
        let hasUpper = token.utf8.contains { $0 >= 65 && $0 <= 90 }
        let hasLower = token.utf8.contains { $0 >= 97 && $0 <= 122 }
        return hasDigit || (hasUpper && hasLower)
    }

    /// Base64 that decodes to printable `user:password`.
    private static func isBasicCredential(_ credential: Substring) -> Bool {
        var padded = String(credential)
        while padded.utf8.count % 4 != 0 { padded += "=" }
        guard let data = Data(base64Encoded: padded), let decoded = String(data: data, encoding: .utf8) else { return false }
        return decoded.contains(":") && decoded.utf8.count >= 3 && decoded.unicodeScalars.allSatisfy { $0.value >= 32 && $0.value != 127 }
    }
}
