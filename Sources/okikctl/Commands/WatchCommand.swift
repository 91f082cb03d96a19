import ArgumentParser
import Foundation
import OkikKit

/// `okikctl watch`: the recommendation feed, live.
struct Watch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Follow the watchdog's recommendations and actions as they happen, one line each.",
        discussion: """
            Prints what the feed holds, then every new entry until interrupted (or --count entries). -o json prints \
            one JSON object a line, for jq and scripts. Needs a running OKIK server: the feed is the server's \
            watchdog's.

            Examples:
              okikctl watch
              okikctl watch -o json | jq -r .rule

            Exit codes: 0 done (interrupted or --count reached); 1 error or the stream broke.
            """
    )

    @Option(help: "Stop after this many entries.")
    var count: Int?

    @OptionGroup var options: GlobalOptions

    func validate() throws {
        if let count, count < 1 { throw ValidationError("--count must be at least 1") }
        if options.output == .yaml { throw ValidationError("watch prints table lines or JSON lines (-o json), not YAML") }
    }

    func run() async throws {
        try await reportingFailures {
            let (options, count) = (options, count)
            let terminal = options.terminal
            try await OkikSession.with(options, inProcess: false, logger: options.logger("okik.ctl")) { session in
                func show(_ entry: Recommendation) throws {
                    switch options.output {
                    case .json, .yaml: emit(try APIJSON.line(entry))
                    case .table: emit(Self.line(entry, terminal: terminal))
                    }
                }
                // What the feed holds, then what comes, in one stream: the server subscribes before it reads the
                // feed, so nothing added between the two is lost (a separate GET first had a gap).
                for try await entry in session.server.recommendationStream(count: count, replayingHeld: true) {
                    try show(entry)
                }
            }
        }
    }

    /// `18:04:05  high  crashloop  Deployment shop/checkout: restarted 6 times; quarantined (executed)`.
    static func line(_ entry: Recommendation, terminal: Terminal) -> String {
        let severity = switch entry.severity {
        case .critical, .high: terminal.red(entry.severity.rawValue)
        case .medium: terminal.yellow(entry.severity.rawValue)
        default: entry.severity.rawValue
        }
        var text = "\(timestamp(entry.createdAt))  \(severity)  "
            + Terminal.sanitise("\(entry.rule)  \(entry.subject): ") + oneLine(entry.message, max: 100)
        if let action = entry.action {
            text += Terminal.sanitise("; \(action.invocation.tool) \(action.outcome.rawValue)")
            if let plan = action.planID { text += " as plan \(shortID(plan))" }
        } else {
            text += "; " + terminal.dim(oneLine(entry.recommendation, max: 80))
        }
        return text
    }
}

extension APIJSON {
    /// A value as one line of JSON (sorted keys, ISO 8601 dates).
    static func line(_ value: some Encodable) throws -> String {
        String(decoding: try lineEncoder.encode(value), as: UTF8.self)
    }

    private static var lineEncoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }
}
