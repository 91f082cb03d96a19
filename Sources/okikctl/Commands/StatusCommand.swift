import ArgumentParser
import Foundation
import OkikKit

/// `okikctl status [--view tree|classic]`.
struct Status: AsyncParsableCommand {
    /// How the overview is laid out.
    enum View: String, ExpressibleByArgument, CaseIterable {
        case tree, classic
    }

    static let configuration = CommandConfiguration(
        abstract: "The cluster and OKIK at a glance: scores, problems, plans, recent actions, level and stop state.",
        discussion: """
            The cluster's scores and problems are read with your kubeconfig (the optimizer's checks, in this \
            process); OKIK's state (level, automation, emergency stop, plans, the watchdog's feed, recent actions, \
            quarantines, the agent's token use) comes from its server, or from the local state when none is \
            deployed. --view tree groups everything by namespace and workload; --view classic prints one section \
            each. -n limits both to one namespace.

            Examples:
              okikctl status
              okikctl status --view classic -n shop
              okikctl status -o json

            Exit codes: 0 done; 1 error.
            """
    )

    @Option(help: "tree (namespaces > workloads > problems, plans, actions) or classic (sections).")
    var view: View = .tree

    @OptionGroup var options: GlobalOptions

    func run() async throws {
        try await reportingFailures {
            let options = options
            let logger = options.logger("okik.ctl")
            let progress = ProgressLine()
            let report = try await OkikSession.with(options, inProcess: true, logger: logger) { session in
                try await StatusReport.collect(session, namespace: options.scope, progress: progress)
            }
            progress.finish()
            let renderer = StatusRenderer(terminal: options.terminal)
            try options.show(report) { view == .tree ? renderer.tree(report) : renderer.classic(report) }
        }
    }
}

/// Everything `okikctl status` shows, also its `-o json` document.
struct StatusReport: Codable, Sendable {
    /// The cluster's health by the optimizer.
    struct ClusterHealth: Codable, Sendable {
        var score: Int
        var grade: String
        var categories: [String: Int]
        var findings: [Finding]
    }

    /// `server` or `in-process`.
    var mode: String
    /// Where OKIK was reached.
    var place: String
    var namespace: String?
    var okik: StatusResponse
    var cluster: ClusterHealth?
    /// Why the cluster could not be scored, when it could not.
    var clusterError: String?
    var pendingPlans: [ActionPlan]
    var recommendations: [Recommendation]
    var recentActions: [ActionRecord]
    var quarantined: [QuarantinedDeployment]

    /// Reads OKIK's state from the session and scores the cluster with the session's kubeconfig.
    static func collect(_ session: OkikSession, namespace: String?, progress: ProgressLine? = nil) async throws -> StatusReport {
        let server = session.server
        let okik = try await server.status()
        let agentMode = okik.mode == .agent
        async let plans = agentMode ? server.pendingPlans().plans : []
        async let feed = server.recommendations(limit: 50).recommendations
        async let actions = agentMode ? server.actions(limit: 20).actions : []
        async let quarantine = server.quarantined(namespace: namespace).deployments
        var cluster: ClusterHealth?
        var clusterError: String?
        if let kube = session.kube {
            do {
                let report = try await Optimizer().run(client: kube, namespace: namespace) { step in
                    progress?.update("reading the cluster: \(step.completed)/\(step.total) (\(step.resource): \(step.count))")
                }
                progress?.finish()
                cluster = ClusterHealth(
                    score: report.score, grade: report.grade,
                    categories: Dictionary(report.categories.map { ($0.category.id, $0.score) }, uniquingKeysWith: { first, _ in first }),
                    findings: report.findings)
            } catch {
                clusterError = "\(error)"
            }
        } else {
            clusterError = "no kubeconfig to read the cluster with"
        }
        func inScope(_ other: String?) -> Bool { namespace == nil || other == namespace }
        let (place, mode): (String, String) = switch session.mode {
        case .server(let place): (place, "server")
        case .inProcess(let database): (database, "in-process")
        }
        return StatusReport(
            mode: mode, place: place, namespace: namespace, okik: okik, cluster: cluster, clusterError: clusterError,
            pendingPlans: try await plans.filter { plan in plan.steps.contains { inScope($0.targets.first?.namespace) } || namespace == nil },
            recommendations: try await feed.filter { inScope($0.subject.namespace) },
            recentActions: try await actions.filter { inScope($0.namespace) },
            quarantined: try await quarantine)
    }
}
