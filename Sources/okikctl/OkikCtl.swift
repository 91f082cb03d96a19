import ArgumentParser

@main
struct OkikCtl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "okikctl",
        abstract: "OKIK: diagnose and fix a Kubernetes cluster under graduated human oversight.",
        discussion: """
            Runs against a real cluster through your kubeconfig, or against OKIK's built-in simulated cluster \
            (`okikctl sim`), which needs no cluster at all. Commands reach OKIK deployed in the cluster through the \
            Kubernetes API server's service proxy (no port-forward), or --server URL; where none is deployed, the \
            ones that make sense alone run OKIK in this process with its state in ~/.okik/okik.db.

            Exit codes: 0 success; 1 error; 2 below --fail-under (optimise); 3 not found; 4 refused by OKIK's gate or \
            by the token's role. Docs/CLI.md describes every command.

            Shell completion: okikctl --generate-completion-script bash|zsh|fish (see Docs/CLI.md).
            """,
        subcommands: [
            Status.self, Chat.self, Watch.self, Optimise.self, Actions.self, Plan.self, Autonomy.self, Quarantine.self, Tool.self,
            Logs.self, EmergencyStop.self, Deploy.self, Remove.self, MCP.self, Demo.self, Sim.self, LoadTest.self, Bench.self,
        ]
    )
}
