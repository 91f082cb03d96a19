import ArgumentParser
import Foundation
import Logging

/// The options every okikctl command that talks to a cluster or to OKIK shares: where the cluster is, where OKIK
/// is, how to print, and how much to log.
struct GlobalOptions: ParsableArguments {
    @Option(help: "Path to the kubeconfig (default: $KUBECONFIG or ~/.kube/config; in a pod, the service account).")
    var kubeconfig: String?

    @Option(help: "The kubeconfig context to use (default: current-context).")
    var context: String?

    @Option(name: [.short, .customLong("namespace")], help: "Only this namespace.")
    var namespace: String?

    @Flag(name: [.customShort("A"), .customLong("all-namespaces")], help: "All namespaces (the default where it applies).")
    var allNamespaces = false

    @Option(name: [.short, .customLong("output")], help: "Output format: table, json or yaml.")
    var output: OutputFormat = .table

    @Option(
        help: ArgumentHelp(
            "okik-server's URL (for example http://127.0.0.1:8000); by default okikctl finds OKIK in the cluster and "
                + "reaches it through the Kubernetes API server's service proxy."))
    var server: String?

    @Option(help: "okik-server's API token (default: $OKIK_TOKEN, else the okik-api-tokens Secret when you may read it).")
    var token: String?

    @Option(help: "Log level: trace, debug, info, notice, warning, error or critical.")
    var logLevel: Logger.Level = .warning

    @Flag(help: "No colour, even on a terminal (NO_COLOR in the environment does the same).")
    var noColor = false

    func validate() throws {
        if namespace != nil && allNamespaces { throw ValidationError("use either -n NAMESPACE or -A, not both") }
        if let server, URL(string: server)?.scheme.map({ $0 == "http" || $0 == "https" }) != true {
            throw ValidationError("--server must be an http:// or https:// URL, not \(server)")
        }
    }

    /// The namespace to scope to, or nil for all.
    var scope: String? { allNamespaces ? nil : namespace }

    /// Styling for standard output.
    var terminal: Terminal { noColor ? Terminal(colour: false) : .standardOutput }

    /// A logger at `--log-level`, on standard error.
    func logger(_ label: String) -> Logger {
        var logger = Logger(label: label)
        logger.logLevel = logLevel
        return logger
    }

    /// Prints `value` as JSON or YAML with `-o json|yaml`, else the text `table` renders for people.
    func show<Value: Encodable>(_ value: Value, table: () throws -> String) throws {
        switch output {
        case .table: print(try table())
        case .json, .yaml: print(try output.encode(value))
        }
    }

    /// The token from `--token` or `OKIK_TOKEN`.
    var explicitToken: String? {
        token ?? ProcessInfo.processInfo.environment["OKIK_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
