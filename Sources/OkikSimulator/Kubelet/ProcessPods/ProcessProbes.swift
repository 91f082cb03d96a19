import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import OkikKubeClient

/// The readiness and liveness probes of one process container: HTTP GETs to the host port its container port maps
/// to, on the probe's schedule. Readiness goes to the ``ProcessTable``; a failed liveness probe stops the process
/// (SIGTERM, SIGKILL after the grace period), which the kubelet then sees as an exit and restarts.
struct ProcessProbes: Sendable {
    /// The pod's key.
    var podKey: String
    /// The container probed.
    var container: String
    /// The kubelet's instance number of the process probed.
    var instance: Int
    /// The process probed.
    var pid: Int32
    /// Where readiness is reported.
    var table: ProcessTable
    /// The container's readiness probe.
    var readiness: Probe?
    /// The container's liveness probe.
    var liveness: Probe?
    /// The container's declared ports (named probe ports resolve among them).
    var ports: [Container.Port]
    /// Host port by container port.
    var hostPorts: [Int: Int]
    /// The least time a probe attempt waits for an answer, in seconds.
    var timeout: Double
    /// Seconds between SIGTERM and SIGKILL when the liveness probe fails.
    var grace: Double

    /// Starts the probe loops; cancelling the task ends them.
    func start() -> Task<Void, Never> {
        Task {
            await withTaskGroup(of: Void.self) { group in
                if let readiness, let action = readiness.httpGet {
                    group.addTask { await runReadiness(readiness, action) }
                }
                if let liveness, let action = liveness.httpGet {
                    group.addTask { await runLiveness(liveness, action) }
                }
            }
        }
    }

    /// Probes readiness until cancelled, reporting each change once the probe's thresholds are met.
    private func runReadiness(_ probe: Probe, _ action: Probe.HTTPGetAction) async {
        var ready = false
        var successes = 0
        var failures = 0
        try? await Task.sleep(for: .seconds(Double(probe.initialDelaySeconds ?? 0)))
        while !Task.isCancelled {
            if await check(action, timeout: Double(probe.timeoutSeconds ?? 1)) {
                successes += 1
                failures = 0
                if !ready && successes >= max(1, probe.successThreshold ?? 1) { ready = true }
            } else {
                failures += 1
                successes = 0
                if ready && failures >= max(1, probe.failureThreshold ?? 3) { ready = false }
            }
            let value = ready
            if table.report(podKey, container: container).map({ $0.instance == instance && $0.ready != value }) == true {
                table.update(podKey, container: container, instance: instance) { report in
                    if report.exitCode == nil { report.ready = value }
                }
            }
            try? await Task.sleep(for: .seconds(Double(max(1, probe.periodSeconds ?? 10))))
        }
    }

    /// Probes liveness until cancelled or until it fails `failureThreshold` times in a row, then stops the process.
    private func runLiveness(_ probe: Probe, _ action: Probe.HTTPGetAction) async {
        var failures = 0
        try? await Task.sleep(for: .seconds(Double(probe.initialDelaySeconds ?? 0)))
        while !Task.isCancelled {
            if await check(action, timeout: Double(probe.timeoutSeconds ?? 1)) {
                failures = 0
            } else {
                failures += 1
                if failures >= max(1, probe.failureThreshold ?? 3) {
                    kill(pid, SIGTERM)
                    try? await Task.sleep(for: .seconds(grace))
                    if table.report(podKey, container: container).map({ $0.instance == instance && $0.exitCode == nil }) == true {
                        kill(pid, SIGKILL)
                    }
                    return
                }
            }
            try? await Task.sleep(for: .seconds(Double(max(1, probe.periodSeconds ?? 10))))
        }
    }

    /// One HTTP GET: a status from 200 to 399 passes.
    private func check(_ action: Probe.HTTPGetAction, timeout probeTimeout: Double) async -> Bool {
        var containerPort: Int?
        switch action.port {
        case .int(let number)?: containerPort = number
        case .string(let name)?: containerPort = Int(name) ?? ports.first(where: { $0.name == name })?.containerPort
        case nil: containerPort = ports.first?.containerPort
        }
        guard let containerPort else { return false }
        let port = hostPorts[containerPort] ?? containerPort
        let scheme = (action.scheme ?? "HTTP").lowercased()
        var path = action.path ?? "/"
        if !path.hasPrefix("/") { path = "/" + path }
        var request = HTTPClientRequest(url: "\(scheme)://127.0.0.1:\(port)\(path)")
        for header in action.httpHeaders ?? [] {
            if let name = header.name { request.headers.add(name: name, value: header.value ?? "") }
        }
        let seconds = max(timeout, probeTimeout)
        do {
            let response = try await ServiceProxy.client.execute(request, timeout: .milliseconds(Int64(seconds * 1000)))
            _ = try? await response.body.collect(upTo: 1 << 20)
            return (200..<400).contains(Int(response.status.code))
        } catch {
            return false
        }
    }
}
