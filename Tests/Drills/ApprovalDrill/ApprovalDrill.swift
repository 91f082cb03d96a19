import Foundation
import Logging
import OkikKit

/// A second OKIK process for the approval tests: it opens the shared audit database and approves, as a person, every
/// plan id it is given, several at a time, in a shuffled order. The test runs two of these at once and kills one.
///
/// Usage: okik-approval-drill DB KUBECONFIG PLAN_IDS_FILE APPROVER
@main
struct ApprovalDrill {
    static func main() async throws {
        let arguments = CommandLine.arguments
        guard arguments.count == 5 else {
            FileHandle.standardError.write(Data("usage: okik-approval-drill DB KUBECONFIG PLAN_IDS_FILE APPROVER\n".utf8))
            exit(2)
        }
        var logger = Logger(label: "okik.drill")
        logger.logLevel = .error
        let store = try SQLiteAuditStore(path: arguments[1])
        let ids = try String(contentsOfFile: arguments[3], encoding: .utf8).split(separator: "\n").compactMap { UUID(uuidString: String($0)) }
        let order = ids.shuffled()
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
