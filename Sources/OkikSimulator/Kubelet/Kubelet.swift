import Foundation
import OkikKubeClient

/// The simulated kubelets: pull images, start containers, run each container's behaviour (healthy, crash loop with
/// the real back-off, OOM kill at the memory limit, image pull back-off, slow or failing readiness), count restarts,
/// keep container logs, and derive the pod's phase and conditions.
enum Kubelet {
    static let component = "kubelet"
    /// The kubelet's crash back-off cap.
    static let maxBackOff: Double = 300
    /// How often an unready container's failing probe is reported again.
    static let probeEventInterval: Double = 300

    /// Brings a bound pod up to date with the clock.
    static func sync(_ key: String, in state: inout ClusterState) {
        guard var pod = state.pods[key], let nodeName = pod.nodeName, let node = state.nodes[nodeName],
            !pod.isTerminal
        else { return }
        let now = state.now
        // A pod not yet in the store is written whatever changes, so it needs no snapshot to compare.
        let before = pod.inStore ? Snapshot(pod) : nil
        if !pod.initialized {
            initialize(&pod, node: node, state: &state)
        }
        if node.isReady {
            for index in pod.containers.indices {
                if pod.containers[index].isProcess { syncProcess(&pod, index, state: &state) }
                var guardSteps = 0
                while let due = pod.containers[index].nextAction, due <= now, guardSteps < 10_000 {
                    step(&pod, index, at: due, state: &state)
                    guardSteps += 1
                }
            }
        }
        derivePhase(&pod, nodeReady: node.isReady, now: now)
        let next = pod.containers.compactMap(\.nextAction).min()
        state.timers.schedule(.pod(key), at: next)
        if pod.isTerminal {
            // It was running when the sync began (terminal pods are not synced).
            state.release(pod, from: nodeName)
            state.wakeUnscheduled()
        }
        state.pods[key] = pod
        if before.map({ $0 != Snapshot(pod) }) ?? true {
            if before?.ready != pod.isReady { state.touchBudgets(pod.namespace) }
            state.markWrite(.pod, key)
            if let owner = pod.owner { state.markDirty(owner.kind, ObjectRef.key(pod.namespace, owner.name)) }
        }
    }

    /// What controllers and the API see of a pod; a change means the pod must be written.
    private struct Snapshot: Equatable {
        var phase: String
        var ready: Bool
        var states: [SimContainer.State]
        var readyFlags: [Bool]
        var restarts: [Int]
        var conditions: [SimCondition]
        var initialized: Bool

        init(_ pod: SimPod) {
            phase = pod.phase
            ready = pod.isReady
            states = pod.containers.map(\.state)
            readyFlags = pod.containers.map(\.ready)
            restarts = pod.containers.map(\.restartCount)
            conditions = pod.conditions
            initialized = pod.initialized
        }
    }

    private static func initialize(_ pod: inout SimPod, node: SimNode, state: inout ClusterState) {
        let now = state.now
        pod.initialized = true
        pod.startTime = now
        pod.hostIP = node.internalIP
        for index in pod.containers.indices
        where state.processPods.executable(forImage: pod.containers[index].profile.image) != nil {
            pod.containers[index].isProcess = true
        }
        // A process pod's ports are the host's: its IP is loopback (each container port maps to a free host port).
        pod.podIP = pod.containers.contains(where: \.isProcess) ? "127.0.0.1" : state.podIP()
        pod.conditions.set("PodReadyToStartContainers", "True", at: now)
        pod.conditions.set("Initialized", "True", at: now)
        let pull = state.configuration.imagePullDuration.timeInterval
        for index in pod.containers.indices {
            let image = pod.containers[index].profile.image
            let present = pod.containers[index].isProcess
                || (node.images.contains(image) && pod.containers[index].profile.behavior != .imagepull)
            if !present {
                state.event(
                    ObjectRef(kind: .pod, key: pod.key), fieldPath: fieldPath(pod.containers[index]), reason: "Pulling",
                    message: "Pulling image \"\(image)\"", component: component, host: node.name)
            }
            pod.containers[index].nextAction = present ? now : now.addingTimeInterval(pull)
        }
    }

