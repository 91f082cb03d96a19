import Foundation
import OkikKubeClient

extension ClusterState {
    /// A change someone else made in the store, parsed and decoded. Decoding only reads the stored object, so a batch
    /// of changes decodes on all cores (``decode(_:now:)``) before they are applied in order.
    struct Change: Sendable {
        var record: WatchRecord
        var kind: SimKind
        var decoded: Decoded

        enum Decoded: Sendable {
            case none
            case node(Node)
            case pod(Pod)
            case deployment(DeploymentIntake)
            case replicaSet(ReplicaSet, json: JSONValue)
            case workload(JSONValue)
        }

        /// Parses and decodes a change; an object that does not decode is ignored when applied, as before.
        init(_ record: WatchRecord, kind: SimKind, now: Date) {
            self.record = record
            self.kind = kind
            let object = record.object
            guard record.type != "DELETED" else {
                decoded = .none
                return
            }
            switch kind {
            case .namespace:
                decoded = .none
            case .node:
                decoded = (try? object.decode(as: Node.self)).map(Decoded.node) ?? .none
            case .pod:
                decoded = (try? object.decode(as: Pod.self)).map(Decoded.pod) ?? .none
            case .deployment:
                guard let json = try? object.json(), let intake = try? DeploymentIntake(json, now: now) else {
                    decoded = .none
                    return
                }
                decoded = .deployment(intake)
            case .replicaSet:
                guard let json = try? object.json(), let replicaSet = try? json.decode(as: ReplicaSet.self) else {
                    decoded = .none
                    return
                }
                decoded = .replicaSet(replicaSet, json: json)
            default:
                decoded = (try? object.json()).map(Decoded.workload) ?? .none
            }
        }

        /// Changes decoded on all cores, in order.
        static func decode(_ records: [(WatchRecord, SimKind)], now: Date) -> [Change] {
            records.parallelMap(minimumChunk: 16) { Change($0.0, kind: $0.1, now: now) }
        }
    }

    /// A Deployment as taken in: the fields the controller reads, its pod template, the template's hash and the
    /// prototype of its ReplicaSets' pods (the template labelled with the hash), worked out while decoding. Only
    /// these fields are decoded (status and managed fields are skipped), which halves the cost of a bulk load.
    struct DeploymentIntake: Sendable {
        /// The parts of a Deployment the runtime reads, typed as in ``Deployment``.
        struct Fields: Decodable, Sendable {
            struct Metadata: Decodable, Sendable {
                var name: String?
                var namespace: String?
                var labels: [String: String]?
                var annotations: [String: String]?
                var creationTimestamp: Timestamp?
                var generation: Int?
            }

            struct Spec: Decodable, Sendable {
                var replicas: Int?
                var strategy: Deployment.Strategy?
                var minReadySeconds: Int?
                var progressDeadlineSeconds: Int?
                var paused: Bool?
                var revisionHistoryLimit: Int?
            }

            var metadata: Metadata
            var spec: Spec?
        }

        var fields: Fields
        var template: JSONValue
        var templateHash: String
        var prototype: PodPrototype?

        /// Decodes a Deployment's fields and template.
        /// - Throws: `DecodingError` when a field the runtime reads, or the template, has the wrong shape.
        init(_ json: JSONValue, now: Date) throws {
            fields = try json.decode(as: Fields.self)
            template = json.value(at: ["spec", "template"]) ?? [:]
            templateHash = TemplateHash.hash(template)
            if let value = json.value(at: ["spec", "template"]), value != .null {
                var typed = try value.decode(as: PodTemplateSpec.self)
                var metadata = typed.metadata ?? ObjectMeta()
                metadata.labels = (metadata.labels ?? [:]).merging(["pod-template-hash": templateHash]) { _, hash in hash }
                typed.metadata = metadata
                prototype = PodPrototype(PodFactory.prototype(typed, now: now))
            }
        }
    }

    /// Applies a change someone else made in the store (kubectl, OKIK, a test, a scenario loader).
    mutating func apply(_ change: Change) {
        let object = change.record.object
        let key = ObjectRef.key(object.namespace, object.name)
        if change.record.type == "DELETED" {
            forget(change.kind, key: key, name: object.name)
            return
        }
        switch (change.kind, change.decoded) {
        case (.namespace, _):
            if namespaces.insert(object.name).inserted { markDirty(.namespace, object.name) }
        case (.node, .node(let node)):
            intakeNode(node)
        case (.pod, .pod(let pod)):
            intakePod(pod, uid: object.uid)
        case (.deployment, .deployment(let intake)):
            intakeDeployment(intake, uid: object.uid)
        case (.replicaSet, .replicaSet(let replicaSet, let json)):
            intakeReplicaSet(replicaSet, json: json, uid: object.uid)
        case (_, .workload(let json)):
            intakeWorkload(change.record, kind: change.kind, json: json)
        default:
            break
        }
    }

