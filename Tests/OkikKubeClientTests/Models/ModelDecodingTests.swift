import Foundation
import OkikKubeClient
import Testing

@Suite("Model decoding")
struct ModelDecodingTests {
    @Test func crashLoopingPod() throws {
        let pod = try Fixtures.decode(Pod.self, "core/pod/1.json")
        #expect(pod.name == "memhog-578d9b5ffd-lwfxj")
        #expect(pod.namespace == "aiops-e2e")
        #expect(pod.metadata.controllerReference?.kind == "ReplicaSet")
        #expect(pod.status?.phase == "Running")
        #expect(pod.status?.qosClass == "Burstable")
        #expect(pod.status?.startTime == Timestamp(rfc3339: "2026-04-21T09:12:44Z"))
        #expect(pod.isReady == false)
        #expect(pod.restartCount == 203)

        let status = try #require(pod.containerStatus(named: "memhog"))
        #expect(status.ready == false)
        #expect(status.started == false)
        #expect(status.restartCount == 203)
        #expect(status.state?.waiting?.reason == "CrashLoopBackOff")
        #expect(status.state?.waiting?.message?.hasPrefix("back-off 5m0s") == true)
        #expect(status.state?.reason == "CrashLoopBackOff")
        let last = try #require(status.lastState?.terminated)
        #expect(last.exitCode == 137)
        #expect(last.reason == "OOMKilled")
        #expect(last.finishedAt == Timestamp(rfc3339: "2026-04-22T02:50:04Z"))
        #expect(last.containerID == "containerd://dff4c2a1e9b8")

        let initStatus = try #require(pod.status?.initContainerStatuses?.first)
        #expect(initStatus.state?.terminated?.reason == "Completed")
        #expect(initStatus.lastState == ContainerState())

        let spec = try #require(pod.spec)
        #expect(spec.nodeName == "worker-2")
        #expect(spec.priorityClassName == "batch-low")
        #expect(spec.serviceAccountName == "default")
        #expect(spec.restartPolicy == "Always")
        #expect(spec.nodeSelector == ["kubernetes.io/os": "linux"])
        #expect(spec.tolerations?.count == 2)
        #expect(spec.tolerations?.first?.tolerationSeconds == 300)
        #expect(spec.securityContext?.fsGroup == 2000)
        #expect(spec.initContainers?.first?.name == "init-config")
        #expect(spec.volumes?.first?.projected?.sources?.first?.serviceAccountToken?.expirationSeconds == 3607)
        #expect(spec.volumes?[1].emptyDir?.sizeLimit == (try Quantity("1Gi")))
        #expect(spec.volumes?[2].persistentVolumeClaim?.claimName == "memhog-data")

        let container = try #require(spec.containers?.first)
        #expect(container.resources?.cpuRequest == (try Quantity("100m")))
        #expect(container.resources?.memoryLimit == (try Quantity("128Mi")))
        #expect(container.resources?.limits?["cpu"]?.millicores == 500)
        #expect(container.ports?.first?.containerPort == 8080)
        #expect(container.env?[0].value == "hog")
        #expect(container.env?[1].valueFrom?.fieldRef?.fieldPath == "metadata.name")
        #expect(container.env?[2].valueFrom?.secretKeyRef?.key == "password")
        #expect(container.env?[3].valueFrom?.resourceFieldRef?.divisor == (try Quantity("1Mi")))
        #expect(container.livenessProbe?.httpGet?.port == .int(8080))
        #expect(container.livenessProbe?.httpGet?.path == "/healthz")
        #expect(container.livenessProbe?.failureThreshold == 3)
        #expect(container.readinessProbe?.tcpSocket?.port == .string("http"))
        #expect(container.startupProbe?.exec?.command == ["cat", "/tmp/started"])
        #expect(container.volumeMounts?.first?.readOnly == true)
        #expect(container.securityContext?.capabilities?.drop == ["ALL"])
    }

    @Test func pendingUnschedulablePod() throws {
        let pod = try Fixtures.decode(Pod.self, "core/pod/2.json")
        #expect(pod.status?.phase == "Pending")
        let scheduled = try #require(pod.status?.conditions?.first(ofType: "PodScheduled"))
        #expect(scheduled.isFalse)
        #expect(scheduled.reason == "Unschedulable")
        #expect(scheduled.lastProbeTime == nil)
        #expect(scheduled.message?.contains("2 Insufficient cpu") == true)
        #expect(pod.status?.containerStatuses == nil)
        #expect(pod.spec?.containers?.first?.resources?.requests?["memory"]?.bytes == 17_179_869_184)
    }