    static func fieldPath(_ container: SimContainer) -> String { "spec.containers{\(container.name)}" }

    /// Performs the container's action that is due at `time`.
    private static func step(_ pod: inout SimPod, _ index: Int, at time: Date, state: inout ClusterState) {
        var container = pod.containers[index]
        container.nextAction = nil
        let reference = ObjectRef(kind: .pod, key: pod.key)
        let host = pod.nodeName
        let path = fieldPath(container)
        let image = container.profile.image
        switch container.state {
        case .waiting(let reason, _) where !container.everStarted || reason == "ErrImagePull" || reason == "ImagePullBackOff":
            if container.profile.behavior == .imagepull && !container.isProcess && reason != "CrashLoopBackOff" {
                if reason == "ErrImagePull" {
                    container.pullBackOff = container.pullBackOff == 0 ? 10 : min(container.pullBackOff * 2, maxBackOff)
                    container.state = .waiting(
                        reason: "ImagePullBackOff", message: "Back-off pulling image \"\(image)\": \(pullError(image))")
                    state.event(reference, fieldPath: path, reason: "BackOff", message: "Back-off pulling image \"\(image)\"",
                        component: component, host: host)
                    state.event(reference, fieldPath: path, warning: true, reason: "Failed", message: "Error: ImagePullBackOff",
                        component: component, host: host)
                    container.nextAction = time.addingTimeInterval(container.pullBackOff)
                } else {
                    if reason == "ImagePullBackOff" {
                        state.event(reference, fieldPath: path, reason: "Pulling", message: "Pulling image \"\(image)\"",
                            component: component, host: host)
                    }
                    container.state = .waiting(reason: "ErrImagePull", message: pullError(image))
                    state.event(reference, fieldPath: path, warning: true, reason: "Failed",
                        message: "Failed to pull image \"\(image)\": \(pullError(image))", component: component, host: host)
                    state.event(reference, fieldPath: path, warning: true, reason: "Failed", message: "Error: ErrImagePull",
                        component: component, host: host)
                    container.nextAction = time.addingTimeInterval(1)
                }
                pod.containers[index] = container
                return
            }
            if let nodeName = pod.nodeName, state.nodes[nodeName]?.images.insert(image).inserted == true {
                let pull = state.configuration.imagePullDuration.timeInterval
                let size = 20_000_000 + Int(state.random.next() % 80_000_000)
                state.event(reference, fieldPath: path, reason: "Pulled",
                    message: "Successfully pulled image \"\(image)\" in \(format(pull)) (\(format(pull)) including waiting). Image size: \(size) bytes.",
                    component: component, host: host)
            } else {
                state.event(reference, fieldPath: path, reason: "Pulled",
                    message: "Container image \"\(image)\" already present on machine", component: component, host: host)
            }
            start(&container, pod: pod, at: time, restart: false, state: &state)
        case .waiting:
            // CrashLoopBackOff elapsed: restart.
            state.event(reference, fieldPath: path, reason: "Pulled",
                message: "Container image \"\(image)\" already present on machine", component: component, host: host)
            container.crashBackOff = min(container.crashBackOff * 2, maxBackOff)
            start(&container, pod: pod, at: time, restart: true, state: &state)
        case .running where container.isProcess:
            // The process runner reports exits and readiness; ``syncProcess(_:_:state:)`` reads them.
            break
        case .running(let since):
            let exit = exitTime(container, since: since)
            if let exit, exit.time <= time {
                terminate(&container, pod: pod, at: exit.time, reason: exit.reason, code: exit.code, state: &state)
            } else {
                let profile = container.profile
                if !container.ready && profile.behavior != .unready && since.addingTimeInterval(profile.readyDelay) <= time {
                    container.ready = true
                }
                if profile.behavior == .unready || (!container.ready && profile.readyDelay > 0) {
                    if container.lastProbeEvent.map({ time.timeIntervalSince($0) >= probeEventInterval }) ?? true {
                        container.lastProbeEvent = time
                        state.event(reference, fieldPath: path, warning: true, reason: "Unhealthy",
                            message: "Readiness probe failed: HTTP probe failed with statuscode: 503", component: component,
                            host: host)
                    }
                }
                container.nextAction = nextRunningAction(container, since: since, after: time)
            }
        case .terminated:
            break
        }
        pod.containers[index] = container
    }

