import ArgumentParser
import Foundation
import OkikKit
import OkikLLM
import OkikServer

/// `okikctl chat`: an interactive assistant over OKIK's chat.
struct Chat: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Talk with OKIK about the cluster: it reads, explains, and proposes fixes through its gate.",
        discussion: """
            Answers stream as they are written, with the tool calls OKIK makes on the way; any write it proposes \
            goes through the gate like every other call and, where the level asks, waits as a plan you can approve \
            from the prompt. The chat uses the server's model; without one (or without a deployed server and without \
            OPENAI_API_KEY, ANTHROPIC_API_KEY or OKIK_LLM_* set) OKIK answers from its built-in rules and says so.

            On a terminal: line editing (arrows, Home/End, Ctrl-A/E/U/K/W), history (Up/Down, kept in \
            ~/.okik/chat_history), Tab completion of commands, namespaces, Deployments and plan ids, and markdown \
            rendered for the terminal. Without a terminal it reads one question a line from standard input and \
            prints plain answers, so it can be scripted.

            Commands at the prompt: /level [L0..L4], /plans, /approve ID, /reject ID REASON, /help, /quit.

            Examples:
              okikctl chat
              echo "why is payments-api failing?" | okikctl chat -n okik-crashloop

            Exit codes: 0 done; 1 error (no server and no cluster, or the chat failed).
            """
    )

    @OptionGroup var options: GlobalOptions

    func run() async throws {
        try await reportingFailures {
            let options = options
            let logger = options.logger("okik.ctl")
            // The model only serves the in-process fallback; a deployed server uses its own.
            let local: (model: (any ChatModel)?, problem: String?)
            do {
                local = (try AgentFlags().llmConfiguration()?.makeChatModel(), nil)
            } catch {
                local = (nil, "\(error)")
            }
            try await OkikSession.with(options, inProcess: true, model: local.model, logger: logger) { session in
                var loop = ChatLoop(
                    session: session, terminal: options.terminal, interactive: Terminal.isInteractive,
                    namespace: options.scope, localModelProblem: local.problem)
                try await loop.run()
            }
        }
    }
}

/// One chat on a terminal or a script: questions in, streamed answers out, slash commands on the side.
struct ChatLoop {
    let session: OkikSession
    let terminal: Terminal
    let interactive: Bool
    let namespace: String?
    let localModelProblem: String?
    private var chatID: UUID?

    init(session: OkikSession, terminal: Terminal, interactive: Bool, namespace: String?, localModelProblem: String?) {
        self.session = session
        self.terminal = terminal
        self.interactive = interactive
        self.namespace = namespace
        self.localModelProblem = localModelProblem
    }

    static let commands = ["/level", "/plans", "/approve", "/reject", "/help", "/quit"]

    mutating func run() async throws {
        let status = try await session.server.status()
        let editor: LineEditor?
        if interactive {
            let names = await resourceNames()
            let server = session.server
            let directory = (LocalOkik.databasePath as NSString).deletingLastPathComponent
            try? FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            editor = LineEditor(historyFile: directory + "/chat_history") { before in
                ChatLoop.completions(before, names: names, server: server)
            }
            say(greeting(status))
        } else {
            editor = nil
            if let offline = offlineReason(status) { note("offline: \(offline)") }
        }
        while let line = editor?.readLine(prompt: terminal.bold("okik> ")) ?? (editor == nil ? Swift.readLine() : nil) {
            let text = line.trimmingCharacters(in: .whitespacesAndNewlines)
            if text.isEmpty { continue }
            if text.hasPrefix("/") {
                if try await command(text) == false { return }
                continue
            }
            if let scope = namespace, chatID == nil {
                try await ask("(We are looking at namespace \(scope).) \(text)")
            } else {
                try await ask(text)
            }
        }
    }

    /// Sends a question and prints the answer as it streams.
    private mutating func ask(_ question: String) async throws {
        var markdown = MarkdownRenderer(terminal: terminal)
        do {
            for try await event in session.server.chatStream(question, session: chatID) {
                switch event.kind {
                case "session":
                    chatID = event.session ?? chatID
                case "text":
                    write(markdown.feed(event.text ?? ""))
                case "tool_call_decided":
                    if let call = event.call {
                        say(terminal.dim(Terminal.sanitise("  → \(call.invocation.tool) \(call.invocation.arguments.jsonString()): \(call.decision)")))
                    }
                case "tool_call_finished":
                    if event.isError == true {
                        say(terminal.dim("  ✗ \(Terminal.sanitise(event.tool ?? "tool")): \(oneLine(event.result ?? "", max: 160))"))
                    }
                case "plan_queued":
                    if let id = event.planID {
                        say(terminal.yellow("  plan \(shortID(id)) waits for approval: /approve \(shortID(id))"))
                    }
                case "error":
                    say(terminal.red("error: \(Terminal.sanitise(event.message ?? "the chat failed"))"))
                case "done":
                    write(markdown.finish())
                    if let answer = event.answer {
                        chatID = answer.session
                        if answer.offline {
                            say(terminal.dim("(offline answer: \(Terminal.sanitise(answer.offlineReason ?? "no model configured")))"))
                        }
                    }
                default:
                    break
                }
            }
        } catch {
            write(markdown.finish())
            throw error
        }
        if interactive { say("") }
    }