    @Test func podListWithNullItems() throws {
        let list = try Fixtures.decode(ResourceList<Pod>.self, "core/podlist/1.json")
        #expect(list.items.isEmpty)
        #expect(list.metadata.resourceVersion == "912345")
        #expect(list.kind == "PodList")
    }

    @Test func podListWithItems() throws {
        let list = try Fixtures.decode(ResourceList<Pod>.self, "core/podlist/2.json")
        #expect(list.items.map(\.name) == ["web-0", "web-1"])
        #expect(list.metadata.remainingItemCount == 40)
        let running = list.items[0].status?.containerStatuses?.first?.state?.running
        #expect(running?.startedAt?.nanoseconds == 123_456_000)
        #expect(try Fixtures.roundTrip(list).items == list.items)
    }

    @Test func deploymentPastProgressDeadline() throws {
        let deployment = try Fixtures.decode(Deployment.self, "apps/deployment/1.json")
        let spec = try #require(deployment.spec)
        #expect(spec.replicas == 3)
        #expect(spec.progressDeadlineSeconds == 600)
        #expect(spec.paused == false)
        #expect(spec.minReadySeconds == 10)
        #expect(spec.revisionHistoryLimit == 10)
        #expect(spec.strategy?.type == "RollingUpdate")
        #expect(spec.strategy?.rollingUpdate?.maxUnavailable == "25%")
        #expect(spec.strategy?.rollingUpdate?.maxSurge == 1)
        #expect(spec.selector?.selectorString == "app=frontend,track notin (canary)")
        #expect(spec.selector?.matches(spec.template?.metadata?.labels ?? [:]) == true)
        #expect(spec.template?.metadata?.creationTimestamp == nil)
        let status = try #require(deployment.status)
        #expect(status.observedGeneration == 4)
        #expect(status.unavailableReplicas == 2)
        #expect(status.availableReplicas == 2)
        let progressing = try #require(status.conditions?.first(ofType: "Progressing"))
        #expect(progressing.reason == "ProgressDeadlineExceeded")
        #expect(progressing.isFalse)
        #expect(progressing.lastUpdateTime == Timestamp(rfc3339: "2026-04-22T07:10:00Z"))
        #expect(status.conditions?.first(ofType: "Available")?.reason == "MinimumReplicasUnavailable")
    }