    /// When and how a running container exits, if its behaviour or memory makes it.
    private static func exitTime(_ container: SimContainer, since: Date) -> (time: Date, reason: String, code: Int)? {
        let profile = container.profile
        var result: (time: Date, reason: String, code: Int)?
        switch profile.behavior {
        case .crashloop, .fail: result = (since.addingTimeInterval(profile.runFor), "Error", 1)
        case .complete: result = (since.addingTimeInterval(profile.runFor), "Completed", 0)
        default: break
        }
        if let oom = profile.oomAfter {
            let time = since.addingTimeInterval(oom)
            if result == nil || time < result!.time { result = (time, "OOMKilled", 137) }
        }
        return result
    }

    private static func nextRunningAction(_ container: SimContainer, since: Date, after time: Date) -> Date? {
        var candidates: [Date] = []
        if let exit = exitTime(container, since: since) { candidates.append(exit.time) }
        let profile = container.profile
        if !container.ready && profile.behavior != .unready {
            candidates.append(max(since.addingTimeInterval(profile.readyDelay), time))
        }
        if profile.behavior == .unready || (!container.ready && profile.readyDelay > 0),
            let last = container.lastProbeEvent
        {
            candidates.append(last.addingTimeInterval(probeEventInterval))
        }
        return candidates.filter { $0 > time }.min()
    }

    static func start(
        _ container: inout SimContainer, pod: SimPod, at time: Date, restart: Bool, state: inout ClusterState
    ) {
        let reference = ObjectRef(kind: .pod, key: pod.key)
        let logKey = PodLogStore.Key(namespace: pod.namespace, pod: pod.name, container: container.name)
        if restart {
            container.restartCount += 1
            state.logs.restart(logKey)
        }
        container.containerID = state.containerID()
        container.state = .running(since: time)
        container.startedAt = time
        container.everStarted = true
        container.ready = container.profile.behavior != .unready && container.profile.readyDelay == 0
        container.lastProbeEvent = nil
        state.event(reference, fieldPath: fieldPath(container), reason: "Created",
            message: "Created container: \(container.name)", component: component, host: pod.nodeName)
        state.event(reference, fieldPath: fieldPath(container), reason: "Started",
            message: "Started container \(container.name)", component: component, host: pod.nodeName)
        if container.isProcess {
            // Ready only once the runner's probe passes; the runner writes the log.
            container.ready = false
            container.nextAction = nil
            state.processCommands.append(
                .launch(namespace: pod.namespace, pod: pod.name, container: container.name, instance: container.restartCount))
            return
        }
        state.logs.append(ContainerLogs.startLines(container.profile, at: time), to: logKey)
        container.nextAction = nextRunningAction(container, since: time, after: time)
        if container.profile.behavior == .unready || container.profile.readyDelay > 0 {
            container.nextAction = min(container.nextAction ?? .distantFuture, time.addingTimeInterval(min(10, max(container.profile.readyDelay, 1))))
        }
    }