    private mutating func forget(_ kind: SimKind, key: String, name: String) {
        switch kind {
        case .namespace:
            namespaces.remove(name)
        case .node:
            guard nodes.removeValue(forKey: name) != nil else { return }
            nodeOrder.removeAll { $0 == name }
            for podKey in (podsByNode[name] ?? []).sorted() { removePod(podKey, deleteFromStore: true) }
            podsByNode[name] = nil
            if publishedNodeUsage.removeValue(forKey: name) != nil { deletes.insert(ObjectRef(kind: .nodeMetrics, key: "/\(name)")) }
            for daemonSet in daemonSets.keys { markDirty(.daemonSet, daemonSet) }
        case .pod:
            removePod(key, deleteFromStore: false)
        case .deployment:
            deployments[key] = nil
            timers.schedule(.deployment(key), at: nil)
            timers.schedule(.scriptedRollout(key), at: nil)
        case .replicaSet:
            guard let replicaSet = replicaSets.removeValue(forKey: key) else { return }
            if let deployment = replicaSet.deployment {
                let owner = ObjectRef.key(replicaSet.namespace, deployment)
                replicaSetsByDeployment[owner]?.remove(key)
                markDirty(.deployment, owner)
            }
        case .event:
            events.forget(key)
        default:
            forgetWorkload(kind, key: key, name: name)
        }
    }

    private mutating func intakeNode(_ node: Node) {
        let name = node.metadata.name ?? ""
        if var existing = nodes[name] {
            existing.uid = node.metadata.uid
            existing.inStore = true
            existing.labels = node.metadata.labels ?? [:]
            existing.userTaints = (node.spec?.taints ?? []).filter { !SimNode.systemTaintKeys.contains($0.key ?? "") }
            existing.unschedulable = node.spec?.unschedulable ?? false
            existing.problems = SimNode.problems(from: node.metadata.annotations)
            nodes[name] = existing
        } else {
            var created = SimNode(node: node, sequence: nextSequence())
            created.inStore = true
            nodes[name] = created
            // Kept sorted by inserting at the right place (sorting again per node was quadratic on large clusters).
            var low = 0
            var high = nodeOrder.count
            while low < high {
                let middle = (low + high) / 2
                if nodeOrder[middle] < name { low = middle + 1 } else { high = middle }
            }
            nodeOrder.insert(name, at: low)
        }
        markDirty(.node, name)
        wakeUnscheduled()
        for daemonSet in daemonSets.keys { markDirty(.daemonSet, daemonSet) }
    }

    private mutating func intakePod(_ pod: Pod, uid: String) {
        let key = ObjectRef.key(pod.metadata.namespace ?? "", pod.metadata.name ?? "")
        if var existing = pods[key] {
            existing.uid = uid
            existing.inStore = true
            existing.source = nil
            existing.labels = pod.metadata.labels ?? [:]
            touchBudgets(existing.namespace)
            if existing.nodeName == nil, let nodeName = pod.spec?.nodeName, nodes[nodeName] != nil {
                // Bound by someone else (a binding or a direct write).
                var bound = existing
                Scheduler.bind(&bound, to: nodeName, state: &self)
                return
            }
            pods[key] = existing
            return
        }
        var created = SimPod(pod: pod, sequence: nextSequence(), now: now)
        created.inStore = true
        if let nodeName = created.nodeName {
            guard nodes[nodeName] != nil else {
                // A pod on a node the simulation does not know: leave it as written.
                pods[key] = created
                podsByNamespace[created.namespace, default: []].insert(key)
                touchBudgets(created.namespace)
                return
            }
            created.nodeName = nil
            addPod(created)
            if var placed = pods[key] {
                Scheduler.bind(&placed, to: nodeName, state: &self)
            }
            return
        }
        addPod(created)
    }