    @Test func nodeUnderPressure() throws {
        let node = try Fixtures.decode(Node.self, "core/node/1.json")
        #expect(node.namespace == nil)
        #expect(node.spec?.unschedulable == true)
        #expect(node.spec?.providerID == "aws:///eu-west-1a/i-0abc123def4567890")
        #expect(node.spec?.taints?.map(\.key) == [
            "node.kubernetes.io/memory-pressure", "node.kubernetes.io/unschedulable", "dedicated",
        ])
        #expect(node.spec?.taints?[2].effect == "NoExecute")
        #expect(node.spec?.taints?[0].timeAdded == Timestamp(rfc3339: "2026-04-22T02:40:00Z"))
        let status = try #require(node.status)
        #expect(status.capacity?["cpu"]?.millicores == 4000)
        #expect(status.allocatable?["cpu"] == (try Quantity("3.92")))
        #expect(status.allocatable?["memory"]?.bytes == Int64(15_352_768) * 1024)
        #expect(status.capacity?["pods"]?.integerValue == 110)
        #expect(status.conditions?.first(ofType: "MemoryPressure")?.isTrue == true)
        #expect(status.conditions?.first(ofType: "DiskPressure")?.reason == "KubeletHasDiskPressure")
        #expect(status.conditions?.first(ofType: "PIDPressure")?.isFalse == true)
        #expect(status.conditions?.first?.lastHeartbeatTime == Timestamp(rfc3339: "2026-04-22T07:20:11Z"))
        #expect(node.isReady)
        #expect(status.nodeInfo?.kubeletVersion == "v1.30.2")
        #expect(status.addresses?.first { $0.type == "InternalIP" }?.address == "10.0.1.12")
    }

    @Test func autoscalerAtMaximum() throws {
        let hpa = try Fixtures.decode(HorizontalPodAutoscaler.self, "autoscaling/horizontalpodautoscaler/1.json")
        let spec = try #require(hpa.spec)
        #expect(spec.scaleTargetRef?.kind == "Deployment")
        #expect(spec.minReplicas == 2)
        #expect(spec.maxReplicas == 10)
        let metrics = try #require(spec.metrics)
        #expect(metrics.map { $0.type ?? "" } == ["Resource", "Resource", "Pods", "Object", "External", "ContainerResource"])
        #expect(metrics[0].resource?.target?.type == "Utilization")
        #expect(metrics[0].resource?.target?.averageUtilization == 60)
        #expect(metrics[1].resource?.target?.averageValue == (try Quantity("500Mi")))
        #expect(metrics[2].pods?.metric?.name == "http_requests_per_second")
        #expect(metrics[3].object?.target?.value == (try Quantity("10k")))
        #expect(metrics[3].object?.describedObject?.kind == "Ingress")
        #expect(metrics[4].external?.metric?.selector?.matchLabels == ["queue": "worker_tasks"])
        #expect(metrics[5].containerResource?.container == "application")
        #expect(spec.behavior?.value(at: ["scaleDown", "stabilizationWindowSeconds"])?.intValue == 300)

        let status = try #require(hpa.status)
        #expect(status.currentReplicas == 10)
        #expect(status.desiredReplicas == 10)
        #expect(status.lastScaleTime == Timestamp(rfc3339: "2026-04-22T06:30:00Z"))
        #expect(status.currentMetrics?[0].resource?.current?.averageUtilization == 187)
        #expect(status.currentMetrics?[0].resource?.current?.averageValue?.millicores == 937)
        #expect(status.currentMetrics?[3].object?.current?.value == (try Quantity("24k")))
        #expect(status.currentMetrics?[5].containerResource?.current?.averageUtilization == 190)
        let limited = try #require(status.conditions?.first(ofType: "ScalingLimited"))
        #expect(limited.isTrue)
        #expect(limited.reason == "TooManyReplicas")
    }

    @Test func failedJob() throws {
        let job = try Fixtures.decode(Job.self, "batch/job/1.json")
        #expect(job.spec?.backoffLimit == 4)
        #expect(job.spec?.completions == 1)
        #expect(job.spec?.parallelism == 1)
        #expect(job.spec?.activeDeadlineSeconds == 3600)
        #expect(job.spec?.suspend == false)
        #expect(job.spec?.template?.spec?.restartPolicy == "Never")
        #expect(job.metadata.controllerReference?.kind == "CronJob")
        let status = try #require(job.status)
        #expect(status.failed == 5)
        #expect(status.succeeded == nil)
        #expect(status.startTime == Timestamp(rfc3339: "2026-04-22T05:00:00Z"))
        let failed = try #require(status.conditions?.first(ofType: "Failed"))
        #expect(failed.reason == "BackoffLimitExceeded")
        #expect(failed.message == "Job has reached the specified backoff limit")
    }

    @Test func cronJob() throws {
        let cronJob = try Fixtures.decode(CronJob.self, "batch/cronjob/1.json")
        let spec = try #require(cronJob.spec)
        #expect(spec.schedule == "0 5 * * *")
        #expect(spec.timeZone == "Europe/Berlin")
        #expect(spec.concurrencyPolicy == "Forbid")
        #expect(spec.startingDeadlineSeconds == 200)
        #expect(spec.successfulJobsHistoryLimit == 3)
        #expect(spec.failedJobsHistoryLimit == 1)
        #expect(spec.suspend == false)
        #expect(spec.jobTemplate?.metadata?.labels == ["team": "reports"])
        #expect(spec.jobTemplate?.spec?.backoffLimit == 4)
        #expect(spec.jobTemplate?.spec?.template?.spec?.containers?.first?.image == "registry.example.com/report:1.0")
        let status = try #require(cronJob.status)
        #expect(status.active?.first?.name == "report-generator-28745100")
        #expect(status.active?.first?.kind == "Job")
        #expect(status.lastScheduleTime == Timestamp(rfc3339: "2026-04-22T05:00:00Z"))
        #expect(status.lastSuccessfulTime == Timestamp(rfc3339: "2026-04-21T05:03:12Z"))
    }

    @Test func podDisruptionBudget() throws {
        let pdb = try Fixtures.decode(PodDisruptionBudget.self, "policy/poddisruptionbudget/1.json")
        #expect(pdb.spec?.minAvailable == "50%")
        #expect(pdb.spec?.maxUnavailable == nil)
        #expect(pdb.spec?.minAvailable?.scaledValue(total: 5, roundingUp: true) == 3)
        #expect(pdb.spec?.selector?.matches(["app": "api"]) == true)
        let status = try #require(pdb.status)
        #expect(status.disruptionsAllowed == 0)
        #expect(status.currentHealthy == 2)
        #expect(status.desiredHealthy == 3)
        #expect(status.expectedPods == 5)
        #expect(status.observedGeneration == 1)
        #expect(status.disruptedPods?["api-6b7c8d9e0f-abcde"] == Timestamp(rfc3339: "2026-04-22T07:15:00Z"))
        #expect(status.conditions?.first?.reason == "InsufficientPods")
        #expect(status.conditions?.first?.observedGeneration == 1)
    }

    @Test func legacyEvent() throws {
        let event = try Fixtures.decode(Event.self, "core/event/1.json")
        #expect(event.involvedObject?.kind == "Pod")
        #expect(event.involvedObject?.fieldPath == "spec.containers{memhog}")
        #expect(event.reason == "BackOff")
        #expect(event.type == "Warning")
        #expect(event.count == 4711)
        #expect(event.eventTime == nil)
        #expect(event.firstTimestamp == Timestamp(rfc3339: "2026-04-21T09:20:00Z"))
        #expect(event.lastTimestamp == Timestamp(rfc3339: "2026-04-22T02:50:05Z"))
        #expect(event.source?.component == "kubelet")
        #expect(event.source?.host == "worker-2")
        #expect(event.reportingComponent == "kubelet")
    }

    @Test func seriesEventWithMicroTime() throws {
        let event = try Fixtures.decode(Event.self, "core/event/2.json")
        #expect(event.reason == "FailedScheduling")
        #expect(event.firstTimestamp == nil)
        #expect(event.eventTime?.nanoseconds == 123_456_000)
        #expect(event.series?.count == 12)
        #expect(event.series?.lastObservedTime?.rfc3339 == "2026-04-22T07:20:01.654321Z")
        #expect(event.action == "Scheduling")
        #expect(event.reportingInstance == "default-scheduler-control-plane-1")
        #expect(event.source == Event.Source())
    }

    @Test(arguments: [
        "1970-01-01T00:00:00Z", "2024-02-29T23:59:59Z", "2026-12-03T09:05:07Z", "1969-12-31T23:59:59Z",
        "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "2000-03-01T12:00:00Z",
    ])
    func wholeSecondTimestampsWriteAsTheyRead(_ text: String) throws {
        let timestamp = try #require(Timestamp(rfc3339: text))
        #expect(timestamp.rfc3339 == text)
        #expect(Timestamp(timestamp.date).rfc3339 == text)
    }

    @Test func podMetrics() throws {
        let metrics = try Fixtures.decode(PodMetrics.self, "metrics/podmetrics/1.json")
        #expect(metrics.window == "20.014s")
        #expect(metrics.timestamp == Timestamp(rfc3339: "2025-01-27T18:48:33Z"))
        let api = try #require(metrics.containers?.first)
        #expect(api.usage?["cpu"]?.description == "12345678n")
        #expect(api.usage?["cpu"]?.millicores == 13)
        #expect(api.usage?["memory"]?.bytes == 67_108_864)
        #expect(api.usage?["memory"]?.description == "64Mi")
        #expect(metrics.totalUsage["cpu"]?.description == "13845678n")
        #expect(metrics.totalUsage["memory"]?.description == "76Mi")
    }

    @Test func nodeMetrics() throws {
        let metrics = try Fixtures.decode(NodeMetrics.self, "metrics/nodemetrics/1.json")
        #expect(metrics.name == "node-1")
        #expect(metrics.window == "30s")
        #expect(metrics.usage?["cpu"]?.exactDecimalString == "0.487558164")
        #expect(metrics.usage?["cpu"]?.millicores == 488)
        #expect(metrics.usage?["memory"]?.bytes == Int64(732_212) * 1024)

        let list = try Fixtures.decode(ResourceList<NodeMetrics>.self, "metrics/nodemetricslist/1.json")
        #expect(list.items.map(\.name) == ["node-1", "node-2"])
        #expect(list.items[1].window == "1m0s")
        #expect(list.items[1].usage?["memory"] == (try Quantity("4096Mi")))
    }

    @Test func otherKinds() throws {
        let service = try Fixtures.decode(Service.self, "core/service/1.json")
        #expect(service.spec?.type == "LoadBalancer")
        #expect(service.spec?.ports?.first?.targetPort == "http")
        #expect(service.spec?.ports?[1].targetPort == 9090)
        #expect(service.status?.loadBalancer?.ingress?.first?.ip == "203.0.113.10")

        let claim = try Fixtures.decode(PersistentVolumeClaim.self, "core/persistentvolumeclaim/1.json")
        #expect(claim.status?.phase == "Pending")
        #expect(claim.spec?.storageClassName == "longhorn")
        #expect(claim.spec?.resources?.requests?["storage"] == (try Quantity("10Gi")))

        let daemonSet = try Fixtures.decode(DaemonSet.self, "apps/daemonset/1.json")
        #expect(daemonSet.status?.desiredNumberScheduled == 3)
        #expect(daemonSet.status?.numberReady == 2)
        #expect(daemonSet.status?.numberUnavailable == 1)
        #expect(daemonSet.status?.numberMisscheduled == 0)
        #expect(daemonSet.spec?.updateStrategy?.rollingUpdate?.maxUnavailable == 1)
        #expect(daemonSet.spec?.template?.spec?.hostNetwork == true)

        let statefulSet = try Fixtures.decode(StatefulSet.self, "apps/statefulset/1.json")
        #expect(statefulSet.spec?.serviceName == "postgres")
        #expect(statefulSet.spec?.volumeClaimTemplates?.first?.spec?.resources?.requests?["storage"]?.description == "20Gi")
        #expect(statefulSet.spec?.updateStrategy?.rollingUpdate?.partition == 0)
        #expect(statefulSet.status?.readyReplicas == 2)

        let binding = try Fixtures.decode(ClusterRoleBinding.self, "rbac/clusterrolebinding/1.json")
        #expect(binding.roleRef?.name == "view")
        #expect(binding.subjects?.map { $0.kind ?? "" } == ["ServiceAccount", "Group"])

        let lease = try Fixtures.decode(Lease.self, "coordination/lease/1.json")
        #expect(lease.spec?.holderIdentity == "worker-2")
        #expect(lease.spec?.leaseDurationSeconds == 40)
        #expect(lease.spec?.renewTime?.nanoseconds == 512_345_000)
    }

    @Test func minimalObjectsDecode() throws {
        let data = Data(#"{"metadata":{"name":"x"},"unknownTopLevel":{"a":[1,2]}}"#.utf8)
        #expect(try JSONDecoder().decode(Pod.self, from: data).spec == nil)
        #expect(try JSONDecoder().decode(Deployment.self, from: data).status == nil)
        #expect(try JSONDecoder().decode(Node.self, from: data).name == "x")
        #expect(try JSONDecoder().decode(Secret.self, from: data).data == nil)
        #expect(try JSONDecoder().decode(HorizontalPodAutoscaler.self, from: data).spec == nil)
        let empty = Data(#"{"metadata":{},"spec":{},"status":{}}"#.utf8)
        #expect(try JSONDecoder().decode(Pod.self, from: empty).status == PodStatus())
        #expect(try JSONDecoder().decode(Job.self, from: empty).spec == Job.Spec())
    }

    @Test func encodingOmitsNilFields() throws {
        let pod = Pod(
            metadata: ObjectMeta(name: "p", namespace: "ns"),
            spec: PodSpec(containers: [Container(name: "c", image: "nginx", resources: ResourceRequirements(
                requests: ["cpu": Quantity(millicores: 1500), "memory": Quantity(bytes: 268_435_456)]))]))
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let text = String(decoding: try encoder.encode(pod), as: UTF8.self)
        #expect(text == #"{"metadata":{"name":"p","namespace":"ns"},"spec":{"containers":[{"image":"nginx","name":"c","resources":{"requests":{"cpu":"1500m","memory":"256Mi"}}}]}}"#)
        #expect(!text.contains("apiVersion"))
    }
}
