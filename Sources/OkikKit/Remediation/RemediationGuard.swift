import Foundation
import OkikKubeClient

/// The remediation guards: every proposed write passes them, next to the ``Gatekeeper``, whoever proposes it. They
/// read the cluster as it is now (so an approval an hour later is judged on the cluster of that moment), then apply
/// pure rules (availability floor, quarantine only what serves nothing, node cordon limits and capacity, rightsizing
/// from history, autoscaler room, scope and one write per workload per pass). Checks propose; guards and the gate
/// decide.
public struct RemediationGuard: Sendable {
    /// What the guards decided about one call, and the workloads (or nodes) it writes to.
    public struct Judgement: Sendable {
        /// The verdict.
        public var verdict: GuardVerdict
        /// The subjects the call writes to, after owner resolution (a pod's Deployment, an autoscaler's target).
        public var subjects: [ResourceRef]
        /// The revisions of the workload subjects (Deployments, StatefulSets) as they were read.
        public var revisions: [ResourceRef: String] = [:]

        /// What a plan made now records, so that its approval covers this judgement and no more.
        public var conditions: ActionPlan.Conditions {
            var rule: String?
            if case .requireApproval(let name, _) = verdict { rule = name }
            return ActionPlan.Conditions(
                approvalRule: rule,
                revisions: Dictionary(revisions.map { ($0.key.description, $0.value) }) { first, _ in first })
        }

        /// Why a step approved under `conditions` must not run on the cluster judged now: a guard asks for a person
        /// about something it did not ask about when the plan was made, or a workload was rolled out since. Nil
        /// when the approval covers this judgement.
        public func staleness(against conditions: ActionPlan.Conditions) -> String? {
            if case .requireApproval(let rule, _) = verdict, rule != conditions.approvalRule,
                !RemediationGuard.personDecidesRules.contains(rule)
            {
                return "the cluster changed since the plan was made, and the approval does not cover this: \(verdict); ask for a new plan"
            }
            for (subject, now) in revisions.sorted(by: { $0.key.description < $1.key.description }) {
                if let then = conditions.revisions[subject.description], then != now {
                    return "\(subject) was rolled out since the plan was made (revision \(then), now \(now)); the approval was for the workload as it was, so ask for a new plan"
                }
            }
            return nil
        }
    }

    /// Rules that ask for a person whatever the cluster shows (OKIK's own pace, a revision's age, an autoscaler in
    /// charge): a person's approval is the answer they ask for, so they never make an approved plan stale.
    public static let personDecidesRules: Set<String> = [
        AvailabilityRules.burstRule, AvailabilityRules.provenRevisionRule, AutoscalerRules.cooldownRule,
        AutoscalerRules.ownsReplicasRule, ResizeRules.cooldownRule,
    ]

    /// The rule of a write the guards could not check because the cluster could not be read: it needs a person, or
    /// a later look when the cluster answers again.
    public static let verificationRule = "verification"

    /// The invariants' settings.
    public let policy: RemediationPolicy
    private let client: KubeClient
    private let history: any UsageHistoryStore
    private let audit: any AuditStore
    private let clock: any WallClock

    /// Creates the guards over a cluster, its usage history and the audit (which tells when a workload was last resized).
    public init(
        policy: RemediationPolicy = .default, client: KubeClient, history: any UsageHistoryStore, audit: any AuditStore,
        clock: any WallClock = SystemWallClock()
    ) {
        self.policy = policy
        self.client = client
        self.history = history
        self.audit = audit
        self.clock = clock
    }

