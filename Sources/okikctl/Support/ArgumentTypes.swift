import ArgumentParser
import Foundation
import OkikKit

extension AutonomyLevel: ExpressibleByArgument {
    /// `L0` ... `L4` (also `l2`, `2`).
    public init?(argument: String) {
        self.init(parsing: argument)
    }

    /// The values shown in help and completion.
    public static var allValueStrings: [String] { ["L0", "L1", "L2", "L3", "L4"] }
}

/// Refuses a blank value of a text option such as `--reason`.
func requireText(_ value: String, flag: String) throws {
    if value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { throw ValidationError("\(flag) must not be blank") }
}

/// A plan named on the command line: its full id or the first characters of it (`6F6FA4E5`), as OKIK's messages
/// quote it.
struct PlanReference: ExpressibleByArgument {
    let text: String

    init?(argument: String) {
        let trimmed = argument.trimmingCharacters(in: .whitespaces)
        guard trimmed.count >= 4, trimmed.allSatisfy({ $0.isHexDigit || $0 == "-" }) else { return nil }
        text = trimmed.uppercased()
    }

    /// The plan's id: the full id as given, else the one plan whose id starts with the text.
    /// - Throws: ``CommandFailure`` (not found, exit 3) when no plan matches; when several do, names them.
    func resolve(_ server: OkikServerClient) async throws -> UUID {
        if let id = UUID(uuidString: text) { return id }
        let matches = try await server.plans(limit: 1000).plans.filter { $0.id.uuidString.hasPrefix(text) }
        switch matches.count {
        case 1: return matches[0].id
        case 0: throw CommandFailure("no plan \(text)", status: .notFound)
        default:
            throw CommandFailure(
                "\(text) names \(matches.count) plans (\(matches.map(\.id.uuidString).joined(separator: ", "))); give more of the id")
        }
    }
}

/// A Deployment named `NAMESPACE/NAME`.
struct WorkloadReference: ExpressibleByArgument {
    let namespace: String
    let name: String

    init?(argument: String) {
        let parts = argument.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return nil }
        namespace = parts[0]
        name = parts[1]
    }

    var description: String { "\(namespace)/\(name)" }
}
