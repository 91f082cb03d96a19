import ArgumentParser

@main
struct OkikCtl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "okikctl",
        abstract: "OKIK: diagnose and fix a Kubernetes cluster under graduated human oversight.",
        discussion: """
            Runs against a real cluster through your kubeconfig, or against OKIK's built-in simulated cluster \
            (`okikctl sim`), which needs no cluster at all.
            """,
        subcommands: [
            Status.self, Watch.self, Optimise.self, Actions.self, Plan.self, Autonomy.self, Quarantine.self, Tool.self,
            Logs.self, EmergencyStop.self, Demo.self, Sim.self, LoadTest.self, Bench.self,
        ]
    )
}
