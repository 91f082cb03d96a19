import Foundation
import OkikKit
import OkikKubeClient
import Testing

/// What serves, from pods as the API shows them.
@Suite("Workload availability")
struct WorkloadAvailabilityTests {
    static let now = Date(timeIntervalSince1970: 1_767_229_200)

    static func pod(restarts: Int, finished: Date, ran: TimeInterval? = nil) -> Pod {
        let stamp = Timestamp(finished).rfc3339
        let started = ran.map { #", "startedAt": "\#(Timestamp(finished.addingTimeInterval(-$0)).rfc3339)""# } ?? ""
        let json = #"""
            {"metadata": {"name": "web-1", "namespace": "shop"},
             "status": {"phase": "Running", "conditions": [{"type": "Ready", "status": "True"}],
                        "containerStatuses": [{"name": "main", "ready": true, "restartCount": \#(restarts), "state": {"running": {}},
                                               "lastState": {"terminated": {"exitCode": 1, "reason": "Error", "finishedAt": "\#(stamp)"\#(started)}}}]}}
            """#
        return try! JSONDecoder().decode(Pod.self, from: Data(json.utf8))
    }

    static func serving(_ pod: Pod) -> Int {
        WorkloadAvailability.compute(
            workload: ResourceRef(kind: "Deployment", namespace: "shop", name: "web"), desiredReplicas: 1, pods: [pod],
            budgets: [], policy: .default, now: now
        ).serving
    }

    @Test func aReadyPodThatCrashedRecentlyDoesNotServe() {
        #expect(Self.serving(Self.pod(restarts: 6, finished: Self.now.addingTimeInterval(-60))) == 0)
        #expect(Self.serving(Self.pod(restarts: 6, finished: Self.now.addingTimeInterval(-3600))) == 1)
    }

    /// The restart count is the pod's lifetime's: a pod with old restarts whose container ran for days, crashed once a
    /// minute ago (a database failover) and is Ready again serves; one whose last run lasted seconds is looping.
    @Test func aSteadyRunBeforeOneRecentCrashIsNotALoop() {
        #expect(Self.serving(Self.pod(restarts: 7, finished: Self.now.addingTimeInterval(-40), ran: 40 * 86_400)) == 1)
        #expect(Self.serving(Self.pod(restarts: 7, finished: Self.now.addingTimeInterval(-40), ran: 12)) == 0)
    }

    @Test func aFinishTimeAheadOfOKIKsClockSaysNothingAboutRecency() {
        // A node whose clock runs a day fast: the pod serves.
        #expect(Self.serving(Self.pod(restarts: 6, finished: Self.now.addingTimeInterval(86_400))) == 1)
        // Within the tolerance it still counts as recent.
        #expect(Self.serving(Self.pod(restarts: 6, finished: Self.now.addingTimeInterval(30))) == 0)
    }
}
