import Foundation
import OkikKubeClient

extension ClusterState {
    /// What to write for an object the runtime changed.
    func render(_ reference: ObjectRef) -> WriteAction {
        let key = reference.key
        switch reference.kind {
        case .pod:
            guard let pod = pods[key] else { return .skip }
            return renderPod(pod)
        case .replicaSet:
            guard let replicaSet = replicaSets[key] else { return .skip }
            return renderReplicaSet(replicaSet)
        case .deployment:
            guard let deployment = deployments[key] else { return .skip }
            return renderDeployment(deployment)
        case .node:
            guard let node = nodes[reference.name] else { return .skip }
            return renderNode(node)
        case .event:
            guard let event = events.events[key] else { return .skip }
            return renderEvent(event)
        default:
            return renderWorkload(reference)
        }
    }

    /// An ownerReference to a tracked object.
    func ownerReference(_ kind: SimKind, namespace: String, name: String) -> JSONValue {
        let (apiVersion, kindName) = kind.apiVersionKind
        let uid = uid(of: ObjectRef(kind: kind, key: ObjectRef.key(namespace, name))) ?? ""
        return [
            "apiVersion": .string(apiVersion), "kind": .string(kindName), "name": .string(name), "uid": .string(uid),
            "controller": true, "blockOwnerDeletion": true,
        ]
    }

    // MARK: - Pods

    private func renderPod(_ pod: SimPod) -> WriteAction {
        let status = podStatus(pod)
        if !pod.inStore {
            guard let source = pod.source else { return .skip }
            var manifest = PodFactory.manifest(
                pod, source: source,
                ownerReference: pod.owner.map { ownerReference($0.kind, namespace: pod.namespace, name: $0.name) })
            manifest["status"] = status
            return .create(manifest)
        }
        return .patch([
            PatchField(path: ["spec", "nodeName"], value: pod.nodeName.map(JSONValue.string)),
            PatchField(path: ["status"], value: status),
        ])
    }

    func podStatus(_ pod: SimPod) -> JSONValue {
        var status: [String: JSONValue] = ["phase": .string(pod.phase), "qosClass": .string(pod.qosClass)]
        let order = ["PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled"]
        let conditions = pod.conditions.sorted {
            (order.firstIndex(of: $0.type) ?? 9) < (order.firstIndex(of: $1.type) ?? 9)
        }
        if !conditions.isEmpty { status["conditions"] = .array(conditions.map(StatusJSON.podCondition)) }
        if let hostIP = pod.hostIP {
            status["hostIP"] = .string(hostIP)
            status["hostIPs"] = [["ip": .string(hostIP)]]
        }
        if let podIP = pod.podIP {
            status["podIP"] = .string(podIP)
            status["podIPs"] = [["ip": .string(podIP)]]
        }
        if let startTime = pod.startTime { status["startTime"] = StatusJSON.time(startTime) }
        if pod.initialized {
            status["containerStatuses"] = .array(pod.containers.map(containerStatus))
        }
        return .object(status)
    }

    private func containerStatus(_ container: SimContainer) -> JSONValue {
        var object: [String: JSONValue] = [
            "name": .string(container.name), "image": .string(container.profile.reportedImage),
            "imageID": .string(container.everStarted ? container.profile.imageID : ""),
            "ready": .bool(container.ready), "restartCount": .int(container.restartCount),
            "started": .bool(container.isRunning), "state": stateJSON(container.state),
            "lastState": container.lastTermination.map { ["terminated": terminationJSON($0)] } ?? [:],
        ]
        if let id = container.containerID { object["containerID"] = .string(id) }
        return .object(object)
    }

    private func stateJSON(_ state: SimContainer.State) -> JSONValue {
        switch state {
        case .waiting(let reason, let message):
            var waiting: [String: JSONValue] = ["reason": .string(reason)]
            if let message { waiting["message"] = .string(message) }
            return ["waiting": .object(waiting)]
        case .running(let since):
            return ["running": ["startedAt": StatusJSON.time(since)]]
        case .terminated(let termination):
            return ["terminated": terminationJSON(termination)]
        }
    }

    private func terminationJSON(_ termination: SimContainer.Termination) -> JSONValue {
        [
            "exitCode": .int(termination.exitCode), "reason": .string(termination.reason),
            "startedAt": StatusJSON.time(termination.startedAt), "finishedAt": StatusJSON.time(termination.finishedAt),
            "containerID": .string(termination.containerID),
        ]
    }