    /// Judges one prepared call. Reads never need the guards; a write that cannot be checked (the cluster cannot be
    /// read) needs a person's approval, and is refused even then.
    public func judge(_ call: PreparedToolCall, approved: Bool, pass: RemediationPass?) async -> Judgement {
        guard call.package.isWrite else { return Judgement(verdict: .allow, subjects: []) }
        if let scope = pass?.namespace {
            for target in call.targets {
                if case .namespace(let namespace) = target.scope, namespace == scope { continue }
                return Judgement(
                    verdict: .refuse(
                        rule: "scope", reason: "this pass is limited to namespace \(scope); \(call.invocation.tool) would write to \(target)"),
                    subjects: [])
            }
        }
        var verdict = GuardVerdict.allow
        var subjects: [ResourceRef] = []
        do {
            for effect in call.effects {
                let (effectVerdict, subject) = try await judge(effect)
                verdict = verdict.combined(with: effectVerdict)
                subjects.append(subject)
            }
        } catch {
            let reason = "could not read the cluster to check the remediation invariants: \(ToolFailure(error).message)"
            verdict = approved
                ? .refuse(rule: Self.verificationRule, reason: reason)
                : .requireApproval(rule: Self.verificationRule, reason: reason)
        }
        if call.effects.isEmpty {
            subjects = call.targets.compactMap { target in
                target.name.map { ResourceRef(kind: target.kind, namespace: target.namespace, name: $0) }
            }
        }
        var revisions: [ResourceRef: String] = [:]
        for subject in subjects {
            if let revision = try? await revision(of: subject) { revisions[subject] = revision }
        }
        if let pass {
            for subject in subjects {
                if let earlier = pass.earlierWrite(to: subject) {
                    verdict = .refuse(
                        rule: "one-write-per-workload",
                        reason: "\(subject) was already changed in this pass (\(earlier)); one write per workload per pass")
                    break
                }
            }
        }
        return Judgement(verdict: verdict, subjects: subjects, revisions: revisions)
    }

    /// A workload's revision: a Deployment's `deployment.kubernetes.io/revision`, a StatefulSet's update revision;
    /// nil for other kinds or when it has none.
    private func revision(of subject: ResourceRef) async throws -> String? {
        guard let namespace = subject.namespace else { return nil }
        switch subject.kind {
        case "Deployment":
            return try await client.namespaced(Deployment.self, in: .named(namespace)).getIfPresent(subject.name)?
                .metadata.annotations?["deployment.kubernetes.io/revision"]
        case "StatefulSet":
            let set = try await client.namespaced(StatefulSet.self, in: .named(namespace)).getIfPresent(subject.name)
            return set?.status?.updateRevision ?? set?.status?.currentRevision
        default:
            return nil
        }
    }

    // MARK: - Effects