    static func terminate(
        _ container: inout SimContainer, pod: SimPod, at time: Date, reason: String, code: Int, state: inout ClusterState
    ) {
        let since = container.startedAt ?? time
        let termination = SimContainer.Termination(
            exitCode: code, reason: reason, startedAt: since, finishedAt: time, containerID: container.containerID ?? "")
        container.ready = false
        container.state = .terminated(termination)
        let logKey = PodLogStore.Key(namespace: pod.namespace, pod: pod.name, container: container.name)
        if !container.isProcess {
            state.logs.append(ContainerLogs.exitLines(container.profile, reason: reason, code: code, at: time), to: logKey)
        }
        if reason == "OOMKilled", let nodeName = pod.nodeName {
            let limitKB = max(container.profile.limits.memory, container.profile.memory.value(at: time.timeIntervalSince(since))) / 1024
            let pid = 1000 + Int(state.random.next() % 60_000)
            state.event(
                ObjectRef(kind: .node, key: "/\(nodeName)"), warning: true, reason: "OOMKilling",
                message: "Memory cgroup out of memory: Killed process \(pid) (\(container.name)) total-vm:\(limitKB + 10_240)kB, anon-rss:\(limitKB)kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:\(limitKB / 512)kB oom_score_adj:\(pod.qosClass == "Guaranteed" ? -997 : 999)",
                component: "kernel-monitor", host: nodeName)
        }
        let restart = pod.restartPolicy == "Always" || (pod.restartPolicy == "OnFailure" && code != 0)
        guard restart else {
            container.nextAction = nil
            return
        }
        container.lastTermination = termination
        if time.timeIntervalSince(since) > 2 * maxBackOff { container.crashBackOff = 0 }
        if container.crashBackOff == 0 {
            // The kubelet's first restart is immediate; the back-off applies from the second failure on.
            container.crashBackOff = 10
            start(&container, pod: pod, at: time, restart: true, state: &state)
            return
        }
        container.state = .waiting(
            reason: "CrashLoopBackOff",
            message: "back-off \(SimDuration.format(container.crashBackOff)) restarting failed container=\(container.name) pod=\(pod.name)_\(pod.namespace)(\(pod.uid ?? ""))")
        state.event(
            ObjectRef(kind: .pod, key: pod.key), fieldPath: fieldPath(container), warning: true, reason: "BackOff",
            message: "Back-off restarting failed container \(container.name) in pod \(pod.name)_\(pod.namespace)(\(pod.uid ?? ""))",
            component: component, host: pod.nodeName)
        container.nextAction = time.addingTimeInterval(container.crashBackOff)
    }

    private static func pullError(_ image: String) -> String {
        let reference = image.contains("/") ? image : "docker.io/library/\(image)"
        return "rpc error: code = NotFound desc = failed to pull and unpack image \"\(reference)\": failed to resolve reference \"\(reference)\": \(reference): not found"
    }

    private static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? "\(Int(seconds))s" : String(format: "%.3fs", seconds)
    }

    /// Phase, readiness and conditions from the container states (the kubelet's getPhase).
    static func derivePhase(_ pod: inout SimPod, nodeReady: Bool, now: Date) {
        let containers = pod.containers
        var running = 0
        var waitingFresh = 0
        var waiting = 0
        var succeeded = 0
        var failed = 0
        for container in containers {
            switch container.state {
            case .running: running += 1
            case .waiting:
                waiting += 1
                if !container.everStarted { waitingFresh += 1 }
            case .terminated(let termination):
                if termination.exitCode == 0 { succeeded += 1 } else { failed += 1 }
            }
        }
        if containers.isEmpty {
            pod.phase = "Running"
        } else if waitingFresh > 0 {
            pod.phase = "Pending"
        } else if running > 0 || waiting > 0 {
            pod.phase = "Running"
        } else if failed > 0 {
            pod.phase = "Failed"
        } else if succeeded == containers.count {
            pod.phase = "Succeeded"
        }
        let unready = containers.filter { !$0.ready }.map(\.name)
        let allReady = unready.isEmpty && pod.phase == "Running"
        if pod.isTerminal {
            pod.conditions.set("ContainersReady", "False", reason: "PodCompleted", at: now)
            pod.conditions.set("Ready", "False", reason: "PodCompleted", at: now)
            pod.readySince = nil
            return
        }
        if allReady {
            pod.conditions.set("ContainersReady", "True", at: now)
        } else {
            pod.conditions.set("ContainersReady", "False", reason: "ContainersNotReady",
                message: "containers with unready status: [\(unready.joined(separator: " "))]", at: now)
        }
        if allReady && nodeReady {
            pod.conditions.set("Ready", "True", at: now)
            if pod.readySince == nil { pod.readySince = now }
        } else {
            if allReady {
                pod.conditions.set("Ready", "False", reason: "NodeNotReady", at: now)
            } else {
                pod.conditions.set("Ready", "False", reason: "ContainersNotReady",
                    message: "containers with unready status: [\(unready.joined(separator: " "))]", at: now)
            }
            pod.readySince = nil
        }
    }
}
