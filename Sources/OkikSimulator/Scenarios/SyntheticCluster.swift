import Foundation
import OkikKubeClient

/// Generates a large synthetic cluster (`okikctl sim start --nodes 2000 --pods 60000 --scenario mixed`): node pools,
/// namespaces of Deployments with realistic pod templates, two DaemonSets, StatefulSets, autoscalers, CronJobs, and a
/// seeded mix of the problems the built-in scenarios show, at realistic rates.
public enum SyntheticCluster {
    /// The problem mix: share of workloads per behaviour (the rest is healthy).
    static let mix: [(kind: String, share: Double)] = [
        ("crashloop", 0.015), ("oom", 0.01), ("imagepull", 0.007), ("pending", 0.005), ("unready", 0.01),
        ("slowstart", 0.01), ("overprovisioned", 0.04), ("idle", 0.03), ("missing-requests", 0.02),
    ]

    /// Images every node already has (so the bulk start needs no pulls).
    static let commonImages = [
        "registry.okik.io/web:1.8.2", "registry.okik.io/api:3.2.0", "registry.okik.io/worker:2.0.4",
        "registry.okik.io/cache:7.2", "prom/node-exporter:v1.8.2", "fluent/fluent-bit:3.1.9", "postgres:16.4",
        "busybox:1.36",
    ]

    /// The objects of a cluster with about `pods` pods on `nodes` nodes, in apply order.
    public static func objects(nodes: Int, pods: Int, seed: UInt64 = 42) -> [JSONValue] {
        var random = SplitMix64(seed: seed)
        var objects: [JSONValue] = []
        let namespaceCount = max(1, pods / 600)
        let namespaces = (0..<namespaceCount).map { "team-\(teamNames[$0 % teamNames.count])-\($0 / teamNames.count)" }
        for namespace in namespaces {
            objects.append(["apiVersion": "v1", "kind": "Namespace",
                            "metadata": ["name": .string(namespace), "labels": ["okik.io/synthetic": "true"]]])
        }
        objects += nodeObjects(nodes)
        var remaining = max(0, pods - 2 * nodes)
        objects.append(daemonSet("node-exporter", image: "prom/node-exporter:v1.8.2", cpu: "50m", memory: "64Mi"))
        objects.append(daemonSet("log-agent", image: "fluent/fluent-bit:3.1.9", cpu: "100m", memory: "128Mi"))
        var index = 0
        let replicaChoices = [1, 2, 2, 3, 3, 3, 4, 5, 6, 8, 10, 12]
        while remaining > 0 {
            let namespace = namespaces[index % namespaces.count]
            let replicas = min(remaining, replicaChoices[Int(random.next() % UInt64(replicaChoices.count))])
            let roll = random.nextDouble()
            var cumulative = 0.0
            var behavior = "healthy"
            for entry in mix {
                cumulative += entry.share
                if roll < cumulative {
                    behavior = entry.kind
                    break
                }
            }
            let name = "\(serviceNames[index % serviceNames.count])-\(index / serviceNames.count)"
            let stateful = index % 50 == 7
            objects.append(workload(name, namespace: namespace, replicas: replicas, behavior: behavior, stateful: stateful,
                random: &random))
            if index % 20 == 3 && !stateful {
                let saturated = index % 100 == 23
                objects.append(autoscaler(name, namespace: namespace, min: replicas, max: replicas + (saturated ? 0 : 4)))
            }
            remaining -= replicas
            index += 1
        }
        for (position, namespace) in namespaces.enumerated() {
            objects.append(cronJob("cleanup", namespace: namespace, failing: position % 20 == 5))
        }
        return objects
    }

    static let teamNames = ["payments", "search", "checkout", "identity", "catalog", "growth", "data", "platform"]
    static let serviceNames = ["api", "web", "worker", "gateway", "indexer", "scheduler", "notifier", "renderer", "sync", "cache"]