    private func judge(_ effect: RemediationEffect) async throws -> (GuardVerdict, ResourceRef) {
        let now = clock.now
        switch effect {
        case .setReplicas(let ref, let replicas):
            guard let facts = try await workload(ref, now: now) else { return (.allow, ref) }
            let room = try await room(for: facts, growingTo: replicas)
            return (
                AvailabilityRules.scale(facts.availability, to: replicas)
                    .combined(with: CapacityRules.scaleUp(ref, from: facts.availability.desiredReplicas, to: replicas, roomFor: room))
                    .combined(with: AutoscalerRules.setReplicas(ref, scaledBy: try await autoscalers(of: ref))),
                ref
            )
        case .quarantine(let ref):
            // Judged on what serves, whatever the annotations say: a Deployment a person restored by hand keeps its
            // quarantine annotation and serves again.
            guard let facts = try await deployment(ref, now: now) else { return (.allow, ref) }
            var verdict = AvailabilityRules.quarantine(facts.availability)
            if let revision = facts.deployment.metadata.annotations?["deployment.kubernetes.io/revision"],
                let current = facts.replicaSets.first(where: { $0.metadata.annotations?["deployment.kubernetes.io/revision"] == revision }),
                let since = current.metadata.creationTimestamp?.date
            {
                verdict = verdict.combined(
                    with: AvailabilityRules.quarantine(ref, revision: revision, runningSince: since, now: now, policy: policy))
            }
            let recent = try await audit.actions(
                ActionQuery(
                    tool: QuarantineDeploymentTool.name, status: .succeeded,
                    since: now.addingTimeInterval(-policy.quarantineBurstSeconds), limit: 1000))
            // Quarantines OKIK made on its own (not a person's call or an approved plan), of other Deployments.
            let own = recent.filter { $0.planID == nil && !$0.actor.hasPrefix("\(Caller.Kind.human.rawValue):") }
            let others = Set(own.flatMap { ($0.targets ?? "").components(separatedBy: ", ") }.filter { $0.hasPrefix("Deployment ") })
                .subtracting(["Deployment \(ref.namespace ?? "")/\(ref.name)"]).sorted()
            verdict = verdict.combined(with: AvailabilityRules.quarantine(ref, after: others, policy: policy))
            return (verdict, ref)
        case .removeWorkload(let ref):
            guard let facts = try await deployment(ref, now: now) else { return (.allow, ref) }
            return (AvailabilityRules.remove(facts.availability), ref)
        case .restart(let ref), .rollback(let ref):
            guard let facts = try await deployment(ref, now: now) else { return (.allow, ref) }
            let recreate = facts.deployment.spec?.strategy?.type == "Recreate"
            let action = if case .restart = effect { "restarting" } else { "rolling back" }
            return (AvailabilityRules.replacePods(facts.availability, recreate: recreate, action: action), ref)
        case .restore(let ref):
            return (try await restore(ref, now: now), ref)
        case .removeAutoscaler(let ref):
            return (.allow, ref)
        case .replaceAutoscalerMetrics(let ref):
            return (AutoscalerRules.replaceMetrics(ref), ref)
        case .removeNamespace(let name):
            return (try await removeNamespace(name), effect.subject)
        case .removePod(let namespace, let name):
            return try await removePod(namespace: namespace, name: name, now: now)
        case .cordon(let node), .drain(let node):
            let nodes = try await client.clusterScoped(Node.self).list().items
            let pods = try await client.namespaced(Pod.self, in: .allNamespaces).list().items
            let drain = if case .drain = effect { true } else { false }
            return (NodeRules.cordon(node, nodes: nodes, pods: pods, policy: policy, drain: drain), effect.subject)
        case .uncordon:
            return (.allow, effect.subject)
        case .resize(let ref, let container, let requests, let limits):
            return (try await resize(ref, container: container, requests: requests, limits: limits, now: now), ref)
        case .autoscalerBounds(let ref, let minReplicas, let maxReplicas):
            return try await autoscalerBounds(ref, minReplicas: minReplicas, maxReplicas: maxReplicas, now: now)
        case .createAutoscaler(let target, let minReplicas, let maxReplicas):
            guard let facts = try await workload(target, now: now) else { return (.allow, target) }
            // A new autoscaler acts at once: it raises the workload to its minimum, may take it up to its maximum,
            // and scales it down to its maximum.
            let current = facts.availability.desiredReplicas
            let room = try await room(for: facts, growingTo: max(minReplicas, maxReplicas))
            let verdict = CapacityRules.scaleUp(target, from: current, to: minReplicas, roomFor: room).combined(
                with: AutoscalerRules.changeMaximum(
                    ResourceRef(kind: "HorizontalPodAutoscaler", namespace: target.namespace, name: target.name),
                    target: target, currentReplicas: current, oldMax: current, newMax: maxReplicas, roomFor: room,
                    availability: facts.availability))
            return (verdict, target)
        }
    }

    /// Restoring a quarantine brings back the replicas (and its autoscalers' minimums) recorded in annotations, which
    /// anyone who may edit the Deployment can write: the restore is a scale-up like any other and needs the room.
    private func restore(_ ref: ResourceRef, now: Date) async throws -> GuardVerdict {
        guard let namespace = ref.namespace, let facts = try await deployment(ref, now: now),
            let recorded = facts.deployment.metadata.annotations?[QuarantineAnnotations.originalReplicas].flatMap({ Int($0) })
        else { return .allow }
        let held = try await client.namespaced(HorizontalPodAutoscaler.self, in: .named(namespace)).list().items
            .filter { $0.metadata.annotations?[QuarantineAnnotations.heldFor] == ref.name }
        let minimums = held.compactMap { $0.metadata.annotations?[QuarantineAnnotations.originalMinReplicas].flatMap { Int($0) } }
        let wanted = max(recorded, minimums.max() ?? 0)
        let workload = WorkloadFacts(template: facts.deployment.spec?.template?.spec, availability: facts.availability)
        let room = try await room(for: workload, growingTo: wanted)
        return CapacityRules.scaleUp(ref, from: facts.availability.desiredReplicas, to: wanted, roomFor: room)
    }

