extension Redactor {
    /// How sensitive a name (JSON key, env var, annotation key, flag, `key=` in text) says its value is.
    enum NameSensitivity: Sendable, Equatable {
        /// An ordinary name: the value is only checked for secret shapes.
        case none
        /// A key-like name (`OPENAI_KEY`, `salt`): the value is redacted when it looks random.
        case keyLike
        /// A password-like name: the value is always redacted as ``RedactionKind/password``.
        case password
        /// A secret-like name: the value is always redacted as ``RedactionKind/secretKey``.
        case secret
    }

    /// Words that make a name password-like.
    static let passwordWords: Set<String> = ["password", "passwords", "passwd", "passphrase", "pass", "pwd", "pw"]
    /// Words that make a name secret-like on their own.
    static let secretWords: Set<String> = [
        "secret", "secrets", "token", "tokens", "apikey", "apikeys", "credential", "credentials", "creds", "auth",
        "authorization", "bearer", "cookie", "cookies", "pat", "dsn", "privatekey", "accesskey", "secretkey",
        "sessionkey", "jwt", "otp", "passcode",
    ]
    /// Adjacent word pairs that make a name secret-like (`api_key`, `privateKey`, `SIGNING_KEY`).
    static let secretPairs: Set<[String]> = [
        ["api", "key"], ["access", "key"], ["private", "key"], ["signing", "key"], ["encryption", "key"],
        ["master", "key"], ["session", "key"], ["account", "key"], ["client", "key"], ["app", "key"],
        ["license", "key"], ["webhook", "secret"], ["connection", "password"],
    ]
    /// Last words that make a name key-like.
    static let keyWords: Set<String> = ["key", "keys", "signature", "sig", "salt", "hmac", "seed", "nonce"]
    /// Last words that make a name *describe* a secret rather than hold one (`secretName`, `tokenFile`,
    /// `secretKeyRef`, `AWS_ACCESS_KEY_ID`, `TOKEN_URL`, `passwordLength`): such names are ordinary.
    static let describingWords: Set<String> = [
        "name", "names", "ref", "refs", "file", "files", "path", "paths", "dir", "directory", "namespace", "type",
        "types", "id", "ids", "ttl", "seconds", "expiration", "expiry", "expires", "length", "count", "enabled",
        "disabled", "required", "version", "selector", "kind", "mode", "method", "audience", "audiences", "url",
        "uri", "endpoint", "host", "hostname", "port", "server", "service", "address", "provider", "issuer", "format",
        "algorithm", "interval", "timeout", "period", "duration", "limit", "size", "max", "min", "policy", "scope",
        "scopes", "source", "lifetime", "rotation", "header", "field", "env", "prefix", "store", "volume", "mount",
        "level", "status", "strategy", "plugin", "config", "configuration", "reviewer", "request", "requests",
    ]

    /// Classifies a name by its words: `DB_PASS`, `dbPassword` and `--password` are password-like; `apiKey`,
    /// `GITHUB_PAT`, `x-auth-token`, `Authorization` are secret-like; `OPENAI_KEY` and `salt` key-like;
    /// `secretName`, `PWD`, `tokenFile` and `AWS_ACCESS_KEY_ID` ordinary (shape rules still see their values).
    func sensitivity(ofName name: String) -> NameSensitivity {
        let words = Self.words(of: name)
        guard let last = words.last, words != ["pwd"], !Self.describingWords.contains(last) else { return .none }
        if words.contains(where: { word in
            Self.passwordWords.contains(word) || word.hasSuffix("password") || word.hasSuffix("passwd")
        }) {
            return .password
        }
        if words.contains(where: { word in
            Self.secretWords.contains(word) || additionalSecretNames.contains(word) || word.hasSuffix("token")
                || word.hasSuffix("secret") || word.hasPrefix("secret") || word.hasSuffix("apikey")
        }) {
            return .secret
        }
        if words.count > 1, zip(words, words.dropFirst()).contains(where: { Self.secretPairs.contains([$0, $1]) }) {
            return .secret
        }
        if Self.keyWords.contains(last) { return .keyLike }
        return .none
    }

    /// The lowercased ASCII words of a name, split at non-alphanumerics and camel-case humps
    /// (`AWS_SECRET_ACCESS_KEY` → aws secret access key, `apiKey` → api key, `APIKey` → api key).
    static func words(of name: String) -> [String] {
        var words: [String] = []
        var current: [UInt8] = []
        let bytes = Array(name.utf8)
        func isUpper(_ byte: UInt8) -> Bool { byte >= 65 && byte <= 90 }
        func isLower(_ byte: UInt8) -> Bool { byte >= 97 && byte <= 122 }
        func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }
        func flush() {
            if !current.isEmpty { words.append(String(decoding: current, as: UTF8.self).lowercased()) }
            current.removeAll(keepingCapacity: true)
        }
        for (index, byte) in bytes.enumerated() {
            guard isUpper(byte) || isLower(byte) || isDigit(byte) else {
                flush()
                continue
            }
            if isUpper(byte), let previous = current.last {
                let next = index + 1 < bytes.count ? bytes[index + 1] : 0
                if isLower(previous) || isDigit(previous) || (isUpper(previous) && isLower(next)) { flush() }
            }
            current.append(byte)
        }
        flush()
        return words
    }
}
