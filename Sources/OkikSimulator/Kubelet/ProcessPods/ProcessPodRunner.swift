import Foundation
import Logging
import OkikKubeClient

/// Runs the containers whose image ``ProcessPodConfiguration`` names as real child processes, for the simulated
/// kubelet: it prepares each pod's files (service account, kubeconfig, Secret and ConfigMap volumes) in a temporary
/// directory, picks a free host port per container port, starts and probes the processes, turns their output into
/// the container log, and reports starts, readiness and exits in the ``ProcessTable`` the kubelet reads.
public actor ProcessPodRunner {
    /// How a process reaches the simulator's API server.
    struct APIServer: Sendable {
        /// The simulator's URL (`http://127.0.0.1:PORT` or `https://...`).
        var url: String
        /// The simulator's port.
        var port: Int
        /// The CA of an HTTPS simulator, in PEM.
        var caPEM: String?
        /// The bearer token written as the service-account token when no token stands for the pod's service
        /// account; nil when the simulator takes no tokens (the process then calls it without one, as anyone may).
        var token: String?
        /// The simulator's tokens by the user each stands for (`system:serviceaccount:NS:NAME` for an account).
        var tokensByUser: [String: String] = [:]
    }

    /// A pod whose processes run: its files, its host ports and its containers' processes.
    private struct PodRun {
        var directory: URL
        var pod: Pod
        /// Host port by container port.
        var hostPorts: [Int: Int]
        /// Local directory by volume name.
        var volumes: [String: URL]
        /// Seconds between SIGTERM and SIGKILL.
        var grace: Double
        /// Running processes by container name.
        var processes: [String: Process] = [:]
        /// Probe loops by container name.
        var probes: [String: Task<Void, Never>] = [:]
    }

    private let configuration: ProcessPodConfiguration
    private let store: ObjectStore
    private let logs: PodLogStore
    private let table: ProcessTable
    private let api: APIServer
    private let logger: Logger
    private var pods: [String: PodRun] = [:]
    /// Everything the runner writes: `pods/<pod>` per pod, `claims/<claim>` per PersistentVolumeClaim (kept when
    /// a pod goes, like a claim's volume); removed at ``shutdown(maxGrace:)``.
    private let root = FileManager.default.temporaryDirectory.appendingPathComponent("okik-sim-\(UUID().uuidString.prefix(8))")
    /// Stops still waiting for their processes (SIGKILL after the grace period).
    private var stopping: [Task<Void, Never>] = []
    /// Set by ``shutdown(maxGrace:)``: nothing starts any more.
    private var isShutDown = false

    init(
        configuration: ProcessPodConfiguration, store: ObjectStore, logs: PodLogStore, table: ProcessTable,
        api: APIServer, logger: Logger
    ) {
        self.configuration = configuration
        self.store = store
        self.logs = logs
        self.table = table
        self.api = api
        self.logger = logger
    }

    /// The process id of a container's current process, while it runs.
    public func pid(namespace: String, pod: String, container: String) -> Int32? {
        guard let process = pods[ObjectRef.key(namespace, pod)]?.processes[container], process.isRunning else {
            return nil
        }
        return process.processIdentifier
    }

    /// The host port a process pod's container port is reachable on.
    public func hostPort(namespace: String, pod: String, containerPort: Int) -> Int? {
        pods[ObjectRef.key(namespace, pod)]?.hostPorts[containerPort]
    }

    /// Carries out the kubelet's starts and stops, in order.
    func perform(_ commands: [ProcessCommand]) async {
        for command in commands {
            switch command {
            case .launch(let namespace, let pod, let container, let instance):
                let key = ObjectRef.key(namespace, pod)
                do {
                    try await launch(namespace: namespace, pod: pod, container: container, instance: instance)
                } catch {
                    logger.warning("could not start process for \(key) container \(container): \(error)")
                    table.update(key, container: container, instance: instance) { report in
                        report.failure = "\(error)"
                        report.exitCode = 128
                        report.ready = false
                    }
                }
            case .stop(let namespace, let pod):
                stop(ObjectRef.key(namespace, pod))
            }
        }
    }

    /// Stops every process (SIGTERM, then SIGKILL after each pod's grace period, at most `maxGrace` seconds) and
    /// waits until they are gone.
    public func shutdown(maxGrace: Double = 5) async {
        isShutDown = true
        for key in pods.keys.sorted() { stop(key, maxGrace: maxGrace) }
        let waiting = stopping
        stopping = []
        for task in waiting { await task.value }
        try? FileManager.default.removeItem(at: root)
    }

    // MARK: - Starting

    /// Starts one instance of a container: its pod's files first if it is the pod's first start, then the process,
    /// its output pumps and its probes.
    private func launch(namespace: String, pod name: String, container containerName: String, instance: Int) async throws {
        let key = ObjectRef.key(namespace, name)
        guard !isShutDown else { return }
        var run: PodRun
        if let existing = pods[key] {
            run = existing
        } else {
            run = try await prepare(namespace: namespace, name: name)
        }
        pods[key] = run
        let spec = run.pod.spec ?? PodSpec()
        guard let container = (spec.containers ?? []).first(where: { ($0.name ?? "main") == containerName }),
            let executable = configuration.executable(forImage: container.image ?? "")
        else { throw ProcessPodError("no process container \(containerName) in pod \(key)") }
        if let previous = run.processes[containerName], previous.isRunning { previous.terminate() }
        run.probes[containerName]?.cancel()
        let mounts = mountPaths(container, run)
        let environment = try await environment(container, run, mounts: mounts)
        let arguments = ((container.command ?? []).dropFirst() + (container.args ?? [])).map {
            ProcessRewriting.rewrite($0, mounts: mounts, ports: run.hostPorts)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = Array(arguments)
        process.environment = environment
        process.currentDirectoryURL = run.directory
        let output = Pipe()
        let errors = Pipe()
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = errors
        let table = self.table
        process.terminationHandler = { process in
            let status = Int(process.terminationStatus)
            let code = process.terminationReason == .uncaughtSignal ? 128 + status : status
            table.update(key, container: containerName, instance: instance) { report in
                report.exitCode = code
                report.ready = false
            }
        }
        // Checked again with no suspension before the start: a shutdown may have come while files were written.
        guard !isShutDown else { return }
        try process.run()
        let logKey = PodLogStore.Key(namespace: namespace, pod: name, container: containerName)
        ProcessOutput.pump(output.fileHandleForReading, to: logs, key: logKey)
        ProcessOutput.pump(errors.fileHandleForReading, to: logs, key: logKey)
        let pid = process.processIdentifier
        let probed = container.readinessProbe?.httpGet != nil
        table.update(key, container: containerName, instance: instance) { report in
            report.pid = pid
            if report.exitCode == nil && !probed { report.ready = true }
        }
        run.processes[containerName] = process
        run.probes[containerName] = ProcessProbes(
            podKey: key, container: containerName, instance: instance, pid: pid, table: table,
            readiness: container.readinessProbe, liveness: container.livenessProbe,
            ports: container.ports ?? [], hostPorts: run.hostPorts, timeout: configuration.probeTimeout,
            grace: run.grace
        ).start()
        pods[key] = run
        logger.debug("started \(executable) for \(key) container \(containerName) as pid \(pid)")
    }

    /// Makes a pod's directory: service account, kubeconfig, volumes, and its host ports.
    private func prepare(namespace: String, name: String) async throws -> PodRun {
        guard let definition = store.registry.definition(apiVersion: "v1", plural: "pods") else {
            throw ProcessPodError("the simulator serves no pods")
        }
        let pod = try await store.get(definition, namespace: namespace, name: name).decode(as: Pod.self)
        let spec = pod.spec ?? PodSpec()
        let files = FileManager.default
        let directory = root.appendingPathComponent("pods").appendingPathComponent("\(namespace)_\(name)_\(UUID().uuidString.prefix(8))")
        try files.createDirectory(at: directory, withIntermediateDirectories: true)
        let account = directory.appendingPathComponent("serviceaccount")
        try files.createDirectory(at: account, withIntermediateDirectories: true)
        let user = "system:serviceaccount:\(namespace):\(spec.serviceAccountName ?? "default")"
        let token = api.tokensByUser[user] ?? api.token
        try Data((token ?? "").utf8).write(to: account.appendingPathComponent("token"))
        try Data(namespace.utf8).write(to: account.appendingPathComponent("namespace"))
        var caPath: String?
        if let ca = api.caPEM {
            let url = account.appendingPathComponent("ca.crt")
            try Data(ca.utf8).write(to: url)
            caPath = url.path
        }
        let cluster = Cluster(server: api.url, certificateAuthority: caPath)
        let config = KubeConfig.single(
            server: api.url, cluster: cluster,
            user: token == nil ? AuthInfo() : AuthInfo(tokenFile: account.appendingPathComponent("token").path),
            namespace: namespace, contextName: "in-cluster")
        try Simulator.writePrivately(Data(KubeConfigWriter.yaml(config).utf8), to: directory.appendingPathComponent("kubeconfig").path)
        var volumes: [String: URL] = [:]
        for volume in spec.volumes ?? [] {
            guard let volumeName = volume.name else { continue }
            let local = volume.persistentVolumeClaim?.claimName.map {
                root.appendingPathComponent("claims").appendingPathComponent("\(namespace)_\($0)")
            } ?? directory.appendingPathComponent("volumes").appendingPathComponent(volumeName)
            try files.createDirectory(at: local, withIntermediateDirectories: true)
            try await fill(local, from: volume, namespace: namespace, tokenPath: account.appendingPathComponent("token"))
            volumes[volumeName] = local
        }
        var hostPorts: [Int: Int] = [:]
        for container in spec.containers ?? [] {
            for port in container.ports ?? [] {
                guard let number = port.containerPort, hostPorts[number] == nil else { continue }
                hostPorts[number] = try FreePort.pick()
            }
        }
        table.setHostPorts(ObjectRef.key(namespace, name), hostPorts)
        return PodRun(
            directory: directory, pod: pod, hostPorts: hostPorts, volumes: volumes,
            grace: Double(spec.terminationGracePeriodSeconds ?? 30))
    }

    /// Writes a volume's files: a Secret's or ConfigMap's keys, a projected volume's sources; other kinds stay empty.
    private func fill(_ directory: URL, from volume: Volume, namespace: String, tokenPath: URL) async throws {
        if let secret = volume.secret {
            try write(
                try await secretData(secret.secretName, namespace: namespace, optional: secret.optional ?? false),
                items: secret.items, to: directory)
        }
        if let configMap = volume.configMap {
            try write(
                try await configMapData(configMap.name, namespace: namespace, optional: configMap.optional ?? false),
                items: configMap.items, to: directory)
        }
        for source in volume.projected?.sources ?? [] {
            if let secret = source.secret {
                try write(
                    try await secretData(secret.name, namespace: namespace, optional: secret.optional ?? false),
                    items: secret.items, to: directory)
            }
            if let configMap = source.configMap {
                try write(
                    try await configMapData(configMap.name, namespace: namespace, optional: configMap.optional ?? false),
                    items: configMap.items, to: directory)
            }
            if let token = source.serviceAccountToken {
                try Data(contentsOf: tokenPath).write(to: directory.appendingPathComponent(token.path ?? "token"))
            }
        }
    }

    /// Writes keys as files, all of them or the `items` asked for (under their `path`).
    private func write(_ data: [String: Data], items: [Volume.KeyToPath]?, to directory: URL) throws {
        let files = FileManager.default
        let entries: [(String, String)] = items.map { items in
            items.compactMap { item in item.key.map { ($0, item.path ?? $0) } }
        } ?? data.keys.sorted().map { ($0, $0) }
        for (key, path) in entries {
            guard let value = data[key] else { continue }
            let url = directory.appendingPathComponent(path)
            try files.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try value.write(to: url)
        }
    }

    /// A Secret's keys, decoded (and its `stringData`); empty when it is missing and `optional`.
    private func secretData(_ name: String?, namespace: String, optional: Bool) async throws -> [String: Data] {
        guard let name, let definition = store.registry.definition(apiVersion: "v1", plural: "secrets") else { return [:] }
        do {
            let secret = try await store.get(definition, namespace: namespace, name: name).decode(as: Secret.self)
            var data = (secret.data ?? [:]).compactMapValues { Data(base64Encoded: $0) }
            for (key, value) in secret.stringData ?? [:] { data[key] = Data(value.utf8) }
            return data
        } catch {
            if optional { return [:] }
            throw ProcessPodError("secret \"\(name)\" not found")
        }
    }

    /// A ConfigMap's `data` and `binaryData`; empty when it is missing and `optional`.
    private func configMapData(_ name: String?, namespace: String, optional: Bool) async throws -> [String: Data] {
        guard let name, let definition = store.registry.definition(apiVersion: "v1", plural: "configmaps") else { return [:] }
        do {
            let json = try await store.get(definition, namespace: namespace, name: name).json()
            var data = (json["data"]?.objectValue ?? [:]).compactMapValues { $0.stringValue.map { Data($0.utf8) } }
            for (key, value) in json["binaryData"]?.objectValue ?? [:] {
                if let decoded = value.stringValue.flatMap({ Data(base64Encoded: $0) }) { data[key] = decoded }
            }
            return data
        } catch {
            if optional { return [:] }
            throw ProcessPodError("configmap \"\(name)\" not found")
        }
    }

    /// Mount path → local path for a container's volume mounts (longest mount path first).
    private func mountPaths(_ container: Container, _ run: PodRun) -> [(path: String, local: String)] {
        var mounts: [(path: String, local: String)] = [
            (InClusterConfigLoader.defaultDirectory, run.directory.appendingPathComponent("serviceaccount").path)
        ]
        for mount in container.volumeMounts ?? [] {
            guard let name = mount.name, let path = mount.mountPath, var local = run.volumes[name] else { continue }
            if let sub = mount.subPath, !sub.isEmpty { local = local.appendingPathComponent(sub) }
            mounts.removeAll { $0.path == path }
            mounts.append((path, local.path))
        }
        return mounts.sorted { $0.path.count > $1.path.count }
    }

    /// The process environment: the host's PATH, HOME and LANG, the in-cluster variables, the ports, then the
    /// container's `envFrom` and `env` (later entries win, as in a pod), whose values get mount paths and ports
    /// rewritten.
    private func environment(
        _ container: Container, _ run: PodRun, mounts: [(path: String, local: String)]
    ) async throws -> [String: String] {
        let host = ProcessInfo.processInfo.environment
        let ports = run.hostPorts
        /// The container's own values get mount paths and ports rewritten; the runner's are host paths already.
        func rewrite(_ value: String) -> String { ProcessRewriting.rewrite(value, mounts: mounts, ports: ports) }
        var environment: [String: String] = [:]
        for name in ["PATH", "HOME", "LANG", "TMPDIR"] { environment[name] = host[name] }
        let namespace = run.pod.metadata.namespace ?? "default"
        let podName = run.pod.metadata.name ?? ""
        environment["HOSTNAME"] = podName
        environment["KUBERNETES_SERVICE_HOST"] = "127.0.0.1"
        environment["KUBERNETES_SERVICE_PORT"] = String(api.port)
        if api.caPEM != nil { environment["KUBERNETES_SERVICE_PORT_HTTPS"] = String(api.port) }
        environment["KUBECONFIG"] = run.directory.appendingPathComponent("kubeconfig").path
        environment["OKIK_SIM_SERVICEACCOUNT_DIR"] = run.directory.appendingPathComponent("serviceaccount").path
        let containerPorts = (container.ports ?? []).compactMap(\.containerPort)
        if let first = containerPorts.first, let hostPort = run.hostPorts[first] { environment["PORT"] = String(hostPort) }
        for port in containerPorts {
            if let hostPort = run.hostPorts[port] { environment["OKIK_SIM_HOST_PORT_\(port)"] = String(hostPort) }
        }
        for source in container.envFrom ?? [] {
            let prefix = source.prefix ?? ""
            var data: [String: Data] = [:]
            if let reference = source.configMapRef {
                data = try await configMapData(reference.name, namespace: namespace, optional: reference.optional ?? false)
            } else if let reference = source.secretRef {
                data = try await secretData(reference.name, namespace: namespace, optional: reference.optional ?? false)
            }
            for (key, value) in data { environment[prefix + key] = rewrite(String(decoding: value, as: UTF8.self)) }
        }
        for variable in container.env ?? [] {
            guard let name = variable.name else { continue }
            if let value = variable.value {
                environment[name] = rewrite(value)
            } else if let source = variable.valueFrom {
                if let reference = source.secretKeyRef, let key = reference.key {
                    let data = try await secretData(reference.name, namespace: namespace, optional: reference.optional ?? false)
                    if let value = data[key] {
                        environment[name] = rewrite(String(decoding: value, as: UTF8.self))
                    } else if reference.optional != true {
                        throw ProcessPodError("couldn't find key \(key) in Secret \(namespace)/\(reference.name ?? "")")
                    }
                } else if let reference = source.configMapKeyRef, let key = reference.key {
                    let data = try await configMapData(reference.name, namespace: namespace, optional: reference.optional ?? false)
                    if let value = data[key] {
                        environment[name] = rewrite(String(decoding: value, as: UTF8.self))
                    } else if reference.optional != true {
                        throw ProcessPodError("couldn't find key \(key) in ConfigMap \(namespace)/\(reference.name ?? "")")
                    }
                } else if let field = source.fieldRef?.fieldPath {
                    environment[name] = fieldValue(field, run.pod)
                }
            }
        }
        return environment
    }

    /// The value of a `fieldRef` the runner knows (nil for others).
    private func fieldValue(_ path: String, _ pod: Pod) -> String? {
        switch path {
        case "metadata.name": pod.metadata.name
        case "metadata.namespace": pod.metadata.namespace ?? "default"
        case "metadata.uid": pod.metadata.uid
        case "status.podIP", "status.hostIP": "127.0.0.1"
        case "spec.nodeName": pod.spec?.nodeName
        case "spec.serviceAccountName": pod.spec?.serviceAccountName ?? "default"
        default: nil
        }
    }

    // MARK: - Stopping

    /// Stops a pod's processes: SIGTERM now, SIGKILL after the grace period; then removes its directory.
    private func stop(_ key: String, maxGrace: Double? = nil) {
        guard let run = pods.removeValue(forKey: key) else { return }
        table.remove(key)
        for probe in run.probes.values { probe.cancel() }
        let pids = run.processes.values.filter(\.isRunning).map(\.processIdentifier)
        for pid in pids { kill(pid, SIGTERM) }
        let grace = min(run.grace, maxGrace ?? run.grace)
        let directory = run.directory
        let processes = run.processes.values.map { ProcessReference(process: $0) }
        let task = Task.detached {
            let deadline = ContinuousClock.now + .milliseconds(Int64(grace * 1000))
            while ContinuousClock.now < deadline && processes.contains(where: { $0.process.isRunning }) {
                try? await Task.sleep(for: .milliseconds(50))
            }
            for reference in processes where reference.process.isRunning { kill(reference.process.processIdentifier, SIGKILL) }
            try? FileManager.default.removeItem(at: directory)
        }
        stopping.append(task)
    }
}

/// A process handed to a stop task (Foundation's `Process` is used from one task at a time here).
private struct ProcessReference: @unchecked Sendable {
    let process: Process
}
