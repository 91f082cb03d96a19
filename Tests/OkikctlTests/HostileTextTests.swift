import Foundation
import OkikKit
import OkikTesting
import Testing

/// Text from the cluster reaches okikctl's tables and reports without its terminal controls: an annotation that
/// anyone who can edit a Deployment writes cannot set the operator's clipboard (OSC 52) or erase lines on screen.
@Suite("okikctl and hostile cluster text")
struct HostileTextTests {
    /// OSC 52 (write the clipboard), then cursor up three lines and erase below, a bell and a carriage return.
    static let hostile = "crash loop\u{1B}]52;c;AAAA\u{07}\u{1B}[3A\u{1B}[J\u{9B}2J\r\u{7}"

    /// Quarantines payments-api by hand, with the hostile reason, the way anyone who may edit it could.
    static func plantReason(in cluster: SimulatedCluster) async throws {
        let deployments = cluster.client.namespaced(Deployment.self, in: .named("okik-crashloop"))
        _ = try await deployments.patch("payments-api", .merge([
            "metadata": [
                "labels": [QuarantineAnnotations.quarantined: "true"],
                "annotations": [
                    QuarantineAnnotations.quarantined: "true", QuarantineAnnotations.reason: .string(hostile),
                ],
            ],
        ]))
    }

    @Test func controlCharactersInAQuarantineReasonNeverReachTheTerminal() async throws {
        try await CLIFixture.run { fixture in
            try await Self.plantReason(in: fixture.cluster)
            for arguments in [["status"], ["status", "--view", "classic"], ["quarantine", "list"], ["optimise", "--details"]] {
                let result = try await fixture.cli.run(arguments)
                #expect(result.status == 0, "\(arguments): \(result)")
                #expect(result.stdout.contains("crash loop"), "\(arguments): \(result)")
                for control in ["\u{1B}", "\u{07}", "\u{9B}", "\r"] {
                    #expect(!result.stdout.contains(control), "\(arguments) printed \(control.unicodeScalars.map { $0.value })")
                }
            }
        }
    }

    @Test func onATerminalOkikctlsOwnColoursStayAndTheClustersControlsDoNot() async throws {
        try await CLIFixture.run { fixture in
            try await Self.plantReason(in: fixture.cluster)
            let terminal = try PseudoTerminal(fixture.cli, ["status"])
            #expect(try await terminal.waitForExit() == 0, "\(terminal.screen)")
            let screen = terminal.screen
            #expect(screen.contains("crash loop"), "\(screen)")
            #expect(screen.contains("\u{1B}[1m"), "okikctl's own bold is gone: \(screen)")
            for control in ["\u{1B}]", "\u{07}", "\u{1B}[3A", "\u{1B}[J", "\u{9B}"] {
                #expect(!screen.contains(control), "printed \(control.unicodeScalars.map { $0.value })")
            }
        }
    }
}