    /// A namespace serves when any pod in it is Ready, whatever runs it (a Deployment, a StatefulSet, a DaemonSet,
    /// an operator's own pods, or none), and holds data when a claim in it is bound: deleting it deletes both.
    private func removeNamespace(_ name: String) async throws -> GuardVerdict {
        var serving: [String: Int] = [:]
        for pod in try await client.namespaced(Pod.self, in: .named(name)).list().items where pod.isReady && !pod.isSettled {
            let owner = pod.metadata.controllerReference.map { "\($0.kind) \($0.name)" } ?? "pod \(pod.name)"
            serving[owner, default: 0] += 1
        }
        let claims = try await client.namespaced(PersistentVolumeClaim.self, in: .named(name)).list().items
            .filter { $0.status?.phase == "Bound" }.map(\.name).sorted()
        let workloads = serving.sorted { $0.key < $1.key }.map { "\($0.key) (\($0.value) ready)" }
        return AvailabilityRules.removeNamespace(name, serving: workloads, boundClaims: claims)
    }

    private func removePod(namespace: String, name: String, now: Date) async throws -> (GuardVerdict, ResourceRef) {
        let podRef = ResourceRef(kind: "Pod", namespace: namespace, name: name)
        guard let pod = try await client.namespaced(Pod.self, in: .named(namespace)).getIfPresent(name) else {
            return (.allow, podRef)
        }
        var owner = podRef
        if let controller = pod.metadata.controllerReference {
            owner = ResourceRef(kind: controller.kind, namespace: namespace, name: controller.name)
            if controller.kind == "ReplicaSet",
                let set = try await client.namespaced(ReplicaSet.self, in: .named(namespace)).getIfPresent(controller.name),
                let parent = set.metadata.controllerReference, parent.kind == "Deployment"
            {
                owner = ResourceRef(kind: "Deployment", namespace: namespace, name: parent.name)
            }
        }
        guard pod.isReady, !pod.isFailing(policy: policy, now: now) else { return (.allow, owner) }
        let budgets = try await client.namespaced(PodDisruptionBudget.self, in: .named(namespace)).list().items
            .filter { $0.spec?.selector?.matches(pod.metadata.labels ?? [:]) ?? false }
        let blocked = budgets.filter { ($0.status?.disruptionsAllowed ?? 1) <= 0 }.map(\.name)
        let availability: WorkloadAvailability
        if owner.kind == "Deployment", let facts = try await deployment(owner, now: now) {
            availability = facts.availability
        } else {
            // Another controller (or none): the pods it controls are the pod's siblings.
            var siblings = [pod]
            if let controller = pod.metadata.controllerReference {
                siblings = try await client.namespaced(Pod.self, in: .named(namespace)).list().items.filter { other in
                    other.metadata.controllerReference.map { $0.kind == controller.kind && $0.name == controller.name } ?? false
                }
            }
            availability = WorkloadAvailability.compute(
                workload: owner, desiredReplicas: siblings.count, pods: siblings, budgets: budgets, policy: policy, now: now)
        }
        return (
            AvailabilityRules.removeServingPod("\(namespace)/\(name)", of: availability, budgetsWithoutDisruptions: blocked),
            owner
        )
    }

    private func resize(
        _ ref: ResourceRef, container: String, requests: [String: Quantity], limits: [String: Quantity], now: Date
    ) async throws -> GuardVerdict {
        guard let facts = try await deployment(ref, now: now) else { return .allow }
        let key = ContainerKey(workload: ref, container: container)
        let containerHistory = try await history.usageHistory(for: [key])[key]
        let lastResize = try await lastSuccess(of: UpdateResourcesTool.name, on: ref, within: policy.resizeCooldownSeconds, now: now)
        var largest: (cpu: Int64, memory: Int64)?
        var nodes: [Node] = []
        if requests.values.contains(where: { $0.signum > 0 }) {
            nodes = try await client.clusterScoped(Node.self).list().items
            largest = NodeFit(nodes: nodes, pods: []).largestNode
        }
        var verdict = ResizeRules.judge(
            ResizeRules.Facts(
                workload: ref, container: container, containers: facts.deployment.spec?.template?.spec?.containers ?? [],
                requests: requests, limits: limits, history: containerHistory, lastResize: lastResize,
                largestNode: largest, now: now),
            policy: policy)
        // A resize is a rollout: every pod is replaced, all at once under Recreate.
        verdict = verdict.combined(
            with: AvailabilityRules.replacePods(
                facts.availability, recreate: facts.deployment.spec?.strategy?.type == "Recreate", action: "resizing"))
        if let resized = ResizeRules.raisedTemplate(facts.deployment.spec?.template?.spec, container: container, requests: requests) {
            // The new pods must find room the old ones leave plus what is free; otherwise they stay Pending and the
            // rollout stalls with the pods it already removed.
            let replicas = facts.deployment.spec?.replicas ?? 1
            let own = Set(facts.pods.map(\.name))
            let others = try await client.namespaced(Pod.self, in: .allNamespaces).list().items
                .filter { $0.namespace != ref.namespace || !own.contains($0.name) }
            let room = NodeFit(nodes: nodes, pods: others).count(of: resized, upTo: replicas)
            verdict = verdict.combined(
                with: CapacityRules.resize(ref, container: container, replicas: replicas, roomFor: room))
        }
        return verdict
    }