    /// Runs a slash command; false ends the chat.
    private func command(_ text: String) async throws -> Bool {
        let parts = text.split(separator: " ", maxSplits: 2).map(String.init)
        let server = session.server
        do {
            switch parts[0] {
            case "/quit", "/exit":
                return false
            case "/help":
                say("""
                    /level            show the autonomy level
                    /level L3         set it (admin token)
                    /plans            the plans waiting for approval
                    /approve ID       approve and run a plan (approver token)
                    /reject ID WHY    reject a plan
                    /quit             leave
                    """)
            case "/level":
                let status: StatusResponse
                if parts.count > 1 {
                    guard let level = AutonomyLevel(parsing: parts[1]) else {
                        say(terminal.red("\(parts[1]) is not a level: L0, L1, L2, L3 or L4"))
                        return true
                    }
                    status = try await server.setAutonomy(level: level)
                } else {
                    status = try await server.status()
                }
                say(StatusRenderer(terminal: terminal).controls(status))
            case "/plans":
                say(PlanRenderer(terminal: terminal).list(try await server.pendingPlans().plans, empty: "No plans wait for approval."))
            case "/approve", "/reject":
                guard parts.count > 1, let reference = PlanReference(argument: parts[1]) else {
                    say(terminal.red("usage: \(parts[0]) ID" + (parts[0] == "/reject" ? " REASON" : "")))
                    return true
                }
                let id = try await reference.resolve(server)
                let decided: PlanDecisionResponse
                if parts[0] == "/approve" {
                    decided = try await server.approve(plan: id)
                } else {
                    guard parts.count > 2 else {
                        say(terminal.red("usage: /reject ID REASON"))
                        return true
                    }
                    decided = try await server.reject(plan: id, reason: parts[2])
                }
                say(PlanRenderer(terminal: terminal).decision(decided))
            default:
                say(terminal.red("unknown command \(parts[0]); /help lists them"))
            }
        } catch {
            say(terminal.red(Terminal.sanitise(CommandFailure.from(error).message)))
        }
        return true
    }

    private func greeting(_ status: StatusResponse) -> String {
        var lines = [terminal.bold("OKIK chat") + Terminal.sanitise(" · \(session.mode.description) · level \(status.level) (\(status.levelTitle))")]
        if let offline = offlineReason(status) {
            lines.append(terminal.yellow("Offline: \(Terminal.sanitise(offline)). Answers come from OKIK's built-in rules, not from a model."))
        } else if let model = status.agent?.model {
            lines.append("Model: \(Terminal.sanitise(model))")
        }
        if status.emergencyStop { lines.append(terminal.red("Emergency stop is ON: OKIK will not change anything.")) }
        lines.append(terminal.dim("Ask about the cluster. /help lists commands, /quit leaves."))
        return lines.joined(separator: "\n")
    }

    /// Why answers come without a model, or nil when a model answers.
    private func offlineReason(_ status: StatusResponse) -> String? {
        if let reason = status.agent?.offlineReason { return reason }
        if status.agent?.model != nil { return nil }
        if case .inProcess = session.mode, let localModelProblem { return "the model settings cannot be used: \(localModelProblem)" }
        return "no model is configured"
    }

    /// Namespaces and Deployment names, for completion; empty when the cluster cannot be read.
    private func resourceNames() async -> [String] {
        guard let kube = session.kube else { return [] }
        let namespaces = (try? await kube.clusterScoped(Namespace.self).list().items.map(\.name)) ?? []
        let deployments = (try? await kube.namespaced(Deployment.self, in: .allNamespaces).list().items.map(\.name)) ?? []
        return Array(Set(namespaces + deployments)).sorted()
    }

    /// Completion candidates for the word before the cursor.
    static func completions(_ before: String, names: [String], server: OkikServerClient) -> [String] {
        let words = before.split(separator: " ", omittingEmptySubsequences: false)
        if words.count <= 1 && before.hasPrefix("/") { return commands }
        if words.first == "/level" { return AutonomyLevel.allValueStrings }
        return names
    }

    private func say(_ text: String) {
        write(text + "\n")
    }

    private func write(_ text: String) {
        guard !text.isEmpty else { return }
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}
