/// Removes API keys and bearer tokens from text before it is stored in an error or logged.
struct SecretScrubber: Sendable {
    /// The exact secrets this client knows (its API key).
    var secrets: [String]

    init(secrets: [String]) {
        self.secrets = secrets.filter { $0.count >= 4 }
    }

    /// The text with every known secret and anything shaped like a provider key replaced.
    func scrub(_ text: String) -> String {
        var result = text
        for secret in secrets {
            result = result.replacing(secret, with: "[REDACTED]")
        }
        result = result.replacing(/sk-[A-Za-z0-9_\-\*]{6,}/, with: "sk-[REDACTED]")
        result = result.replacing(/(?i)(bearer\s+)[A-Za-z0-9_\-\.\*=]{8,}/) { match in
            match.output.1 + "[REDACTED]"
        }
        return result
    }

    /// The same for optional text.
    func scrub(_ text: String?) -> String? {
        text.map(scrub)
    }
}
