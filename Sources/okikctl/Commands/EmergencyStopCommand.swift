import ArgumentParser
import Foundation
import Logging
import OkikKit

/// `okikctl emergency-stop [on|off|status]`: stops OKIK by writing the `okik-control` ConfigMap through the
/// Kubernetes API, which works while the server is down or hung, and also through the server when `--server` answers.
struct EmergencyStop: AsyncParsableCommand {
    /// What to do.
    enum Action: String, ExpressibleByArgument, CaseIterable {
        case on, off, status
    }

    static let configuration = CommandConfiguration(
        commandName: "emergency-stop",
        abstract: "Engage, lift or show OKIK's emergency stop, even when its server is down or hung.",
        discussion: """
            `on` denies every write OKIK would make and holds approvals; `off` lifts it; `status` shows it. The stop is \
            written into the ConfigMap okik-control in okik-system through the Kubernetes API with your kubeconfig \
            (you need get, create and update on that ConfigMap), so it holds even when the server does not answer: a \
            running server applies it at its next watch event, a starting one before its first decision. The server \
            is told too when it answers within 10 seconds (found in the cluster, or at --server; it needs an admin \
            token: --token, OKIK_TOKEN, or the okik-api-tokens Secret).

            Examples:
              okikctl emergency-stop on --reason "bad rollout in payments"
              okikctl emergency-stop status
              okikctl emergency-stop off --server http://127.0.0.1:8000 --token "$OKIK_TOKEN"

            Exit codes: 0 done (in at least one place), 1 failed everywhere.
            """
    )

    @Argument(help: "on, off or status.")
    var action: Action = .status

    @Option(help: "Why (recorded with the stop and in the audit).")
    var reason: String?

    @Option(help: "The control ConfigMap as NAMESPACE/NAME.")
    var controlConfigmap = "\(ControlConfigMap.defaultNamespace)/\(ControlConfigMap.defaultName)"

    @OptionGroup var options: GlobalOptions

    func validate() throws {
        guard configMap != nil else {
            throw ValidationError("--control-configmap must be NAMESPACE/NAME, not \(controlConfigmap)")
        }
        if reason != nil && action != .on { throw ValidationError("--reason goes with `on`") }
    }

    private var configMap: ControlMirrorConfiguration? { ControlMirrorConfiguration(reference: controlConfigmap) }

    /// What one place (the ConfigMap, the server) said; also the `-o json` document's parts.
    struct Outcome: Encodable {
        var place: String
        var reached: Bool
        var emergencyStop: Bool?
        var reason: String?
        var level: String?
        var changedBy: String?
        var error: String?
        /// The line for people (not in the JSON).
        var text: String

        private enum CodingKeys: String, CodingKey {
            case place, reached, emergencyStop, reason, level, changedBy, error
        }
    }

    func run() async throws {
        let logger = options.logger("okik.ctl")
        let person = Caller(.human, LocalOkik.person)
        let target = configMap ?? .default
        let (namespace, name) = (target.namespace, target.name)
        var outcomes: [Outcome] = []
        let place = "ConfigMap \(namespace)/\(name)"
        do {
            let client = try KubeClient(
                config: try KubeConfig.loadDefault(explicitPath: options.kubeconfig), context: options.context, logger: logger)
            let result: Result<ControlRecord?, any Error>
            do {
                switch action {
                case .status:
                    result = .success(try await ControlConfigMap.read(client: client, namespace: namespace, name: name))
                case .on, .off:
                    result = .success(
                        try await ControlConfigMap.setEmergencyStop(
                            action == .on, reason: reason ?? "engaged with okikctl", by: person, client: client,
                            namespace: namespace, name: name))
                }
            } catch {
                result = .failure(error)
            }
            try? await client.shutdown()
            let record = try result.get()
            outcomes.append(Outcome(
                place: place, reached: true, emergencyStop: record?.emergencyStop, reason: record?.emergencyStopReason,
                level: record?.level?.description, changedBy: record?.changedBy, text: "\(place): \(Self.describe(record))"))
        } catch {
            outcomes.append(Outcome(place: place, reached: false, error: "\(error)", text: "\(place): failed: \(error)"))
        }

        do {
            let connection = try await OkikConnection.connect(options, logger: logger, timeout: .seconds(10))
            let okik = connection.server
            let answer: Result<StatusResponse, any Error>
            do {
                switch action {
                case .status: answer = .success(try await okik.status())
                case .on: answer = .success(try await okik.emergencyStop(engaged: true, reason: reason ?? "engaged with okikctl"))
                case .off: answer = .success(try await okik.emergencyStop(engaged: false))
                }
            } catch {
                answer = .failure(error)
            }
            await connection.close()
            let serverPlace = "server \(connection.place.description)"
            switch answer {
            case .success(let status):
                outcomes.append(Outcome(
                    place: serverPlace, reached: true, emergencyStop: status.emergencyStop, reason: status.emergencyStopReason,
                    level: status.level, changedBy: status.changedBy,
                    text: "\(serverPlace): emergency stop \(status.emergencyStop ? "ON" : "off")"
                        + (status.emergencyStopReason.map { " (\($0))" } ?? "") + ", level \(status.level), changed by \(status.changedBy)"))
            case .failure(let error):
                outcomes.append(Outcome(place: serverPlace, reached: false, error: "\(error)", text: "\(serverPlace): failed: \(error)"))
            }
        } catch let error as OkikConnection.NotDeployed {
            outcomes.append(Outcome(place: "server", reached: false, error: error.detail, text: "server: none deployed (\(error.detail))"))
        } catch {
            outcomes.append(Outcome(place: "server", reached: false, error: "\(error)", text: "server: failed: \(error)"))
        }
        try options.show(outcomes) { Terminal.sanitise(outcomes.map(\.text).joined(separator: "\n")) }
        if !outcomes.contains(where: \.reached) { throw ExitCode(1) }
    }

    /// `ON (bad rollout), set by human:alice at ...`, or why there is nothing.
    static func describe(_ record: ControlRecord?) -> String {
        guard let record else { return "absent (no stop set there; OKIK creates it when it starts in the cluster)" }
        var text = record.emergencyStop == true ? "emergency stop ON" : "emergency stop off"
        if record.emergencyStop == true, let reason = record.emergencyStopReason, !reason.isEmpty { text += " (\(reason))" }
        if let level = record.level { text += ", level \(level)" }
        if let by = record.changedBy { text += ", changed by \(by)" }
        if let at = record.changedAt { text += " at \(at.formatted(.iso8601))" }
        for problem in record.problems { text += "; \(problem)" }
        return text
    }
}
