import ArgumentParser
import Foundation
import OkikKit

/// `okikctl logs [-f]`: okik-server's log through the Kubernetes API.
struct Logs: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print (or follow) the log of OKIK's pod in the cluster, through the Kubernetes API.",
        discussion: """
            Finds the pod in okik-system by its label app.kubernetes.io/name=okik (the newest running one) and \
            reads its log with your kubeconfig, as `kubectl logs` would. On a terminal the log's control \
            characters are made harmless (escape sequences removed, others shown as ^X), since a log line can carry \
            text from the cluster or a model; piped or redirected, the log is printed byte for byte.

            Examples:
              okikctl logs --tail 100
              okikctl logs -f

            Exit codes: 0 done; 1 error; 3 no OKIK pod.
            """
    )

    @Flag(name: [.short, .long], help: "Keep printing new lines until interrupted.")
    var follow = false

    @Option(help: "Only the last N lines.")
    var tail: Int?

    @Flag(help: "The previous container's log (after a restart).")
    var previous = false

    @OptionGroup var options: GlobalOptions

    func run() async throws {
        try await reportingFailures {
            let logger = options.logger("okik.ctl")
            let kube = try KubeClient(
                config: try KubeConfig.loadDefault(explicitPath: options.kubeconfig), context: options.context, logger: logger)
            do {
                try await print(kube)
                try await kube.shutdown()
            } catch {
                try? await kube.shutdown()
                throw error
            }
        }
    }

    private func print(_ kube: KubeClient) async throws {
        let pods = kube.namespaced(Pod.self, in: .named(OkikInstallation.namespace))
        let (label, value) = OkikInstallation.nameLabel
        let candidates = try await pods.list(ListOptions(labelSelector: "\(label)=\(value)")).items
        guard let pod = candidates.max(by: { Self.rank($0) < Self.rank($1) }) else {
            throw CommandFailure(
                "no OKIK pod in namespace \(OkikInstallation.namespace) (label \(label)=\(value)); is OKIK deployed?",
                status: .notFound)
        }
        let logOptions = PodLogOptions(previous: previous, tailLines: tail)
        // Unlike kubectl, which prints a log raw even to a terminal.
        let onTerminal = isatty(STDOUT_FILENO) == 1
        func safe(_ text: String) -> String { onTerminal ? Terminal.sanitise(text) : text }
        if follow {
            for try await line in pods.followLogs(pod.name, options: logOptions) {
                emit(safe(line))
            }
        } else {
            Swift.print(safe(try await pods.logs(pod.name, options: logOptions)), terminator: "")
        }
    }

    /// Running pods first, then the newest.
    private static func rank(_ pod: Pod) -> (Int, Date) {
        (pod.status?.phase == "Running" ? 1 : 0, pod.metadata.creationTimestamp?.date ?? .distantPast)
    }
}
