import ArgumentParser
import OkikKit

@main
struct OkikCtl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "okikctl",
        abstract: "OKIK: diagnose and fix a Kubernetes cluster under graduated human oversight."
    )
}
