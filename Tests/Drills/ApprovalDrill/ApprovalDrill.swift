import Foundation
import Logging
import OkikKit

/// A second OKIK process for the approval tests: it opens the shared audit database and approves, as a person, every
/// plan id it is given, several at a time, in a shuffled order. The test runs two of these at once and kills one.
///
/// Usage: okik-approval-drill DB KUBECONFIG PLAN_IDS_FILE APPROVER SEED
@main
struct ApprovalDrill {
    static func main() async throws {
        let arguments = CommandLine.arguments
        guard arguments.count == 6, let seed = UInt64(arguments[5]) else {
            FileHandle.standardError.write(Data("usage: okik-approval-drill DB KUBECONFIG PLAN_IDS_FILE APPROVER SEED\n".utf8))
            exit(2)
        }
        var logger = Logger(label: "okik.drill")
        logger.logLevel = .error
        let store = try SQLiteAuditStore(path: arguments[1])
        let ids = try String(contentsOfFile: arguments[3], encoding: .utf8).split(separator: "\n").compactMap { UUID(uuidString: String($0)) }
        var generator = SplitMix(state: seed)
        let order = ids.shuffled(using: &generator)
        let approver = Caller(.human, arguments[4])
        try await KubeClient.withClient(config: try KubeConfig.load(from: arguments[2]), logger: logger) { client in
            let executor = try await GatedToolExecutor.start(
                client: client, store: store,
                configuration: GatekeeperConfiguration(level: .l1, rateLimits: .unlimited, dryRunPreview: false),
                logger: logger)
            var ran = 0
            try await withThrowingTaskGroup(of: Bool.self) { group in
                var next = order.makeIterator()
                for _ in 0..<8 {
                    guard let id = next.next() else { break }
                    group.addTask { (try? await executor.approvals.approve(id, by: approver))?.ranNow ?? false }
                }
                while let result = try await group.next() {
                    if result { ran += 1 }
                    if let id = next.next() {
                        group.addTask { (try? await executor.approvals.approve(id, by: approver))?.ranNow ?? false }
                    }
                }
            }
            print("ran \(ran)")
        }
    }
}

/// A seeded generator, so a run's order replays.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