    private func autoscalerBounds(
        _ ref: ResourceRef, minReplicas: Int?, maxReplicas: Int?, now: Date
    ) async throws -> (GuardVerdict, ResourceRef) {
        guard let namespace = ref.namespace,
            let autoscaler = try await client.namespaced(HorizontalPodAutoscaler.self, in: .named(namespace))
                .getIfPresent(ref.name)
        else { return (.allow, ref) }
        guard let scaleTarget = autoscaler.spec?.scaleTargetRef, let targetName = scaleTarget.name else { return (.allow, ref) }
        let target = ResourceRef(kind: scaleTarget.kind ?? "Deployment", namespace: namespace, name: targetName)
        let oldMax = autoscaler.spec?.maxReplicas
        let raisesMinimum = minReplicas.map { $0 > (autoscaler.spec?.minReplicas ?? 1) } ?? false
        let lowersMinimum = minReplicas.map { $0 < (autoscaler.spec?.minReplicas ?? 1) } ?? false
        guard raisesMinimum || lowersMinimum || (maxReplicas != nil && maxReplicas != oldMax) else { return (.allow, target) }
        let facts = try await workload(target, now: now)
        let current = autoscaler.status?.currentReplicas ?? facts?.availability.desiredReplicas ?? 0
        var verdict = GuardVerdict.allow
        if let newMin = minReplicas, raisesMinimum {
            let room = try await room(for: facts, growingFrom: current, to: newMin)
            verdict = verdict.combined(with: CapacityRules.scaleUp(target, from: current, to: newMin, roomFor: room))
        }
        if let newMin = minReplicas, lowersMinimum, let availability = facts?.availability {
            verdict = verdict.combined(with: AutoscalerRules.lowerMinimum(ref, to: newMin, availability: availability))
        }
        if let newMax = maxReplicas, let oldMax, newMax != oldMax {
            let room = newMax > oldMax ? try await room(for: facts, growingFrom: current, to: newMax) : Int.max
            verdict = verdict.combined(
                with: AutoscalerRules.changeMaximum(
                    ref, target: target, currentReplicas: current, oldMax: oldMax, newMax: newMax, roomFor: room,
                    availability: facts?.availability))
            if newMax > oldMax {
                let lastChange = try await lastSuccess(of: UpdateHPATool.name, on: ref, within: policy.autoscalerCooldownSeconds, now: now)
                verdict = verdict.combined(with: AutoscalerRules.raiseAgain(ref, lastChange: lastChange, now: now, policy: policy))
            }
        }
        return (verdict, target)
    }

    /// When OKIK last ran `tool` successfully on `subject` within the window (from the audit), or nil.
    private func lastSuccess(of tool: String, on subject: ResourceRef, within seconds: Double, now: Date) async throws -> Date? {
        let target = "\(subject.kind) \(subject.namespace ?? "")/\(subject.name)"
        let runs = try await audit.actions(
            ActionQuery(
                tool: tool, namespace: subject.namespace, status: .succeeded, since: now.addingTimeInterval(-seconds), limit: 1000))
        return runs.first { ($0.targets ?? "").components(separatedBy: ", ").contains(target) }?.startedAt
    }

    /// The autoscalers that scale `workload`, by name.
    private func autoscalers(of workload: ResourceRef) async throws -> [String] {
        guard let namespace = workload.namespace else { return [] }
        return try await client.namespaced(HorizontalPodAutoscaler.self, in: .named(namespace)).list().items
            .filter { $0.spec?.scaleTargetRef?.kind == workload.kind && $0.spec?.scaleTargetRef?.name == workload.name }
            .map(\.name).sorted()
    }

