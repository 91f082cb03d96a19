import OkikKubeClient

/// Generates realistic pod objects (about 5 KB of JSON each, like pods of a real Deployment with two containers,
/// probes, a projected service-account volume and managed fields), deterministically from an index.
public enum SyntheticPods {
    /// The JSON of pod number `index`, spread over namespaces and nodes.
    public static func pod(_ index: Int, namespaces: Int = 50, nodes: Int = 200) -> JSONValue {
        let namespace = "team-\(index % max(1, namespaces))"
        let app = "svc-\(index / 10 % 500)"
        let hash = String(UInt32(truncatingIfNeeded: (index / 10) &* 2_654_435_761), radix: 16)
        let name = "\(app)-\(hash)-\(String(index, radix: 36))"
        let node = "node-\(index % max(1, nodes))"
        let ip = "10.\(index / 65_536 % 256).\(index / 256 % 256).\(index % 256)"
        let created = "2026-11-20T08:\(format2(index / 60 % 60)):\(format2(index % 60))Z"
        let labels: JSONValue = [
            "app": .string(app), "pod-template-hash": .string(hash), "team": .string(namespace),
            "version": "v2.14.3", "app.kubernetes.io/part-of": "shop",
        ]
        func container(_ name: String, image: String, port: Int, cpu: String, memory: String) -> JSONValue {
            [
                "name": .string(name), "image": .string(image), "imagePullPolicy": "IfNotPresent",
                "ports": [["name": "http", "containerPort": .int(port), "protocol": "TCP"]],
                "env": [
                    ["name": "LOG_LEVEL", "value": "info"], ["name": "PORT", "value": .string(String(port))],
                    ["name": "POD_NAME", "valueFrom": ["fieldRef": ["apiVersion": "v1", "fieldPath": "metadata.name"]]],
                    ["name": "POD_NAMESPACE", "valueFrom": ["fieldRef": ["apiVersion": "v1", "fieldPath": "metadata.namespace"]]],
                    ["name": "OTEL_EXPORTER_OTLP_ENDPOINT", "value": "http://otel-collector.observability:4317"],
                ],
                "resources": ["requests": ["cpu": .string(cpu), "memory": .string(memory)], "limits": ["memory": .string(memory)]],
                "livenessProbe": [
                    "httpGet": ["path": "/healthz", "port": .int(port), "scheme": "HTTP"], "initialDelaySeconds": 10,
                    "periodSeconds": 10, "timeoutSeconds": 1, "successThreshold": 1, "failureThreshold": 3,
                ],
                "readinessProbe": [
                    "httpGet": ["path": "/ready", "port": .int(port), "scheme": "HTTP"], "periodSeconds": 5,
                    "timeoutSeconds": 1, "successThreshold": 1, "failureThreshold": 3,
                ],
                "volumeMounts": [["name": "kube-api-access", "mountPath": "/var/run/secrets/kubernetes.io/serviceaccount", "readOnly": true]],
                "terminationMessagePath": "/dev/termination-log", "terminationMessagePolicy": "File",
            ]
        }
        func status(_ name: String, image: String) -> JSONValue {
            [
                "name": .string(name), "ready": true, "started": true, "restartCount": .int(index % 7 == 0 ? 2 : 0),
                "image": .string(image), "imageID": .string("docker.io/library/\(image)@sha256:4c0a1b0e2d3f"),
                "containerID": .string("containerd://\(hash)\(name)"),
                "state": ["running": ["startedAt": .string(created)]], "lastState": [:],
            ]
        }
        let conditions: JSONValue = .array(["PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled"].map {
            ["type": .string($0), "status": "True", "lastProbeTime": .null, "lastTransitionTime": .string(created)]
        })
        return [
            "apiVersion": "v1", "kind": "Pod",
            "metadata": [
                "name": .string(name), "generateName": .string("\(app)-\(hash)-"), "namespace": .string(namespace),
                "uid": .string("7f3c2a10-0000-4000-8000-\(format12(index))"), "resourceVersion": .string(String(1000 + index)),
                "creationTimestamp": .string(created), "labels": labels,
                "annotations": ["kubectl.kubernetes.io/restartedAt": "2026-11-19T10:00:00Z", "prometheus.io/scrape": "true", "prometheus.io/port": "9090"],
                "ownerReferences": [[
                    "apiVersion": "apps/v1", "kind": "ReplicaSet", "name": .string("\(app)-\(hash)"),
                    "uid": .string("5b1a0c2d-0000-4000-8000-\(format12(index / 10))"), "controller": true, "blockOwnerDeletion": true,
                ]],
                "managedFields": [[
                    "manager": "kube-controller-manager", "operation": "Update", "apiVersion": "v1", "time": .string(created),
                    "fieldsType": "FieldsV1",
                    "fieldsV1": [
                        "f:metadata": ["f:generateName": [:], "f:labels": [".": [:], "f:app": [:], "f:pod-template-hash": [:]], "f:ownerReferences": [".": [:]]],
                        "f:spec": ["f:containers": ["k:{\"name\":\"app\"}": [".": [:], "f:image": [:], "f:name": [:], "f:resources": [:]]]],
                    ],
                ]],
            ],
            "spec": [
                "containers": [
                    container("app", image: "registry.example.com/shop/\(app):2.14.3", port: 8080, cpu: "250m", memory: "256Mi"),
                    container("proxy", image: "envoyproxy/envoy:v1.31.0", port: 9901, cpu: "50m", memory: "64Mi"),
                ],
                "restartPolicy": "Always", "terminationGracePeriodSeconds": 30, "dnsPolicy": "ClusterFirst",
                "serviceAccountName": "default", "serviceAccount": "default", "nodeName": .string(node),
                "securityContext": ["runAsNonRoot": true, "fsGroup": 2000], "schedulerName": "default-scheduler",
                "tolerations": [
                    ["key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300],
                    ["key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300],
                ],
                "priority": 0, "enableServiceLinks": true, "preemptionPolicy": "PreemptLowerPriority",
                "volumes": [[
                    "name": "kube-api-access",
                    "projected": [
                        "defaultMode": 420,
                        "sources": [
                            ["serviceAccountToken": ["expirationSeconds": 3607, "path": "token"]],
                            ["configMap": ["name": "kube-root-ca.crt", "items": [["key": "ca.crt", "path": "ca.crt"]]]],
                            ["downwardAPI": ["items": [["path": "namespace", "fieldRef": ["apiVersion": "v1", "fieldPath": "metadata.namespace"]]]]],
                        ],
                    ],
                ]],
            ],
            "status": [
                "phase": "Running", "conditions": conditions, "hostIP": .string("192.168.\(index / 256 % 256).\(index % 256)"),
                "hostIPs": [["ip": .string("192.168.\(index / 256 % 256).\(index % 256)")]],
                "podIP": .string(ip), "podIPs": [["ip": .string(ip)]], "startTime": .string(created), "qosClass": "Burstable",
                "containerStatuses": [status("app", image: "registry.example.com/shop/\(app):2.14.3"), status("proxy", image: "envoyproxy/envoy:v1.31.0")],
            ],
        ]
    }

    /// A complete `PodList` of `count` pods as JSON bytes, the way an API server sends it.
    public static func podListJSON(count: Int) throws -> [UInt8] {
        var bytes = Array(#"{"kind":"PodList","apiVersion":"v1","metadata":{"resourceVersion":"123456"},"items":["#.utf8)
        for index in 0..<count {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            bytes.append(contentsOf: pod(index).jsonString().utf8)
        }
        bytes.append(contentsOf: "]}".utf8)
        return bytes
    }

    private static func format2(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
    private static func format12(_ value: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, 12 - text.count)) + text
    }
}
