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
        subcommands: [Demo.self, Optimise.self, EmergencyStop.self, Sim.self, LoadTest.self, Bench.self]
    )
}