    // MARK: - ReplicaSets and Deployments

    private func renderReplicaSet(_ replicaSet: SimReplicaSet) -> WriteAction {
        var status: [String: JSONValue] = ["replicas": .int(replicaSet.statusReplicas)]
        StatusJSON.int(&status, "fullyLabeledReplicas", replicaSet.fullyLabeledReplicas)
        StatusJSON.int(&status, "readyReplicas", replicaSet.readyReplicas)
        StatusJSON.int(&status, "availableReplicas", replicaSet.availableReplicas)
        StatusJSON.int(&status, "observedGeneration", replicaSet.observedGeneration)
        let revision = JSONValue.string(String(replicaSet.revision))
        if !replicaSet.inStore {
            var metadata: [String: JSONValue] = [
                "name": .string(replicaSet.name), "namespace": .string(replicaSet.namespace),
                "labels": .object(replicaSet.labels.mapValues(JSONValue.string)),
            ]
            if let deployment = replicaSet.deployment, let owner = deployments[ObjectRef.key(replicaSet.namespace, deployment)] {
                metadata["ownerReferences"] = [ownerReference(.deployment, namespace: owner.namespace, name: owner.name)]
                metadata["annotations"] = [
                    "deployment.kubernetes.io/revision": revision,
                    "deployment.kubernetes.io/desired-replicas": .string(String(owner.replicas)),
                    "deployment.kubernetes.io/max-replicas": .string(String(owner.replicas + DeploymentController.resolve(
                        owner.maxSurge, of: owner.replicas, roundUp: true))),
                ]
            }
            var spec: [String: JSONValue] = [
                "replicas": .int(replicaSet.replicas),
                "selector": ["matchLabels": .object(replicaSet.labels.mapValues(JSONValue.string))],
                "template": replicaSet.template,
            ]
            if replicaSet.minReadySeconds > 0 { spec["minReadySeconds"] = .int(replicaSet.minReadySeconds) }
            return .create([
                "apiVersion": "apps/v1", "kind": "ReplicaSet", "metadata": .object(metadata), "spec": .object(spec),
                "status": .object(status),
            ])
        }
        var fields = [
            PatchField(path: ["spec", "replicas"], value: .int(replicaSet.replicas)),
            PatchField(path: ["status"], value: .object(status)),
        ]
        if replicaSet.deployment != nil {
            fields.append(PatchField(path: ["metadata", "annotations", "deployment.kubernetes.io/revision"], value: revision))
            if !replicaSet.revisionHistory.isEmpty {
                let history = replicaSet.revisionHistory.map(String.init).joined(separator: ",")
                fields.append(
                    PatchField(
                        path: ["metadata", "annotations", "deployment.kubernetes.io/revision-history"], value: .string(history)))
            }
        }
        return .patch(fields)
    }

    private func renderDeployment(_ deployment: SimDeployment) -> WriteAction {
        var status: [String: JSONValue] = [:]
        StatusJSON.int(&status, "observedGeneration", deployment.observedGeneration)
        StatusJSON.int(&status, "replicas", deployment.statusReplicas)
        StatusJSON.int(&status, "updatedReplicas", deployment.updatedReplicas)
        StatusJSON.int(&status, "readyReplicas", deployment.readyReplicas)
        StatusJSON.int(&status, "availableReplicas", deployment.availableReplicas)
        StatusJSON.int(&status, "unavailableReplicas", deployment.unavailableReplicas)
        let order = ["Available", "Progressing"]
        status["conditions"] = .array(deployment.conditions.sorted {
            (order.firstIndex(of: $0.type) ?? 9) < (order.firstIndex(of: $1.type) ?? 9)
        }.map { StatusJSON.workloadCondition($0) })
        var fields = [PatchField(path: ["status"], value: .object(status))]
        if deployment.revision > 0 {
            // The controller records the current revision on the Deployment too (kubectl rollout undo keeps it).
            fields.append(
                PatchField(
                    path: ["metadata", "annotations", "deployment.kubernetes.io/revision"],
                    value: .string(String(deployment.revision))))
        }
        if deployment.specReplicasChanged {
            fields.append(PatchField(path: ["spec", "replicas"], value: .int(deployment.replicas)))
        }
        return .patch(fields)
    }

    // MARK: - Nodes

