// Lists the pods of the current kubeconfig context with OkikKubeClient (re-exported by OkikKit).
//
//   swift run ListPods                 # pods in the context's namespace
//   swift run ListPods -n shop         # pods in one namespace
//   swift run ListPods -A              # pods in every namespace
//   swift run ListPods --kubeconfig F  # a specific kubeconfig file (--context NAME for another context)
import Foundation
import Logging
import OkikKit

@main
struct ListPods {
    static let usage = """
        usage: ListPods [-n NAMESPACE | -A] [--kubeconfig FILE] [--context NAME]
        Lists pods like `kubectl get pods`: the context's namespace by default.
        """

    static func main() async {
        var arguments = Array(CommandLine.arguments.dropFirst())
        var allNamespaces = false
        var namespace: String?
        var explicitPath: String?
        var context: String?
        while !arguments.isEmpty {
            let argument = arguments.removeFirst()
            func value() -> String {
                guard !arguments.isEmpty, !arguments[0].hasPrefix("-") else { fail("\(argument) needs a value") }
                return arguments.removeFirst()
            }
            switch argument {
            case "-h", "--help":
                print(usage)
                return
            case "-A", "--all-namespaces": allNamespaces = true
            case "-n", "--namespace": namespace = value()
            case "--kubeconfig": explicitPath = value()
            case "--context": context = value()
            default: fail("unknown argument \(argument)")
            }
        }
        if allNamespaces && namespace != nil { fail("use either -n NAMESPACE or -A, not both") }
        var logger = Logger(label: "okik.example.list-pods")
        logger.logLevel = .warning
        do {
            let config = try KubeConfig.loadDefault(explicitPath: explicitPath)
            let scope: NamespaceSelector = allNamespaces ? .allNamespaces : namespace.map { .named($0) } ?? .contextDefault
            let pods = try await KubeClient.withClient(config: config, context: context, logger: logger) { client in
                try await client.namespaced(Pod.self, in: scope).list()
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

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("list-pods: \(message)\n\(usage)\n".utf8))
        exit(2)
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }
}
