import Foundation
import OkikKubeClient

/// Realistic pods (about 5 KB of JSON each: labels, annotations, owner, two containers with env, probes, resources
/// and mounts, volumes, tolerations, and a running status), generated deterministically for benchmarks and demos.
public enum SyntheticPods {
    /// The pod with a given index; pods are spread over `deployments` owners and `nodes` nodes.
    public static func pod(index: Int, namespace: String, deployments: Int = 500, nodes: Int = 100) -> JSONValue {
        let app = "svc-\(index % deployments)"
        let hash = String(UInt32(truncatingIfNeeded: (index % deployments) &* 2_654_435_761), radix: 16)
        let name = "\(app)-\(hash)-\(String(index, radix: 36))"
        let node = "node-\(index % nodes)"
        let ip = "10.\(index / 65_536 % 256).\(index / 256 % 256).\(index % 256)"
        let started = "2026-01-01T00:00:00Z"
        let env: JSONValue = .array((0..<8).map { item in
            ["name": .string("SETTING_\(item)"), "value": .string("value-\(item)-for-\(app)")]
        } + [
            ["name": "POD_NAME", "valueFrom": ["fieldRef": ["apiVersion": "v1", "fieldPath": "metadata.name"]]],
            ["name": "POD_IP", "valueFrom": ["fieldRef": ["apiVersion": "v1", "fieldPath": "status.podIP"]]],
        ])
        func container(_ name: String, _ image: String, port: Int) -> JSONValue {
            [
                "name": .string(name), "image": .string(image), "imagePullPolicy": "IfNotPresent",
                "args": [.string("--port=\(port)"), "--log-level=info"],
                "ports": [["name": "http", "containerPort": .int(port), "protocol": "TCP"]],
                "env": env,
                "resources": ["requests": ["cpu": "100m", "memory": "128Mi"], "limits": ["cpu": "500m", "memory": "256Mi"]],
                "livenessProbe": [
                    "httpGet": ["path": "/healthz", "port": .int(port), "scheme": "HTTP"], "initialDelaySeconds": 10,
                    "periodSeconds": 10, "timeoutSeconds": 1, "successThreshold": 1, "failureThreshold": 3,
                ],
                "readinessProbe": [
                    "httpGet": ["path": "/ready", "port": .int(port), "scheme": "HTTP"], "periodSeconds": 5,
                    "timeoutSeconds": 1, "successThreshold": 1, "failureThreshold": 3,
                ],
                "volumeMounts": [
                    ["name": "config", "mountPath": .string("/etc/\(name)"), "readOnly": true],
                    ["name": "kube-api-access", "mountPath": "/var/run/secrets/kubernetes.io/serviceaccount", "readOnly": true],
                ],
                "terminationMessagePath": "/dev/termination-log", "terminationMessagePolicy": "File",
            ]
        }
        func status(_ name: String, _ image: String) -> JSONValue {
            [
                "name": .string(name), "image": .string(image), "imageID": .string("docker.io/library/\(image)@sha256:\(String(repeating: "ab", count: 32))"),
                "containerID": .string("containerd://\(String(repeating: "cd", count: 32))"), "ready": true, "started": true,
                "restartCount": .int(index % 3), "state": ["running": ["startedAt": .string(started)]], "lastState": [:],
            ]
        }
        let condition = { (type: String) -> JSONValue in
            ["type": .string(type), "status": "True", "lastProbeTime": .null, "lastTransitionTime": .string(started)]
        }
        return [
            "apiVersion": "v1", "kind": "Pod",
            "metadata": [
                "name": .string(name), "namespace": .string(namespace),
                "labels": ["app": .string(app), "pod-template-hash": .string(hash), "team": .string("team-\(index % 20)"), "tier": "backend"],
                "annotations": [
                    "prometheus.io/scrape": "true", "prometheus.io/port": "9090",
                    "kubectl.kubernetes.io/restartedAt": .string(started),
                ],
                "ownerReferences": [[
                    "apiVersion": "apps/v1", "kind": "ReplicaSet", "name": .string("\(app)-\(hash)"),
                    "uid": .string("00000000-0000-4000-8000-\(String(format: "%012x", index % deployments))"),
                    "controller": true, "blockOwnerDeletion": true,
                ]],
            ],
            "spec": [
                "containers": [container(app, "registry.example.com/\(app):1.\(index % 7)", port: 8080), container("proxy", "envoyproxy/envoy:v1.30.1", port: 9901)],
                "volumes": [
                    ["name": "config", "configMap": ["name": .string("\(app)-config"), "defaultMode": 420]],
                    ["name": "kube-api-access", "projected": ["defaultMode": 420, "sources": [
                        ["serviceAccountToken": ["expirationSeconds": 3607, "path": "token"]],
                        ["configMap": ["name": "kube-root-ca.crt", "items": [["key": "ca.crt", "path": "ca.crt"]]]],
                    ]]],
                ],
                "nodeName": .string(node), "restartPolicy": "Always", "terminationGracePeriodSeconds": 30, "dnsPolicy": "ClusterFirst",
                "serviceAccountName": "default", "schedulerName": "default-scheduler", "priority": 0, "enableServiceLinks": true,
                "securityContext": ["runAsNonRoot": true, "fsGroup": 2000],
                "tolerations": [
                    ["key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300],
                    ["key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300],
                ],
            ],
            "status": [
                "phase": "Running", "qosClass": "Burstable", "hostIP": .string("192.168.0.\(index % nodes)"), "podIP": .string(ip),
                "podIPs": [["ip": .string(ip)]], "startTime": .string(started),
                "conditions": [condition("PodReadyToStartContainers"), condition("Initialized"), condition("Ready"), condition("ContainersReady"), condition("PodScheduled")],
                "containerStatuses": [status(app, "registry.example.com/\(app):1.\(index % 7)"), status("proxy", "envoyproxy/envoy:v1.30.1")],
            ],
        ]
    }

    /// Creates `count` pods in `namespace` (which must exist) directly in the store.
    /// - Throws: ``APIError`` if a pod cannot be stored.
    public static func seed(_ store: ObjectStore, count: Int, namespace: String = "default") async throws {
        guard let pods = store.registry.definition(apiVersion: "v1", kind: "Pod") else { return }
        for index in 0..<count {
            try await store.create(pods, namespace: namespace, object: pod(index: index, namespace: namespace))
        }
    }
}
