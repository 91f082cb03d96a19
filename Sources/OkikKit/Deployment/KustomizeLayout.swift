import OkikLLM

/// The `Deploy/kustomize` tree, rendered from ``OkikDeployment``: a `base` with what both modes share (the
/// Namespace, the control Role and ConfigMap, the API tokens Secret generated from `tokens.txt`) and the overlays
/// `agent` and `watchdog` with the mode's ServiceAccount, RBAC, claim, Deployment and Service (the agent's also
/// generates the key Secret from `api-key.txt`). The two `.txt` files are the user's and are never rendered or
/// committed; without them `kubectl apply -k` stops, naming the file.
///
/// ```swift
/// for (path, text) in KustomizeLayout.files() { try text.write(toFile: "Deploy/kustomize/" + path, ...) }
/// ```
public enum KustomizeLayout {
    /// The agent overlay's description: an OpenAI model whose key comes from the generated Secret.
    public static let agent = OkikDeployment(mode: .agent, model: .init(provider: .openAI), hasAPIKeySecret: true)
    /// The watchdog overlay's description.
    public static let watchdog = OkikDeployment(mode: .watchdog)

    /// The file the tokens Secret is generated from, in `base` (`ROLE:NAME:TOKEN` lines).
    public static let tokensFile = "tokens.txt"
    /// The file the key Secret is generated from, in `overlays/agent`.
    public static let apiKeyFile = "api-key.txt"

    /// The first lines of every rendered file.
    static let header = """
        # Generated from OkikDeployment (Sources/OkikKit/Deployment); do not edit. Regenerate with
        # OKIK_REGENERATE_KUSTOMIZE=1 swift test --filter KustomizeLayoutTests

        """

    /// Every file of the tree by path relative to `Deploy/kustomize` (such as `overlays/agent/deployment.yaml`).
    public static func files() -> [String: String] {
        let shared = watchdog.manifests()
        var files: [String: String] = [
            "base/namespace.yaml": render([shared.namespace].map(DeploymentManifests.json)),
            "base/control.yaml": render([
                DeploymentManifests.json(shared.controlRole), DeploymentManifests.json(shared.controlConfigMap),
            ]),
            "base/kustomization.yaml": render([
                kustomization(
                    resources: ["namespace.yaml", "control.yaml"],
                    secrets: [(OkikInstallation.tokensSecret, OkikInstallation.tokensSecretKey, tokensFile, nil)])
            ]),
        ]
        for deployment in [agent, watchdog] {
            let manifests = deployment.manifests()
            let directory = "overlays/\(deployment.mode.rawValue)/"
            var resources = ["serviceaccount.yaml", "rbac.yaml"]
            files[directory + "serviceaccount.yaml"] = render([DeploymentManifests.json(manifests.serviceAccount)])
            files[directory + "rbac.yaml"] = render([
                DeploymentManifests.json(manifests.clusterRole), DeploymentManifests.json(manifests.clusterRoleBinding),
                DeploymentManifests.json(manifests.controlRoleBinding),
            ])
            if let claim = manifests.persistentVolumeClaim {
                files[directory + "storage.yaml"] = render([DeploymentManifests.json(claim)])
                resources.append("storage.yaml")
            }
            files[directory + "deployment.yaml"] = render([
                DeploymentManifests.json(manifests.deployment), DeploymentManifests.json(manifests.service),
            ])
            resources.append("deployment.yaml")
            let secrets = deployment.mode == .agent && deployment.hasAPIKeySecret
                ? [(OkikInstallation.apiKeySecret, OkikInstallation.apiKeySecretKey, apiKeyFile, deployment.mode.rawValue)]
                : []
            files[directory + "kustomization.yaml"] = render([
                kustomization(resources: ["../../base"] + resources, secrets: secrets)
            ])
        }
        return files
    }

    private static func render(_ objects: [OkikKubeClient.JSONValue]) -> String {
        header + objects.map { "---\n" + ManifestYAML.document($0) }.joined()
    }

    /// A `Kustomization` listing resources and generating Secrets (name, key, file, component) with fixed names
    /// (okik-server and okikctl look them up by name), in OKIK's namespace, with its labels.
    private static func kustomization(resources: [String], secrets: [(String, String, String, String?)]) -> OkikKubeClient.JSONValue {
        var object: OkikKubeClient.JSONValue = [
            "apiVersion": "kustomize.config.k8s.io/v1beta1", "kind": "Kustomization",
            "resources": .array(resources.map(OkikKubeClient.JSONValue.string)),
        ]
        guard !secrets.isEmpty else { return object }
        object["secretGenerator"] = .array(
            secrets.map { name, key, file, component in
                var labels: [String: OkikKubeClient.JSONValue] = [OkikInstallation.nameLabel.0: .string(OkikInstallation.nameLabel.1)]
                if let component { labels["app.kubernetes.io/component"] = .string(component) }
                return [
                    "name": .string(name), "namespace": .string(OkikInstallation.namespace), "type": "Opaque",
                    "files": [.string("\(key)=\(file)")],
                    "options": ["disableNameSuffixHash": true, "labels": .object(labels)],
                ]
            })
        return object
    }
}