    static func nodeObjects(_ count: Int) -> [JSONValue] {
        (0..<count).map { index in
            let pool = index % 20 == 19 ? "highmem" : "general"
            let name = "ip-10-\(index / 250)-\(index % 250)-\(pool)"
            let zone = ["a", "b", "c"][index % 3]
            return [
                "apiVersion": "v1", "kind": "Node",
                "metadata": [
                    "name": .string(name),
                    "labels": [
                        "kubernetes.io/hostname": .string(name), "kubernetes.io/os": "linux", "kubernetes.io/arch": "amd64",
                        "node.kubernetes.io/instance-type": pool == "highmem" ? "r6i.4xlarge" : "m6i.4xlarge",
                        "topology.kubernetes.io/zone": .string("eu-west-1\(zone)"), "okik.io/pool": .string(pool),
                    ],
                    "annotations": [ClusterRuntime.imagesAnnotation: .string(commonImages.joined(separator: ","))],
                ],
                "spec": ["providerID": .string("aws:///eu-west-1\(zone)/i-\(String(index, radix: 16).leftPadded(12))")],
                "status": ["capacity": ["cpu": "16", "memory": pool == "highmem" ? "128Gi" : "64Gi", "pods": "110"]],
            ]
        }
    }

    static func podSpec(name: String, image: String, requests: [String: String]?, limits: [String: String]?) -> JSONValue {
        var container: [String: JSONValue] = [
            "name": .string(name), "image": .string(image), "imagePullPolicy": "IfNotPresent",
            "ports": [["name": "http", "containerPort": 8080, "protocol": "TCP"], ["name": "metrics", "containerPort": 9090, "protocol": "TCP"]],
            "env": [
                ["name": "SERVICE_NAME", "value": .string(name)], ["name": "LOG_LEVEL", "value": "info"],
                ["name": "OTEL_EXPORTER_OTLP_ENDPOINT", "value": "http://otel-collector.observability:4317"],
                ["name": "POD_NAME", "valueFrom": ["fieldRef": ["fieldPath": "metadata.name"]]],
                ["name": "POD_NAMESPACE", "valueFrom": ["fieldRef": ["fieldPath": "metadata.namespace"]]],
            ],
            "livenessProbe": ["httpGet": ["path": "/healthz", "port": "http"], "periodSeconds": 10, "failureThreshold": 3],
            "readinessProbe": ["httpGet": ["path": "/ready", "port": "http"], "periodSeconds": 5],
            "volumeMounts": [["name": "config", "mountPath": .string("/etc/\(name)"), "readOnly": true], ["name": "tmp", "mountPath": "/tmp"]],
            "securityContext": ["runAsNonRoot": true, "allowPrivilegeEscalation": false, "readOnlyRootFilesystem": true,
                                "capabilities": ["drop": ["ALL"]]],
            "terminationMessagePath": "/dev/termination-log", "terminationMessagePolicy": "File",
        ]
        var resources: [String: JSONValue] = [:]
        if let requests { resources["requests"] = .object(requests.mapValues(JSONValue.string)) }
        if let limits { resources["limits"] = .object(limits.mapValues(JSONValue.string)) }
        container["resources"] = .object(resources)
        return [
            "containers": [.object(container)],
            "volumes": [["name": "config", "configMap": ["name": .string("\(name)-config")]], ["name": "tmp", "emptyDir": [:]]],
            "serviceAccountName": .string(name), "terminationGracePeriodSeconds": 30, "dnsPolicy": "ClusterFirst",
            "restartPolicy": "Always", "schedulerName": "default-scheduler",
            "securityContext": ["fsGroup": 2000, "seccompProfile": ["type": "RuntimeDefault"]],
        ]
    }

