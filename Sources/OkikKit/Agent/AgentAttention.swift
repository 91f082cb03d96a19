import Foundation

/// Decides whether what changed deserves a model call, from what the model has already been told.
///
/// A cluster churns: info and low findings come and go with every Job, a workload that flaps between two states
/// raises the same findings every few minutes, and the kubelet writes a new Event object for each OOM kill. None of
/// that is news to a model that was told within the recall window. A change earns a call when it is:
/// - a finding at or above ``AgentConfiguration/attentionSeverity`` whose severity or proposed fix differs from what
///   the model was last told about it within ``AgentConfiguration/recall``, or, for a finding it was never told,
///   whose object it has not heard about lately at that severity or worse;
/// - a warning event whose object and reason the model has not heard within the recall window. Whoever may create
///   Events writes both, so a reason outside Kubernetes' own vocabulary (``knownReasons``) counts as `other`, and at
///   most ``maxWarningNewsPerNamespace`` objects and reasons of one namespace are news within the window: Events made
///   up anew every tick cost a bounded number of calls, not one a tick;
/// - a plan a person decided;
/// - a firing alert from Alertmanager the model has not been told about (a re-sent one is not news).
/// Findings that resolved, and low ones, ride along in the next context but never cause a call alone. Watchdog
/// actions and verification results are always news; the agent adds them itself.
struct AgentAttention: Sendable {
    private struct Told: Sendable {
        var severity: Severity
        var fix: [String]
        var at: Date
    }

    var severity: Severity
    var recall: TimeInterval
    private var findings: [String: Told] = [:]
    private var subjects: [ResourceRef: (severity: Severity, at: Date)] = [:]
    /// When the model was told of each warning key; at most ``maxWarningNewsPerNamespace`` keys per namespace.
    private var warnings: [String: (namespace: String, at: Date)] = [:]

    /// Within the recall window, at most this many warning keys (object and reason) of one namespace are news.
    static let maxWarningNewsPerNamespace = 3

    /// The Warning reasons the kubelet and the built-in controllers write; any other counts as `other`.
    static let knownReasons: Set<String> = [
        "BackOff", "Failed", "FailedScheduling", "Unhealthy", "ProbeWarning", "FailedMount", "FailedAttachVolume",
        "FailedMapVolume", "FailedCreate", "FailedDelete", "FailedCreatePodSandBox", "FailedKillPod", "FailedSync",
        "FailedPreStopHook", "FailedPostStartHook", "OOMKilling", "SystemOOM", "Evicted", "Evicting",
        "EvictionThresholdMet", "Preempting", "InspectFailed", "ErrImageNeverPull", "FailedValidation",
        "NodeNotReady", "NodeNotSchedulable", "Rebooted", "ContainerGCFailed", "ImageGCFailed", "FreeDiskSpaceFailed",
        "InvalidDiskCapacity", "NetworkNotReady", "FailedGetScale", "FailedComputeMetricsReplicas",
        "FailedGetResourceMetric", "FailedGetPodsMetric", "FailedGetExternalMetric", "FailedRescale",
        "FailedUpdateStatus", "ProvisioningFailed", "FailedBinding", "VolumeResizeFailed", "BackoffLimitExceeded",
        "DeadlineExceeded", "TooManyActivePods", "UnexpectedJob", "FailedNeedsStart", "FailedToUpdateEndpoint",
        "FailedToCreateEndpoint", "FailedToUpdateEndpointSlices", "CalculateExpectedPodCountFailed",
        "SyncLoadBalancerFailed", "FailedDaemonPod", "ReplicaSetCreateError", "ProgressDeadlineExceeded",
    ]

    init(severity: Severity, recall: Duration) {
        self.severity = severity
        self.recall = recall.timeInterval
    }

    /// The reasons to call the model about `delta` and `newAlerts` untold firing alerts, empty when there are none.
    func reasons(in delta: ObservationDelta, newAlerts: Int = 0, at now: Date) -> [String] {
        var reasons: [String] = []
        let news = (delta.new + delta.changed).filter { finding in
            guard finding.severity >= severity else { return false }
            if let told = findings[finding.id], now.timeIntervalSince(told.at) < recall {
                return told.severity != finding.severity || told.fix != finding.proposedCalls.map(\.fingerprint)
            }
            // A finding the model has not seen is news unless its object was reported at least as severe lately
            // (a workload flapping between two states raises a new finding at each turn).
            guard let subject = subjects[finding.subject], now.timeIntervalSince(subject.at) < recall else { return true }
            return finding.severity > subject.severity
        }
        if !news.isEmpty { reasons.append("\(news.count) finding(s) at \(severity.rawValue) or above the model has not seen") }
        var room: [String: Int] = [:]
        for told in warnings.values where now.timeIntervalSince(told.at) < recall { room[told.namespace, default: 0] += 1 }
        var fresh: Set<String> = []
        for warning in delta.warnings {
            let key = Self.key(warning)
            guard warnings[key].map({ now.timeIntervalSince($0.at) >= recall }) ?? true, !fresh.contains(key) else { continue }
            let namespace = warning.object.namespace ?? ""
            guard room[namespace, default: 0] < Self.maxWarningNewsPerNamespace else { continue }
            room[namespace, default: 0] += 1
            fresh.insert(key)
        }
        if !fresh.isEmpty { reasons.append("\(fresh.count) new kind(s) of warning event") }
        if !delta.decidedPlans.isEmpty { reasons.append("\(delta.decidedPlans.count) plan(s) decided") }
        if newAlerts > 0 { reasons.append("\(newAlerts) new firing alert(s) from Alertmanager") }
        return reasons
    }

    /// Records that the model was told everything in `delta`.
    mutating func told(_ delta: ObservationDelta, at now: Date) {
        for finding in delta.new + delta.changed {
            findings[finding.id] = Told(severity: finding.severity, fix: finding.proposedCalls.map(\.fingerprint), at: now)
            let previous = subjects[finding.subject]
            if previous.map({ $0.severity <= finding.severity || now.timeIntervalSince($0.at) >= recall }) ?? true {
                subjects[finding.subject] = (finding.severity, now)
            }
        }
        let horizon = now.addingTimeInterval(-recall)
        findings = findings.filter { $0.value.at > horizon }
        subjects = subjects.filter { $0.value.at > horizon }
        warnings = warnings.filter { $0.value.at > horizon }
        // Kept only within the per-namespace bound: beyond it nothing is news anyway, and made-up Events cannot grow
        // the memory.
        var kept: [String: Int] = [:]
        for told in warnings.values { kept[told.namespace, default: 0] += 1 }
        for warning in delta.warnings {
            let key = Self.key(warning)
            let namespace = warning.object.namespace ?? ""
            // A key already told keeps the time it was told: refreshing it at every tick would let three chronic
            // warnings hold their namespace's slots for ever, and no new kind there would be news again.
            guard warnings[key] == nil, kept[namespace, default: 0] < Self.maxWarningNewsPerNamespace else { continue }
            kept[namespace, default: 0] += 1
            warnings[key] = (namespace, now)
        }
    }

    /// Events of one object with one reason are one kind of news, whatever the Event object is called; a reason
    /// Kubernetes does not write is `other`.
    private static func key(_ warning: WarningEvent) -> String {
        "\(warning.object) \(knownReasons.contains(warning.reason) ? warning.reason : "other")"
    }
}
