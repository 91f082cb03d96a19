import OkikKubeClient

/// The busybox commands and probes that make a real container behave like a simulated one, for
/// `okikctl load-test` against a real cluster.
enum ClusterCommands {
    /// Container fields (`command`, probes) for a behaviour.
    static func container(for behavior: ContainerBehavior, workload: ScenarioWorkload) -> [String: JSONValue] {
        let runFor = Int(workload.runFor.flatMap(SimDuration.parse) ?? 5)
        let delay = Int(workload.startDelay.flatMap(SimDuration.parse) ?? 60)
        func shell(_ script: String) -> JSONValue { ["sh", "-c", .string(script)] }
        let idle = "echo starting; trap 'exit 0' TERM; while true; do sleep 5; done"
        var fields: [String: JSONValue] = [:]
        switch behavior {
        case .healthy where workload.memory?.hasPrefix("leak:") == true:
            // A slow leak: run a while, then allocate until the limit kills it.
            fields["command"] = shell("echo starting; sleep 30; echo cache growing; tail /dev/zero")
        case .healthy:
            let busy = workload.cpu.map { $0.contains("periodic") || $0.contains("ramp") } ?? false
            fields["command"] = busy
                ? shell("echo starting; trap 'exit 0' TERM; while true; do i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done; sleep 1; done")
                : shell(idle)
        case .crashloop:
            fields["command"] = shell("echo starting; sleep \(runFor); exit 1")
        case .oom:
            // tail buffers /dev/zero (no newlines) until the memory limit kills it.
            fields["command"] = shell("echo allocating memory; tail /dev/zero")
        case .imagepull:
            fields["command"] = shell(idle)
        case .slowstart:
            fields["command"] = shell("echo warming up; sleep \(delay); touch /tmp/ready; trap 'exit 0' TERM; while true; do sleep 5; done")
            fields["readinessProbe"] = ["exec": ["command": ["cat", "/tmp/ready"]], "periodSeconds": 5]
        case .unready:
            fields["command"] = shell(idle)
            fields["readinessProbe"] = ["exec": ["command": ["sh", "-c", "exit 1"]], "periodSeconds": 10]
        case .complete:
            fields["command"] = shell("echo working; sleep \(runFor); echo done")
        case .fail:
            fields["command"] = shell("echo working; sleep \(runFor); echo failed >&2; exit 1")
        }
        return fields
    }
}