    static func workload(
        _ name: String, namespace: String, replicas: Int, behavior: String, stateful: Bool, random: inout SplitMix64
    ) -> JSONValue {
        let image = commonImages[Int(random.next() % 4)]
        var requests: [String: String]? = ["cpu": ["100m", "200m", "250m", "500m"][Int(random.next() % 4)],
                                           "memory": ["128Mi", "256Mi", "512Mi"][Int(random.next() % 3)]]
        var limits: [String: String]? = ["cpu": "1", "memory": "1Gi"]
        var annotations: [String: JSONValue] = ["prometheus.io/scrape": "true", "prometheus.io/port": "9090"]
        let prefix = ContainerProfile.prefix
        let cpuUsage = ["steady:60m", "periodic:40m-180m/20m", "steady:120m", "ramp:50m->150m/2h"][Int(random.next() % 4)]
        annotations["\(prefix)cpu"] = .string(cpuUsage)
        annotations["\(prefix)memory"] = "steady:90Mi"
        var podImage = image
        switch behavior {
        case "crashloop", "unready", "slowstart":
            annotations["\(prefix)behavior"] = .string(behavior)
        case "oom":
            annotations["\(prefix)memory"] = "leak:300Mi+50Mi/1m"
        case "imagepull":
            annotations["\(prefix)behavior"] = "imagepull"
            podImage = "registry.okik.io/\(name):0.0.0-missing"
        case "pending":
            requests = ["cpu": "24", "memory": "256Gi"]
            limits = requests
        case "overprovisioned":
            requests = ["cpu": "2", "memory": "4Gi"]
            limits = requests
            annotations["\(prefix)cpu"] = "steady:25m"
        case "idle":
            annotations["\(prefix)cpu"] = "steady:1m"
        case "missing-requests":
            requests = nil
            limits = nil
        default:
            break
        }
        let labels: JSONValue = [
            "app": .string(name), "app.kubernetes.io/name": .string(name), "app.kubernetes.io/part-of": .string(namespace),
            "app.kubernetes.io/version": "1.8.2", "tier": "backend",
        ]
        var spec: [String: JSONValue] = [
            "replicas": .int(replicas), "selector": ["matchLabels": ["app": .string(name)]],
            "template": ["metadata": ["labels": labels, "annotations": .object(annotations)],
                         "spec": podSpec(name: name, image: podImage, requests: requests, limits: limits)],
        ]
        if stateful { spec["serviceName"] = .string(name) } else { spec["revisionHistoryLimit"] = 5 }
        return [
            "apiVersion": "apps/v1", "kind": stateful ? "StatefulSet" : "Deployment",
            "metadata": ["name": .string(name), "namespace": .string(namespace), "labels": labels,
                         "annotations": ["okik.io/owner": .string("team-\(namespace)"), "okik.io/behavior": .string(behavior)]],
            "spec": .object(spec),
        ]
    }

    static func daemonSet(_ name: String, image: String, cpu: String, memory: String) -> JSONValue {
        [
            "apiVersion": "apps/v1", "kind": "DaemonSet",
            "metadata": ["name": .string(name), "namespace": "kube-system", "labels": ["app": .string(name)]],
            "spec": [
                "selector": ["matchLabels": ["app": .string(name)]],
                "template": [
                    "metadata": ["labels": ["app": .string(name)], "annotations": ["\(ContainerProfile.prefix)cpu": "steady:15m"]],
                    "spec": podSpec(name: name, image: image, requests: ["cpu": cpu, "memory": memory],
                        limits: ["cpu": "200m", "memory": "256Mi"]),
                ],
            ],
        ]
    }

    static func autoscaler(_ name: String, namespace: String, min: Int, max: Int) -> JSONValue {
        [
            "apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler",
            "metadata": ["name": .string(name), "namespace": .string(namespace)],
            "spec": [
                "scaleTargetRef": ["apiVersion": "apps/v1", "kind": "Deployment", "name": .string(name)],
                "minReplicas": .int(min), "maxReplicas": .int(max),
                "metrics": [["type": "Resource", "resource": ["name": "cpu", "target": ["type": "Utilization", "averageUtilization": 70]]]],
            ],
        ]
    }

    static func cronJob(_ name: String, namespace: String, failing: Bool) -> JSONValue {
        [
            "apiVersion": "batch/v1", "kind": "CronJob", "metadata": ["name": .string(name), "namespace": .string(namespace)],
            "spec": [
                "schedule": "*/15 * * * *",
                "jobTemplate": ["spec": ["backoffLimit": 1, "template": [
                    "metadata": ["annotations": ["\(ContainerProfile.prefix)behavior": .string(failing ? "fail" : "complete")]],
                    "spec": ["restartPolicy": "Never", "containers": [[
                        "name": "cleanup", "image": "busybox:1.36", "command": ["sh", "-c", "echo cleanup"],
                        "resources": ["requests": ["cpu": "50m", "memory": "32Mi"], "limits": ["cpu": "100m", "memory": "64Mi"]],
                    ]]],
                ]]],
            ],
        ]
    }
}
