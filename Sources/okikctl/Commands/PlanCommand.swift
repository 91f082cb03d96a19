import ArgumentParser
import Foundation
import OkikKit

/// `okikctl plan list|show ID`.
struct Plan: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Every plan OKIK made, with its history: who proposed, who decided, what ran and how it was verified.",
        discussion: """
            Examples:
              okikctl plan list
              okikctl plan list --state executed
              okikctl plan show 6F6FA4E5 -o yaml

            Exit codes: 0 done; 1 error; 3 no such plan.
            """,
        subcommands: [List.self, Show.self],
        defaultSubcommand: List.self
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Plans, newest first.")

        @Option(help: "Only plans in this state: pending, approved, executing, executed, failed, rejected or expired.")
        var state: ActionPlan.State?

        @Option(help: "At most this many (1-1000).")
        var limit = 50

        @OptionGroup var options: GlobalOptions

        func validate() throws {
            guard (1...1000).contains(limit) else { throw ValidationError("--limit must be between 1 and 1000") }
        }

        func run() async throws {
            try await reportingFailures {
                let (options, state, limit) = (options, state, limit)
                let plans = try await OkikSession.with(options, inProcess: true, logger: options.logger("okik.ctl")) {
                    try await $0.server.plans(state: state, limit: limit)
                }
                try options.show(plans) { PlanRenderer(terminal: options.terminal).list(plans.plans, empty: "No plans.") }
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One plan: its steps, previews, decisions, results and audit history.")

        @Argument(help: "The plan's id, or its first characters.")
        var plan: PlanReference

        @OptionGroup var options: GlobalOptions

        func run() async throws {
            try await reportingFailures {
                let (options, plan) = (options, plan)
                let detail = try await OkikSession.with(options, inProcess: true, logger: options.logger("okik.ctl")) { session in
                    try await session.server.plan(try await plan.resolve(session.server))
                }
                try options.show(detail) { PlanRenderer(terminal: options.terminal).detail(detail) }
            }
        }
    }
}

extension ActionPlan.State: ExpressibleByArgument {}
