import OkikKubeClient

/// Real Kubernetes API fields OKIK's models leave out, so strict validation accepts them (as open subtrees) instead
/// of rejecting valid manifests. Each list is the type's full field set in Kubernetes 1.32; names the model already
/// has keep the model's shape.
enum UnmodeledFields {
    /// Types accepted with any content: OKIK models only a few of their many fields.
    static let openTypes: Set<ObjectIdentifier> = [
        ObjectIdentifier(Volume.self),
        ObjectIdentifier(PodSpec.SecurityContext.self),
        ObjectIdentifier(Container.SecurityContext.self),
        ObjectIdentifier(PersistentVolume.Spec.self),
    ]

    /// Full field lists of partially modelled types.
    static let extraFields: [ObjectIdentifier: [String]] = [
        ObjectIdentifier(ObjectMeta.self): ["selfLink", "managedFields"],
        ObjectIdentifier(PodSpec.self): [
            "volumes", "initContainers", "containers", "ephemeralContainers", "restartPolicy",
            "terminationGracePeriodSeconds", "activeDeadlineSeconds", "dnsPolicy", "nodeSelector", "serviceAccountName",
            "serviceAccount", "automountServiceAccountToken", "nodeName", "hostNetwork", "hostPID", "hostIPC",
            "shareProcessNamespace", "securityContext", "imagePullSecrets", "hostname", "subdomain", "affinity",
            "schedulerName", "tolerations", "hostAliases", "priorityClassName", "priority", "dnsConfig", "readinessGates",
            "runtimeClassName", "enableServiceLinks", "preemptionPolicy", "overhead", "topologySpreadConstraints",
            "setHostnameAsFQDN", "os", "hostUsers", "schedulingGates", "resourceClaims", "resources",
        ],
        ObjectIdentifier(Container.self): [
            "name", "image", "command", "args", "workingDir", "ports", "envFrom", "env", "resources", "resizePolicy",
            "restartPolicy", "volumeMounts", "volumeDevices", "livenessProbe", "readinessProbe", "startupProbe",
            "lifecycle", "terminationMessagePath", "terminationMessagePolicy", "imagePullPolicy", "securityContext",
            "stdin", "stdinOnce", "tty",
        ],
        ObjectIdentifier(Container.Port.self): ["containerPort", "hostPort", "hostIP", "name", "protocol"],
        ObjectIdentifier(Container.VolumeMount.self): [
            "name", "readOnly", "recursiveReadOnly", "mountPath", "subPath", "mountPropagation", "subPathExpr",
        ],
        ObjectIdentifier(ResourceRequirements.self): ["limits", "requests", "claims"],
        ObjectIdentifier(Probe.self): [
            "exec", "httpGet", "tcpSocket", "grpc", "initialDelaySeconds", "timeoutSeconds", "periodSeconds",
            "successThreshold", "failureThreshold", "terminationGracePeriodSeconds",
        ],
        ObjectIdentifier(Service.Spec.self): [
            "ports", "selector", "clusterIP", "clusterIPs", "type", "externalIPs", "sessionAffinity", "loadBalancerIP",
            "loadBalancerSourceRanges", "externalName", "externalTrafficPolicy", "healthCheckNodePort",
            "publishNotReadyAddresses", "sessionAffinityConfig", "ipFamilies", "ipFamilyPolicy",
            "allocateLoadBalancerNodePorts", "loadBalancerClass", "internalTrafficPolicy", "trafficDistribution",
        ],
        ObjectIdentifier(Service.Port.self): ["name", "protocol", "appProtocol", "port", "targetPort", "nodePort"],
        ObjectIdentifier(StatefulSet.Spec.self): [
            "replicas", "selector", "template", "volumeClaimTemplates", "serviceName", "podManagementPolicy",
            "updateStrategy", "revisionHistoryLimit", "minReadySeconds", "persistentVolumeClaimRetentionPolicy", "ordinals",
        ],
        ObjectIdentifier(DaemonSet.Spec.self): ["selector", "template", "updateStrategy", "minReadySeconds", "revisionHistoryLimit"],
        ObjectIdentifier(Job.Spec.self): [
            "parallelism", "completions", "activeDeadlineSeconds", "podFailurePolicy", "successPolicy", "backoffLimit",
            "backoffLimitPerIndex", "maxFailedIndexes", "selector", "manualSelector", "template", "ttlSecondsAfterFinished",
            "completionMode", "suspend", "podReplacementPolicy", "managedBy",
        ],
        ObjectIdentifier(CronJob.Spec.self): [
            "schedule", "timeZone", "startingDeadlineSeconds", "concurrencyPolicy", "suspend", "jobTemplate",
            "successfulJobsHistoryLimit", "failedJobsHistoryLimit",
        ],
        ObjectIdentifier(PersistentVolumeClaim.Spec.self): [
            "accessModes", "selector", "resources", "volumeName", "storageClassName", "volumeMode", "dataSource",
            "dataSourceRef", "volumeAttributesClassName",
        ],
        ObjectIdentifier(Node.Spec.self): ["podCIDR", "podCIDRs", "providerID", "unschedulable", "taints", "configSource", "externalID"],
        ObjectIdentifier(PodDisruptionBudget.Spec.self): ["minAvailable", "selector", "maxUnavailable", "unhealthyPodEvictionPolicy"],
        ObjectIdentifier(HorizontalPodAutoscaler.Spec.self): ["scaleTargetRef", "minReplicas", "maxReplicas", "metrics", "behavior"],
        ObjectIdentifier(ServiceAccount.self): ["secrets", "imagePullSecrets", "automountServiceAccountToken"],
        ObjectIdentifier(StorageClass.self): [
            "provisioner", "parameters", "reclaimPolicy", "mountOptions", "allowVolumeExpansion", "volumeBindingMode",
            "allowedTopologies",
        ],
        ObjectIdentifier(Event.self): [
            "involvedObject", "reason", "message", "source", "firstTimestamp", "lastTimestamp", "count", "type",
            "eventTime", "series", "action", "related", "reportingComponent", "reportingInstance",
        ],
        ObjectIdentifier(Namespace.Spec.self): ["finalizers"],
        ObjectIdentifier(Lease.Spec.self): [
            "holderIdentity", "leaseDurationSeconds", "acquireTime", "renewTime", "leaseTransitions", "strategy",
            "preferredHolder",
        ],
    ]
}