    /// How many more pods of the workload's template fit on the schedulable nodes by requests, counted up to what
    /// growing to `wanted` needs (no reads when it does not grow).
    private func room(for facts: WorkloadFacts, growingTo wanted: Int) async throws -> Int {
        try await room(for: facts, growingFrom: facts.availability.desiredReplicas, to: wanted)
    }

    private func room(for facts: WorkloadFacts?, growingFrom current: Int, to wanted: Int) async throws -> Int {
        guard wanted > current else { return Int.max }
        let nodes = try await client.clusterScoped(Node.self).list().items
        let pods = try await client.namespaced(Pod.self, in: .allNamespaces).list().items
        return NodeFit(nodes: nodes, pods: pods).count(of: facts?.template, upTo: wanted - current)
    }

    // MARK: - Facts

    /// A Deployment with its ReplicaSets, pods, budgets and availability.
    struct DeploymentFacts {
        var deployment: Deployment
        var replicaSets: [ReplicaSet]
        var pods: [Pod]
        var availability: WorkloadAvailability
    }

    /// A scalable workload (a Deployment or a StatefulSet): its pod template and its availability.
    struct WorkloadFacts {
        var template: PodSpec?
        var availability: WorkloadAvailability
    }

    /// Reads a Deployment or a StatefulSet and what its availability depends on; nil when it does not exist or is
    /// another kind.
    func workload(_ ref: ResourceRef, now: Date) async throws -> WorkloadFacts? {
        if ref.kind == "Deployment" {
            return try await deployment(ref, now: now).map {
                WorkloadFacts(template: $0.deployment.spec?.template?.spec, availability: $0.availability)
            }
        }
        guard ref.kind == "StatefulSet", let namespace = ref.namespace,
            let set = try await client.namespaced(StatefulSet.self, in: .named(namespace)).getIfPresent(ref.name)
        else { return nil }
        var pods: [Pod] = []
        if let selector = set.spec?.selector {
            pods = try await client.namespaced(Pod.self, in: .named(namespace))
                .list(ListOptions(labelSelector: selector.selectorString)).items
                .filter { $0.metadata.controllerReference?.uid == set.metadata.uid }
        }
        let labels = set.spec?.template?.metadata?.labels ?? [:]
        let budgets = try await client.namespaced(PodDisruptionBudget.self, in: .named(namespace)).list().items
            .filter { $0.spec?.selector?.matches(labels) ?? false }
        return WorkloadFacts(
            template: set.spec?.template?.spec,
            availability: WorkloadAvailability.compute(
                workload: ref, desiredReplicas: set.spec?.replicas ?? 1, pods: pods, budgets: budgets, policy: policy,
                now: now))
    }

    /// Reads a Deployment and what its availability depends on; nil when it does not exist.
    func deployment(_ ref: ResourceRef, now: Date) async throws -> DeploymentFacts? {
        guard ref.kind == "Deployment", let namespace = ref.namespace,
            let deployment = try await client.namespaced(Deployment.self, in: .named(namespace)).getIfPresent(ref.name)
        else { return nil }
        var replicaSets: [ReplicaSet] = []
        var pods: [Pod] = []
        if let selector = deployment.spec?.selector {
            let options = ListOptions(labelSelector: selector.selectorString)
            replicaSets = try await client.namespaced(ReplicaSet.self, in: .named(namespace)).list(options).items
                .filter { $0.metadata.controllerReference?.uid == deployment.metadata.uid }
            let owned = Set(replicaSets.map(\.name))
            pods = try await client.namespaced(Pod.self, in: .named(namespace)).list(options).items
                .filter { pod in pod.metadata.controllerReference.map { owned.contains($0.name) } ?? false }
        }
        let labels = deployment.spec?.template?.metadata?.labels ?? [:]
        let budgets = try await client.namespaced(PodDisruptionBudget.self, in: .named(namespace)).list().items
            .filter { $0.spec?.selector?.matches(labels) ?? false }
        let availability = WorkloadAvailability.compute(
            workload: ref, desiredReplicas: deployment.spec?.replicas ?? 1, pods: pods, budgets: budgets, policy: policy,
            now: now)
        return DeploymentFacts(deployment: deployment, replicaSets: replicaSets, pods: pods, availability: availability)
    }
}
