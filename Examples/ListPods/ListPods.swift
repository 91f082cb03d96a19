// Lists the pods of the current kubeconfig context with OkikKubeClient (re-exported by OkikKit).
//
//   swift run ListPods                 # pods in the context's namespace
//   swift run ListPods -A              # pods in every namespace
//   swift run ListPods --kubeconfig F  # a specific kubeconfig file
import Foundation
import Logging
import OkikKit

@main
struct ListPods {
    static func main() async {
        var arguments = Array(CommandLine.arguments.dropFirst())
        let allNamespaces = arguments.contains("-A")
        arguments.removeAll { $0 == "-A" }
        var explicitPath: String?
        if let index = arguments.firstIndex(of: "--kubeconfig"), index + 1 < arguments.count {
            explicitPath = arguments[index + 1]
        }
        var logger = Logger(label: "okik.example.list-pods")
        logger.logLevel = .warning
        do {
            let config = try KubeConfig.loadDefault(explicitPath: explicitPath)
            let pods = try await KubeClient.withClient(config: config, logger: logger) { client in
                try await client.namespaced(Pod.self, in: allNamespaces ? .allNamespaces : .contextDefault).list()
            }
            print(pad("NAMESPACE", 20) + pad("NAME", 48) + pad("READY", 7) + pad("PHASE", 10) + pad("RESTARTS", 10) + "NODE")
            for pod in pods.items {
                let containers = pod.spec?.containers?.count ?? 0
                let ready = pod.status?.containerStatuses?.filter { $0.ready == true }.count ?? 0
                print(
                    pad(pod.namespace ?? "", 20) + pad(pod.name, 48) + pad("\(ready)/\(containers)", 7)
                        + pad(pod.status?.phase ?? "Unknown", 10) + pad(String(pod.restartCount), 10)
                        + (pod.spec?.nodeName ?? "<none>"))
            }
            print("\(pods.items.count) pod(s) at resourceVersion \(pods.metadata.resourceVersion ?? "?")")
        } catch {
            FileHandle.standardError.write(Data("list-pods: \(error)\n".utf8))
            exit(1)
        }
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }
}