    private mutating func intakeDeployment(_ intake: DeploymentIntake, uid: String) {
        let metadata = intake.fields.metadata
        let namespace = metadata.namespace ?? ""
        let name = metadata.name ?? ""
        let key = ObjectRef.key(namespace, name)
        let spec = intake.fields.spec
        let template = intake.template
        let strategy = spec?.strategy
        var state = deployments[key] ?? SimDeployment(
            namespace: namespace, name: name, uid: uid, labels: [:], replicas: 1, template: template,
            templateHash: "", recreate: false, maxSurge: .string("25%"), maxUnavailable: .string("25%"),
            minReadySeconds: 0, progressDeadlineSeconds: 600, paused: false, revisionHistoryLimit: 10, generation: 1,
            createdAt: metadata.creationTimestamp?.date ?? now, lastProgress: now)
        state.uid = uid
        state.inStore = true
        state.labels = metadata.labels ?? [:]
        state.replicas = spec?.replicas ?? 1
        state.specReplicasChanged = false
        let templateChanged = state.template != template || state.templateHash.isEmpty
        state.template = template
        state.templateHash = intake.templateHash
        if templateChanged { state.prototype = intake.prototype }
        state.recreate = strategy?.type == "Recreate"
        state.maxSurge = strategy?.rollingUpdate?.maxSurge ?? .string("25%")
        state.maxUnavailable = strategy?.rollingUpdate?.maxUnavailable ?? .string("25%")
        state.minReadySeconds = spec?.minReadySeconds ?? 0
        state.progressDeadlineSeconds = spec?.progressDeadlineSeconds ?? 600
        state.paused = spec?.paused ?? false
        state.revisionHistoryLimit = spec?.revisionHistoryLimit ?? 10
        if state.generation != metadata.generation ?? 1 { state.lastProgress = now }
        state.generation = metadata.generation ?? 1
        state.scriptedRollout = metadata.annotations?[ScriptedRollout.annotation].flatMap(ScriptedRollout.parse)
        if let rollout = state.scriptedRollout {
            let due = state.createdAt.addingTimeInterval(ScriptedRollout.delay(rollout))
            timers.schedule(.scriptedRollout(key), at: max(due, now))
        } else {
            timers.schedule(.scriptedRollout(key), at: nil)
        }
        deployments[key] = state
        markDirty(.deployment, key)
        touchBudgets(namespace)
        for hpa in hpas.values where hpa.namespace == namespace && hpa.targetName == name { markDirty(.hpa, hpa.key) }
    }

    private mutating func intakeReplicaSet(_ replicaSet: ReplicaSet, json: JSONValue, uid: String) {
        let namespace = replicaSet.metadata.namespace ?? ""
        let name = replicaSet.metadata.name ?? ""
        let key = ObjectRef.key(namespace, name)
        let template = json.value(at: ["spec", "template"]) ?? [:]
        let owner = replicaSet.metadata.controllerReference
        let deployment = owner?.kind == "Deployment" ? owner?.name : nil
        if var existing = replicaSets[key] {
            existing.uid = uid
            existing.inStore = true
            existing.manifest = nil
            existing.replicas = replicaSet.spec?.replicas ?? existing.replicas
            if existing.template != template { existing.prototype = nil }
            existing.template = template
            existing.generation = replicaSet.metadata.generation ?? existing.generation
            replicaSets[key] = existing
        } else {
            let annotations = replicaSet.metadata.annotations ?? [:]
            let revision = Int(annotations["deployment.kubernetes.io/revision"] ?? "") ?? 1
            let history = (annotations["deployment.kubernetes.io/revision-history"] ?? "").split(separator: ",")
                .compactMap { Int($0) }
            let labels = template.value(at: ["metadata", "labels"])?.objectValue?.compactMapValues(\.stringValue) ?? [:]
            replicaSets[key] = SimReplicaSet(
                namespace: namespace, name: name, uid: uid, inStore: true, manifest: nil,
                labels: replicaSet.metadata.labels ?? labels, deployment: deployment,
                replicas: replicaSet.spec?.replicas ?? 1, template: template,
                templateHash: labels["pod-template-hash"] ?? TemplateHash.hash(template),
                minReadySeconds: replicaSet.spec?.minReadySeconds ?? 0, revision: revision,
                generation: replicaSet.metadata.generation ?? 1,
                createdAt: replicaSet.metadata.creationTimestamp?.date ?? now, sequence: nextSequence())
            replicaSets[key]?.revisionHistory = history
            if let deployment {
                replicaSetsByDeployment[ObjectRef.key(namespace, deployment), default: []].insert(key)
            }
        }
        markDirty(.replicaSet, key)
        if let deployment { markDirty(.deployment, ObjectRef.key(namespace, deployment)) }
        touchBudgets(namespace)
    }
}
