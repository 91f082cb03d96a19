import Foundation

/// The tokens okik-server accepts, read from a file mounted from a Secret: one `ROLE:NAME:TOKEN` a line, where ROLE
/// is viewer, operator, approver or admin, NAME is who holds it (recorded on approvals and changes) and TOKEN is at
/// least 16 characters (it may contain `:`). Blank lines and lines starting with `#` are ignored.
///
/// ```
/// # okik-tokens
/// admin:alice:3c1f0b5e8d2a47c9b6e1f0a2d4c8e7b5
/// viewer:grafana:9f8e7d6c5b4a39281706f5e4d3c2b1a0
/// ```
///
/// Lookups compare against every token in constant time per byte, whether or not one matches.
public struct TokenFile: Sendable {
    /// One accepted token.
    public struct Entry: Sendable, Hashable {
        /// What it may do.
        public var role: AccessRole
        /// Who holds it.
        public var name: String
        /// The secret.
        public var token: String

        /// Creates an entry.
        public init(role: AccessRole, name: String, token: String) {
            self.role = role
            self.name = name
            self.token = token
        }
    }

    /// The shortest token accepted.
    public static let minimumTokenLength = 16

    /// The tokens, in file order.
    public private(set) var entries: [Entry]

    /// A set of tokens (none by default: every route but /health then answers 401).
    public init(entries: [Entry] = []) {
        self.entries = entries
    }

    /// Parses a token file's text.
    /// - Throws: ``TokenFileError`` naming the first malformed line: a missing part, an unknown role, an empty name,
    ///   a short token, or a token given twice.
    public static func parse(_ text: String) throws(TokenFileError) -> TokenFile {
        var entries: [Entry] = []
        var seen: [String: Int] = [:]
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = index + 1
            let line = rawLine.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let parts = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 3 else {
                throw TokenFileError(line: number, message: "expected ROLE:NAME:TOKEN")
            }
            guard let role = AccessRole(name: parts[0]) else {
                throw TokenFileError(
                    line: number,
                    message: "unknown role \"\(parts[0])\" (one of \(AccessRole.allCases.map(\.description).joined(separator: ", ")))")
            }
            let name = parts[1].trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty else { throw TokenFileError(line: number, message: "the NAME is empty") }
            let token = parts[2]
            guard token.utf8.count >= minimumTokenLength else {
                throw TokenFileError(line: number, message: "the token is shorter than \(minimumTokenLength) characters")
            }
            if let first = seen[token] {
                throw TokenFileError(line: number, message: "the same token as line \(first)")
            }
            seen[token] = number
            entries.append(Entry(role: role, name: name, token: token))
        }
        return TokenFile(entries: entries)
    }

    /// Reads and parses a token file.
    /// - Throws: ``TokenFileError`` (line 0 when the file cannot be read).
    public static func load(from path: String) throws(TokenFileError) -> TokenFile {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw TokenFileError(line: 0, message: "cannot read \(path): \(error.localizedDescription)")
        }
        return try parse(text)
    }

    /// The identity a presented token belongs to, or nil. Every entry is compared, each in time that depends only
    /// on the lengths, so the answer's timing does not tell which entry or how many bytes matched.
    public func identity(for presented: String) -> Identity? {
        let given = Array(presented.utf8)
        var match: Entry?
        for entry in entries where Self.constantTimeEquals(Array(entry.token.utf8), given) {
            match = entry
        }
        return match.map { Identity(role: $0.role, name: $0.name) }
    }

    /// Compares two byte strings without stopping at the first difference.
    static func constantTimeEquals(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        var difference: UInt8 = lhs.count == rhs.count ? 0 : 1
        let length = max(lhs.count, rhs.count)
        for index in 0..<length {
            let left = index < lhs.count ? lhs[index] : 0
            let right = index < rhs.count ? rhs[index] : 0
            difference |= left ^ right
        }
        return difference == 0
    }
}

/// A token file that cannot be used; the server does not start with one.
public struct TokenFileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The line at fault, from 1 (0 when the file could not be read).
    public var line: Int
    /// What is wrong with it (never the token itself).
    public var message: String

    /// `token file line 3: unknown role "root" ...`.
    public var description: String { line > 0 ? "token file line \(line): \(message)" : "token file: \(message)" }
}
