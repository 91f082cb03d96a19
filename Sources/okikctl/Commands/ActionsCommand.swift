import ArgumentParser
import Foundation
import OkikKit

/// `okikctl actions list|approve ID|reject ID --reason`.
struct Actions: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the plans waiting for approval, and approve or reject them.",
        discussion: """
            When the autonomy level does not let a write run on its own, OKIK queues it as a plan: the exact calls, \
            who asked and why, and a dry-run preview of what each would change. A plan runs only when a person with \
            an approver token approves it, and expires otherwise. IDs may be shortened to their first characters \
            (6F6FA4E5), as OKIK's messages quote them.

            Examples:
              okikctl actions list
              okikctl actions approve 6F6FA4E5
              okikctl actions reject 6F6FA4E5 --reason "not during the sale"

            Exit codes: 0 done; 1 error; 3 no such plan; 4 refused (role, emergency stop, or the plan's state).
            """,
        subcommands: [List.self, Approve.self, Reject.self],
        defaultSubcommand: List.self
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The plans waiting for approval, oldest first.")

        @OptionGroup var options: GlobalOptions

        func run() async throws {
            try await reportingFailures {
                let options = options
                let plans = try await OkikSession.with(options, inProcess: true, logger: options.logger("okik.ctl")) {
                    try await $0.server.pendingPlans()
                }
                try options.show(plans) { PlanRenderer(terminal: options.terminal).list(plans.plans, empty: "No plans wait for approval.") }
            }
        }
    }

    struct Approve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Approve a plan: show it with its dry-run preview, confirm, then run it.",
            discussion: "On a terminal okikctl asks before approving; --yes skips the question. Without a terminal --yes is required.")

        @Argument(help: "The plan's id, or its first characters.")
        var plan: PlanReference

        @Flag(name: [.short, .long], help: "Approve without asking.")
        var yes = false

        @OptionGroup var options: GlobalOptions

        func run() async throws {
            try await reportingFailures {
                let (options, plan, yes) = (options, plan, yes)
                let terminal = options.terminal
                let decided = try await OkikSession.with(options, inProcess: true, logger: options.logger("okik.ctl")) { session in
                    let id = try await plan.resolve(session.server)
                    let detail = try await session.server.plan(id)
                    if !yes {
                        guard Terminal.isInteractive else {
                            throw CommandFailure("standard input is not a terminal: pass --yes to approve plan \(shortID(id)) without confirming")
                        }
                        print(PlanRenderer(terminal: terminal).detail(detail))
                        guard detail.plan.state == .pending else {
                            throw CommandFailure("plan \(shortID(id)) is \(detail.plan.state.rawValue), not pending", status: .refused)
                        }
                        guard confirm("Approve and run plan \(shortID(id))?") else {
                            throw CommandFailure("not approved")
                        }
                    }
                    return try await session.server.approve(plan: id)
                }
                switch options.output {
                case .table:
                    print(PlanRenderer(terminal: terminal).decision(decided))
                    if decided.plan.state == .failed { throw ExitCode(ExitStatus.failure.rawValue) }
                case .json, .yaml: print(try options.output.encode(decided))
                }
            }
        }
    }

    struct Reject: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Reject a plan, with a reason kept in the audit.")

        @Argument(help: "The plan's id, or its first characters.")
        var plan: PlanReference

        @Option(help: "Why (required; recorded with the plan).")
        var reason: String

        @OptionGroup var options: GlobalOptions

        func validate() throws {
            try requireText(reason, flag: "--reason")
        }

        func run() async throws {
            try await reportingFailures {
                let (options, plan, reason) = (options, plan, reason)
                let decided = try await OkikSession.with(options, inProcess: true, logger: options.logger("okik.ctl")) { session in
                    try await session.server.reject(plan: try await plan.resolve(session.server), reason: reason)
                }
                try options.show(decided) { PlanRenderer(terminal: options.terminal).decision(decided) }
            }
        }
    }
}

/// Asks a yes/no question on the terminal; only `y` or `yes` agrees.
func confirm(_ question: String) -> Bool {
    FileHandle.standardError.write(Data("\(question) [y/N] ".utf8))
    guard let answer = readLine() else { return false }
    return ["y", "yes"].contains(answer.trimmingCharacters(in: .whitespaces).lowercased())
}
