import ArgumentParser
import Foundation
import OkikKit

/// `okikctl remove`: OKIK out of the cluster.
struct Remove: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Remove everything OKIK created in the cluster, and wait until it is gone.",
        discussion: """
            Deletes every object labelled app.kubernetes.io/name=okik: the Deployment, Service, Secrets, the \
            okik-control ConfigMap, RBAC, ServiceAccount, the store's claim and the okik-system namespace. \
            --keep-data keeps the claim (and so the namespace), so a later deploy finds its audit and state. Safe \
            to run twice.

            Examples:
              okikctl remove
              okikctl remove --keep-data

            Exit codes: 0 gone (or nothing was there); 1 error (no cluster access, a refused deletion, not gone \
            within --timeout).
            """
    )

    @Flag(help: "Keep the PersistentVolumeClaim with OKIK's database (and the namespace it lives in).")
    var keepData = false

    @Option(help: "Seconds to wait until everything is gone.")
    var timeout: Int = 120

    @OptionGroup var options: GlobalOptions

    func run() async throws {
        try await reportingFailures {
            let logger = options.logger("okik.remove")
            let kube = try KubeClient(
                config: try KubeConfig.loadDefault(explicitPath: options.kubeconfig), context: options.context, logger: logger)
            let progress = ProgressLine()
            do {
                let lines = try await OkikInstaller(client: kube).remove(keepData: keepData, timeout: .seconds(timeout)) {
                    progress.update($0)
                }
                progress.finish()
                try await kube.shutdown()
                if lines.isEmpty {
                    print("Nothing of OKIK was found; nothing to remove.")
                } else {
                    lines.forEach { print($0) }
                    print("OKIK is gone" + (keepData ? "; its data stays in \(OkikInstallation.namespace)." : "."))
                }
            } catch {
                progress.finish()
                try? await kube.shutdown()
                throw error
            }
        }
    }
}
