import ArgumentParser
import OkikKit

@main
struct OkikServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "okik-server",
        abstract: "OKIK's HTTP server (agent and watchdog modes)."
    )
}
