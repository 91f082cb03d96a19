import Foundation
import OkikKit
import Testing

/// `okikctl chat` on a pseudo-terminal and from a script, against the deployed server (no model: offline answers).
@Suite("okikctl chat")
struct ChatTests {
    @Test func aSessionOnATerminalEditsCompletesRemembersAndQuits() async throws {
        try await CLIFixture.run { fixture in
            let terminal = try PseudoTerminal(fixture.cli, ["chat"])
            #expect(try await terminal.waitFor("okik> "), "\(terminal.screen)")
            #expect(terminal.screen.contains("Offline: no model is configured"), "\(terminal.screen)")

            // Tab completes a command; Enter runs it.
            var mark = terminal.screen.count
            terminal.type("/lev\t")
            #expect(try await terminal.waitFor("/level ", after: mark), "\(terminal.screen)")
            terminal.type("\r")
            #expect(try await terminal.waitFor("(suggest), automation on", after: mark), "\(terminal.screen)")

            // A question streams an answer (offline), then the prompt returns.
            mark = terminal.screen.count
            terminal.type("what is wrong?\r")
            #expect(try await terminal.waitFor("(offline answer", after: mark), "\(terminal.screen)")
            #expect(terminal.screen.dropFirst(mark).contains("payments-api"), "\(terminal.screen)")
            // The editor is back at an empty prompt before the next keys are typed.
            #expect(try await terminal.waitUntil { $0.hasSuffix("okik> \u{1B}[0m") }, "\(terminal.screen)")

            // Editing: Up recalls the question, Ctrl-U clears the line, then /quit.
            mark = terminal.screen.count
            terminal.type("\u{1B}[A")
            #expect(try await terminal.waitFor("what is wrong?", after: mark), "\(terminal.screen)")
            terminal.type("\u{15}/quit\r")
            #expect(try await terminal.waitForExit() == 0, "\(terminal.screen)")

            let history = try String(contentsOfFile: fixture.cli.home + "/chat_history", encoding: .utf8)
            #expect(history.contains("what is wrong?\n"))
            #expect(history.contains("/level\n"))
        }
    }

    @Test func withoutATerminalItAnswersOneQuestionALine() async throws {
        try await CLIFixture.run { fixture in
            let result = try await fixture.cli("chat", stdin: "what is wrong?\n/plans\n")
            #expect(result.status == 0, "\(result)")
            #expect(result.stdout.contains("payments-api"), "\(result)")
            #expect(result.stdout.contains("No plans wait for approval."), "\(result)")
            #expect(!result.stdout.contains("\u{1B}["), "no colour without a terminal")
            #expect(result.stderr.contains("offline"), "\(result)")
        }
    }
}
