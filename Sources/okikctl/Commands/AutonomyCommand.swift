import ArgumentParser
import Foundation
import OkikKit

/// `okikctl autonomy get|set L0..L4|enable|disable`.
struct Autonomy: AsyncParsableCommand {
    enum Action: String, ExpressibleByArgument, CaseIterable {
        case get, set, enable, disable
    }

    static let configuration = CommandConfiguration(
        abstract: "Show or change OKIK's autonomy level and whether its automation runs.",
        discussion: """
            The level decides what OKIK may do without a person: L0 advisory (no tool runs, OKIK only recommends), \
            L1 suggest (reads run, every write waits for approval), L2 guarded (remediate and quarantine tools run, \
            restarts and destructive ones wait), L3 conditional (all but destructive run), L4 full (every package \
            runs; protected namespaces, the emergency stop and rate limits still hold). `disable` stops the watchdog and \
            the agent from acting on their own (calls a person makes still go through the gate); `enable` resumes. \
            Changing either needs an admin token. Without a deployed server the local state (~/.okik/okik.db) is \
            shown and changed.

            Examples:
              okikctl autonomy get
              okikctl autonomy set L3
              okikctl autonomy disable

            Exit codes: 0 done; 1 error; 4 refused (the token is not an admin's).
            """
    )

    @Argument(help: "get, set, enable or disable.")
    var action: Action = .get

    @Argument(help: "With set: L0, L1, L2, L3 or L4.")
    var level: AutonomyLevel?

    @OptionGroup var options: GlobalOptions

    func validate() throws {
        if action == .set && level == nil { throw ValidationError("`autonomy set` needs a level: L0, L1, L2, L3 or L4") }
        if action != .set && level != nil { throw ValidationError("a level goes with `set` only") }
    }

    func run() async throws {
        try await reportingFailures {
            let options = options
            let (action, level) = (action, level)
            let status = try await OkikSession.with(options, inProcess: true, logger: options.logger("okik.ctl")) { session in
                switch action {
                case .get:
                    return try await session.server.status()
                case .set:
                    return try await session.server.setAutonomy(level: level ?? .l0)
                case .enable, .disable:
                    let current = try await session.server.status()
                    return try await session.server.setAutonomy(
                        level: AutonomyLevel(parsing: current.level) ?? .l0, automation: action == .enable)
                }
            }
            try options.show(status) { StatusRenderer(terminal: options.terminal).controls(status) }
        }
    }
}
