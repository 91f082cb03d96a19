/// What kind of secret a ``Redactor`` removed; the raw value is the name written in the marker
/// (`[REDACTED:bearer]`) and in the audit's `redaction_kinds` column.
public enum RedactionKind: String, Sendable, Hashable, Codable, CaseIterable, Comparable, CodingKeyRepresentable {
    /// The credential after `Bearer` (an `Authorization` header, an annotation, a log line).
    case bearer
    /// The base64 `user:password` after `Basic`.
    case basicAuth = "basic-auth"
    /// A value under a password-like name (`DB_PASS`, `password=`, `--password X`).
    case password
    /// The password part of a URL's userinfo (`postgres://app:PASSWORD@db`); the user and host stay readable.
    case urlCredentials = "url-credentials"
    /// An AWS access key id (`AKIA…`, `ASIA…`).
    case awsAccessKey = "aws-access-key"
    /// A GitHub token (`ghp_`, `gho_`, `ghu_`, `ghs_`, `ghr_`, `github_pat_`).
    case githubToken = "github-token"
    /// A Slack token (`xoxb-`, `xoxp-`, …) or incoming-webhook URL.
    case slackToken = "slack-token"
    /// A JSON Web Token (`eyJ….eyJ….…`).
    case jwt
    /// A PEM private key block (RSA, EC, OpenSSH, PGP, PKCS #8), also when cut short.
    case privateKey = "private-key"
    /// A vendor API key with a recognisable shape (OpenAI or Anthropic `sk-`, Google `AIza`, Stripe, GitLab, npm).
    case apiKey = "api-key"
    /// A value under a secret-like name (`token`, `secret`, `apiKey`, `credentials`, `Authorization`, …).
    case secretKey = "secret-key"
    /// A random-looking value under a key-like name (`OPENAI_KEY`, `signingKey`, `salt`).
    case highEntropy = "high-entropy"
    /// A value of a Secret object's `data` or `stringData` (the keys stay visible).
    case secretData = "secret-data"

    /// Orders kinds by name, so reports print the same way every time.
    public static func < (lhs: RedactionKind, rhs: RedactionKind) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The marker written in place of a secret of this kind: `[REDACTED:kind]`.
    public var marker: String { "[REDACTED:\(rawValue)]" }
}
