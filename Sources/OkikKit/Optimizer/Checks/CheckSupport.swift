import Foundation
import OkikKubeClient

/// Small helpers the built-in checks share: formatting figures, reading pod state, building proposed calls.
enum Figures {
    static let mebibyte: Int64 = 1 << 20

    /// `250m` or `2` (whole cores).
    static func cpu(_ millicores: Int64) -> String {
        millicores % 1000 == 0 ? "\(millicores / 1000)" : "\(millicores)m"
    }

    /// `512Mi`, `1.5Gi`, or bytes below 1 MiB.
    static func memory(_ bytes: Int64) -> String {
        if bytes >= 1 << 30 {
            let gibibytes = Double(bytes) / Double(1 << 30)
            return gibibytes == gibibytes.rounded() ? "\(Int(gibibytes))Gi" : String(format: "%.1fGi", gibibytes)
        }
        if bytes >= mebibyte { return "\(Int((Double(bytes) / Double(mebibyte)).rounded()))Mi" }
        return "\(bytes)"
    }

    /// An exact memory quantity for a tool argument, in whole MiB rounded up (`1536Mi`), so a proposal is never below
    /// the figure it was computed from (``memory(_:)`` rounds for reading).
    static func memoryQuantity(_ bytes: Int64) -> String {
        "\(bytes.saturatingAdd(mebibyte - 1) / mebibyte)Mi"
    }

    /// A whole percentage, `23%`.
    static func percent(_ part: Double, of whole: Double) -> String {
        whole > 0 ? "\(Int(saturating: (100 * part / whole).rounded()))%" : "n/a"
    }

    /// A CPU quantity for a recommendation: scaled by `factor`, rounded up to 5m, at least `floor`.
    static func recommendedCPU(_ millicores: Int64, factor: Double, floor: Int64 = 10) -> Int64 {
        let scaled = Int64(saturating: (Double(millicores) * factor).rounded(.up))
        return max(floor, scaled.saturatingAdd(4) / 5 * 5)
    }

    /// A memory quantity for a recommendation: scaled by `factor`, rounded up to whole MiB, at least `floor`.
    static func recommendedMemory(_ bytes: Int64, factor: Double, floor: Int64 = 32 << 20) -> Int64 {
        let scaled = Int64(saturating: (Double(bytes) * factor).rounded(.up))
        return max(floor, scaled.saturatingAdd(mebibyte - 1) / mebibyte * mebibyte)
    }

    /// How long ago a timestamp was, in seconds (0 when unknown).
    static func age(_ timestamp: Timestamp?, at now: Date) -> Double {
        guard let timestamp else { return 0 }
        return now.timeIntervalSince(timestamp.date)
    }

    /// `3m20s` style.
    static func duration(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        if total >= 3600 { return "\(total / 3600)h\((total % 3600) / 60)m" }
        if total >= 60 { return "\(total / 60)m\(total % 60 == 0 ? "" : "\(total % 60)s")" }
        return "\(total)s"
    }
}

extension Pod {
    /// Whether the pod is finished or going away, so container checks should ignore it.
    var isSettled: Bool {
        metadata.deletionTimestamp != nil || status?.phase == "Succeeded" || status?.phase == "Failed"
    }

    /// Container statuses, or none.
    var containerStatuses: [ContainerStatus] { status?.containerStatuses ?? [] }

    /// The unschedulable PodScheduled condition, when the scheduler could not place the pod.
    var unschedulableCondition: Condition? {
        guard let condition = status?.conditions?.first(ofType: "PodScheduled"), condition.isFalse else { return nil }
        return condition
    }
}

extension WorkloadFigures {
    /// The workload's live pods (not finished, not being deleted) from the snapshot.
    func livePods(in snapshot: ClusterSnapshot) -> [Pod] {
        podIndexes.map { snapshot.pods[$0] }.filter { !$0.isSettled }
    }

    /// Whether the workload kind runs continuously (Deployment, StatefulSet, DaemonSet).
    var isLongRunning: Bool { ["Deployment", "StatefulSet", "DaemonSet"].contains(ref.kind) }
}

extension ResourceRef {
    /// `deployment/web -n shop`, the way kubectl names it in commands.
    var kubectlName: String {
        "\(kind.lowercased())/\(name)\(namespace.map { " -n \($0)" } ?? "")"
    }
}

extension ToolInvocation {
    /// `update_resources` for one container of a Deployment.
    static func updateResources(
        _ deployment: ResourceRef, container: String, requests: [String: String] = [:], limits: [String: String] = [:]
    ) -> ToolInvocation {
        var arguments: [String: JSONValue] = [
            "namespace": .string(deployment.namespace ?? ""), "name": .string(deployment.name), "container": .string(container),
        ]
        if !requests.isEmpty { arguments["requests"] = .object(requests.mapValues { .string($0) }) }
        if !limits.isEmpty { arguments["limits"] = .object(limits.mapValues { .string($0) }) }
        return ToolInvocation(tool: UpdateResourcesTool.name, arguments: .object(arguments))
    }
}

extension Deployment {
    /// Whether OKIK quarantined it.
    var isQuarantined: Bool { QuarantineAnnotations.isQuarantined(metadata) }
}
