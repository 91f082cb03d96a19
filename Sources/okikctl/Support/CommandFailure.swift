import ArgumentParser
import Foundation
import OkikKit

/// okikctl's exit codes, documented in Docs/CLI.md and each command's help.
enum ExitStatus: Int32 {
    /// It worked.
    case success = 0
    /// An error: bad input, no cluster, no server, a failed call.
    case failure = 1
    /// `optimise`: the score is below `--fail-under`.
    case belowThreshold = 2
    /// What was named does not exist (a plan, a tool, a Deployment).
    case notFound = 3
    /// The gate (or the server's role check) refused the action.
    case refused = 4
}

/// An error a command reports and exits with: one line on standard error, then the exit code.
struct CommandFailure: Error, CustomStringConvertible {
    var message: String
    var status: ExitStatus

    init(_ message: String, status: ExitStatus = .failure) {
        self.message = message
        self.status = status
    }

    var description: String { message }

    /// The failure for any error: the server's status picks the exit code (404 not found, 403 refused).
    static func from(_ error: any Error) -> CommandFailure {
        switch error {
        case let failure as CommandFailure:
            return failure
        case let error as OkikServerError:
            let status: ExitStatus = switch error.status {
            case 404: .notFound
            case 403: .refused
            default: .failure
            }
            return CommandFailure(error.description, status: status)
        case let error as KubeError where error.code == .notFound:
            return CommandFailure("\(error)", status: .notFound)
        default:
            return CommandFailure("\(error)")
        }
    }
}

/// Runs a command's body and turns its failure into a message on standard error and the matching exit code.
func reportingFailures(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as ExitCode {
        throw error
    } catch is CancellationError {
        throw ExitCode(130)
    } catch {
        let failure = CommandFailure.from(error)
        FileHandle.standardError.write(Data("okikctl: \(Terminal.sanitise(failure.message))\n".utf8))
        throw ExitCode(failure.status.rawValue)
    }
}
