import Logging
import OkikSimulator
import Synchronization
import Testing

@Suite("okikctl demo tour")
struct GuidedTourTests {
    @Test func everyStepReportsWhatTheAPIAnswered() async throws {
        let lines = Mutex<[String]>([])
        var logger = Logger(label: "okik.test")
        logger.logLevel = .error
        try await GuidedTour.run(logger: logger) { line in lines.withLock { $0.append(line) } }
        let output = lines.withLock { $0 }.joined(separator: "\n")
        #expect(output.contains("Discovery: 29 resource kinds"))
        #expect(output.contains("shop/web-3  ready=false  restarts=7  waiting=CrashLoopBackOff  last=OOMKilled (exit 137)"))
        #expect(output.contains("MODIFIED web replicas=5"))
        #expect(output.contains("the object has been modified"))
        #expect(output.contains("web-2 was protected: Cannot evict pod as it would violate the pod's disruption budget."))
        #expect(output.contains("| fatal: out of memory"))
        #expect(output.contains("conflict with \"okik\": .spec.replicas"))
    }
}
