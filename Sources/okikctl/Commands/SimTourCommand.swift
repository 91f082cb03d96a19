import ArgumentParser
import Logging
import OkikSimulator

extension OkikCtl.Sim {
    struct Tour: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "tour",
            abstract: "Tour the simulated cluster through OKIK's Kubernetes client.",
            discussion: """
                Starts the simulated Kubernetes API server in process and walks through what OKIK builds on: \
                discovery, typed lists across namespaces, watches, optimistic concurrency, eviction with \
                PodDisruptionBudgets, pod logs and server-side apply conflicts. Every step is a real API round trip.
                """
        )

        func run() async throws {
            var logger = Logger(label: "okik.tour")
            logger.logLevel = .warning
            try await GuidedTour.run(logger: logger) { print($0) }
        }
    }
}