    private func renderNode(_ node: SimNode) -> WriteAction {
        let capacity: JSONValue = [
            "cpu": .string(Resources.formatCPU(node.capacity.cpu)),
            "memory": .string(Resources.formatMemory(node.capacity.memory)), "pods": .string(String(node.podCapacity)),
            "ephemeral-storage": "100Gi",
        ]
        let allocatable: JSONValue = [
            "cpu": .string(Resources.formatCPU(node.allocatable.cpu)),
            "memory": .string(Resources.formatMemory(node.allocatable.memory)),
            "pods": .string(String(node.podCapacity)), "ephemeral-storage": "95Gi",
        ]
        let order = ["MemoryPressure", "DiskPressure", "PIDPressure", "Ready"]
        let conditions: [JSONValue] = node.conditions.sorted {
            (order.firstIndex(of: $0.type) ?? 9) < (order.firstIndex(of: $1.type) ?? 9)
        }.map { condition in
            var object: [String: JSONValue] = [
                "type": .string(condition.type), "status": .string(condition.status),
                "lastHeartbeatTime": StatusJSON.time(condition.lastUpdate),
                "lastTransitionTime": StatusJSON.time(condition.lastTransition),
            ]
            if let reason = condition.reason { object["reason"] = .string(reason) }
            if let message = condition.message { object["message"] = .string(message) }
            return .object(object)
        }
        let status: JSONValue = [
            "capacity": capacity, "allocatable": allocatable, "conditions": .array(conditions),
            "addresses": [["type": "InternalIP", "address": .string(node.internalIP)], ["type": "Hostname", "address": .string(node.name)]],
            "nodeInfo": [
                "architecture": "amd64", "operatingSystem": "linux", "osImage": "Ubuntu 24.04.1 LTS",
                "kernelVersion": "6.8.0-49-generic", "containerRuntimeVersion": "containerd://1.7.22",
                "kubeletVersion": "v1.32.0", "kubeProxyVersion": "v1.32.0",
                "machineID": .string(String(repeating: "0", count: 24) + String(node.sequence, radix: 16).leftPadded(8)),
                "systemUUID": .string("ec2" + String(node.sequence, radix: 16).leftPadded(5) + "-0000-0000-0000-000000000000"),
                "bootID": .string("b007" + String(node.sequence, radix: 16).leftPadded(4) + "-0000-4000-8000-000000000000"),
            ],
        ]
        let taints: [JSONValue] = node.taints.map { taint in
            var object: [String: JSONValue] = ["key": .string(taint.key ?? ""), "effect": .string(taint.effect ?? "")]
            if let value = taint.value { object["value"] = .string(value) }
            return .object(object)
        }
        return .patch([
            PatchField(path: ["spec", "taints"], value: taints.isEmpty ? nil : .array(taints)),
            PatchField(path: ["spec", "unschedulable"], value: node.unschedulable ? JSONValue.bool(true) : nil),
            PatchField(path: ["status"], value: status),
        ])
    }

    // MARK: - Events

    private func renderEvent(_ event: SimEvent) -> WriteAction {
        if event.inStore {
            return .patch([
                PatchField(path: ["count"], value: .int(event.count)),
                PatchField(path: ["lastTimestamp"], value: StatusJSON.time(event.last)),
            ])
        }
        let (apiVersion, kind) = event.involved.kind.apiVersionKind
        var involved: [String: JSONValue] = [
            "kind": .string(kind), "name": .string(event.involved.name), "apiVersion": .string(apiVersion),
            "uid": .string(uid(of: event.involved) ?? ""),
        ]
        if !event.involved.namespace.isEmpty { involved["namespace"] = .string(event.involved.namespace) }
        if let fieldPath = event.fieldPath { involved["fieldPath"] = .string(fieldPath) }
        var source: [String: JSONValue] = ["component": .string(event.component)]
        if let host = event.host { source["host"] = .string(host) }
        return .create([
            "apiVersion": "v1", "kind": "Event",
            "metadata": ["name": .string(event.name), "namespace": .string(event.namespace)],
            "involvedObject": .object(involved), "reason": .string(event.reason), "message": .string(event.message),
            "source": .object(source), "firstTimestamp": StatusJSON.time(event.first),
            "lastTimestamp": StatusJSON.time(event.last), "count": .int(event.count), "type": .string(event.type),
            "eventTime": .null, "reportingComponent": .string(event.component),
            "reportingInstance": .string(event.host ?? ""),
        ])
    }
}

extension String {
    /// The string padded on the left with zeros to `width`.
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
