import ArgumentParser
import Foundation
import OkikKit
import OkikLLM

/// `okikctl deploy`: OKIK into the cluster.
struct Deploy: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Install OKIK into the cluster (agent mode, or --watchdog), or update it in place.",
        discussion: """
            Renders OKIK's manifests (Docs/Deploy.md: the okik-system namespace, a ServiceAccount with least-privilege \
            RBAC for the mode and level, the API tokens Secret, the model key's Secret, the okik-control ConfigMap, a \
            one-replica Deployment that runs as non-root on a read-only root filesystem, its claim and its Service) \
            and applies them with server-side apply (field manager okikctl), then waits for the rollout. Running it \
            again updates in place; the tokens and the emergency-stop state already there are kept.

            The model's key goes only into a Secret: from --api-key-file, else the provider's variable \
            (OPENAI_API_KEY, ANTHROPIC_API_KEY), else --api-key (which lands in your shell history). Without a key \
            the agent runs offline and says so. On the first deploy okikctl makes an admin token for you in the \
            Secret okik-api-tokens (okikctl reads it from there), unless --tokens-file gives the file.

            --dry-run asks the API server to validate every object without saving it; --dry-run -o yaml prints \
            exactly what would be applied instead, without contacting the cluster (Secret values appear as \
            <redacted>).

            Examples:
              okikctl deploy --watchdog
              okikctl deploy --llm-provider anthropic --api-key-file ~/anthropic.key
              okikctl deploy --dry-run -o yaml > okik.yaml

            Exit codes: 0 deployed (or valid); 1 error (no cluster access, missing permissions, the rollout did not \
            finish in --timeout).
            """
    )

    @Flag(help: "Watchdog mode: the deterministic watchdog only, no model.")
    var watchdog = false

    @Option(name: .customLong("llm-provider"), help: "openai, anthropic or openai-compatible.")
    var llmProvider: String?

    @Option(help: "The model (default: the provider's).")
    var model: String?

    @Option(name: .customLong("llm-base-url"), help: "An OpenAI-compatible server's URL.")
    var llmBaseURL: String?

    @Option(help: "A file holding the model's API key (read here, stored only in the okik-llm Secret).")
    var apiKeyFile: String?

    @Option(help: "The model's API key itself (prefer --api-key-file: a key on the command line lands in your shell history).")
    var apiKey: String?

    @Option(help: "A token file (ROLE:NAME:TOKEN lines) for the okik-api-tokens Secret (default: keep the Secret's, or make an admin token on the first deploy).")
    var tokensFile: String?

    @Option(help: "The autonomy level at the first start (L0 ... L4); the level stored later wins.")
    var level: AutonomyLevel = .l2

    @Option(help: "okik-server's image.")
    var image: String = OkikDeployment.defaultImage

    @Flag(help: "Keep OKIK's database in an emptyDir (lost when the pod goes) instead of a PersistentVolumeClaim.")
    var ephemeral = false

    @Option(help: "The StorageClass of OKIK's claim (default: the cluster's default class).")
    var storageClass: String?

    @Flag(help: "Validate (or with -o yaml, print) without changing the cluster.")
    var dryRun = false

    @Option(help: "Seconds to wait for the rollout.")
    var timeout: Int = 300

    @Flag(help: "Do not wait for the rollout.")
    var noWait = false

    @OptionGroup var options: GlobalOptions

    func validate() throws {
        if watchdog && (llmProvider != nil || model != nil || llmBaseURL != nil || apiKeyFile != nil || apiKey != nil) {
            throw ValidationError("--watchdog runs no model: leave out --llm-provider, --model, --llm-base-url and the key")
        }
        if let llmProvider, LLMProvider(name: llmProvider) == nil {
            throw ValidationError("--llm-provider must be openai, anthropic or openai-compatible, not \(llmProvider)")
        }
        if ephemeral && storageClass != nil { throw ValidationError("--ephemeral keeps no claim: leave out --storage-class") }
        if apiKeyFile != nil && apiKey != nil { throw ValidationError("give the key once: --api-key-file or --api-key") }
        if timeout < 1 { throw ValidationError("--timeout must be at least 1 second") }
        if options.output != .table && !dryRun { throw ValidationError("-o json|yaml goes with --dry-run (it prints the manifests)") }
    }

    func run() async throws {
        try await reportingFailures {
            let provider = llmProvider.flatMap { LLMProvider(name: $0) } ?? (watchdog ? nil : Self.providerFromEnvironment())
            let key = try readKey(provider: provider)
            var deployment = OkikDeployment(
                mode: watchdog ? .watchdog : .agent, level: level, image: image,
                model: OkikDeployment.Model(provider: provider, name: model, baseURL: llmBaseURL),
                hasAPIKeySecret: !watchdog && key != nil)
            if ephemeral { deployment.storage = .ephemeral }
            if let storageClass, case .persistentVolumeClaim(let size, _) = deployment.storage {
                deployment.storage = .persistentVolumeClaim(size: size, storageClassName: storageClass)
            }
            let tokens = try tokensFile.map { path in
                do {
                    return try String(contentsOfFile: path, encoding: .utf8)
                } catch {
                    throw CommandFailure("cannot read --tokens-file \(path): \(error.localizedDescription)")
                }
            }

            if dryRun && options.output != .table {
                let printed = deployment.manifests(secrets: DeploymentSecrets(
                    apiKey: key.map { _ in "<redacted>" }, tokens: tokens.map { _ in "<redacted>" } ?? "<redacted>"))
                switch options.output {
                case .yaml: print(printed.yaml(), terminator: "")
                default: print(try options.output.encode(printed.objects))
                }
                return
            }

            let logger = options.logger("okik.deploy")
            let kube = try KubeClient(
                config: try KubeConfig.loadDefault(explicitPath: options.kubeconfig), context: options.context, logger: logger)
            do {
                try await install(deployment, key: key, tokens: tokens, kube: kube)
                try await kube.shutdown()
            } catch {
                try? await kube.shutdown()
                throw error
            }
        }
    }

    private func install(_ deployment: OkikDeployment, key: String?, tokens: String?, kube: KubeClient) async throws {
        let installer = OkikInstaller(client: kube)
        let progress = ProgressLine()
        var madeToken: String?
        var tokenText = tokens
        if tokenText == nil, !dryRun, try await !installer.tokensSecretExists() {
            let token = (0..<4).map { _ in String(format: "%016llx", UInt64.random(in: .min ... .max)) }.joined()
            tokenText = "admin:\(LocalOkik.person):\(token)\n"
            madeToken = token
        }
        if deployment.mode == .agent && key == nil {
            note("no API key for a model: the agent runs offline (its answers come from OKIK's built-in rules)")
        }
        try await installer.checkStorage(for: deployment)
        let manifests = deployment.manifests(secrets: DeploymentSecrets(apiKey: key, tokens: tokenText))
        progress.update("applying \(manifests.objects.count) objects…")
        let lines = try await installer.apply(manifests, dryRun: dryRun) { progress.update($0) }
        progress.finish()
        lines.forEach { print($0) }
        if dryRun {
            print("The API server accepts every object; nothing was changed.")
            return
        }
        if !noWait {
            try await installer.waitForRollout(of: deployment, timeout: .seconds(timeout)) { progress.update($0) }
            progress.finish()
            print("\(deployment.name) is ready.")
        }
        print("")
        print("OKIK runs in \(deployment.mode.rawValue) mode at level \(deployment.level) (the level stored later wins).")
        print("Reach it through the Kubernetes API, no port-forward needed:  okikctl status")
        if madeToken != nil {
            print("An admin token for \(LocalOkik.person) is in the Secret \(OkikInstallation.namespace)/\(OkikInstallation.tokensSecret);")
            print("okikctl reads it there. Others need their own line in that Secret (ROLE:NAME:TOKEN).")
        }
        print("Remove it with:  okikctl remove")
    }

    /// The provider whose key variable is set, for an agent deploy without --llm-provider.
    static func providerFromEnvironment() -> LLMProvider? {
        let environment = ProcessInfo.processInfo.environment
        return [LLMProvider.anthropic, .openAI].first { provider in
            provider.apiKeyEnvironmentVariable.flatMap { environment[$0] }.map { !$0.isEmpty } ?? false
        }
    }

    /// The key: --api-key-file, else the provider's variable, else --api-key (with a warning).
    private func readKey(provider: LLMProvider?) throws -> String? {
        guard !watchdog else { return nil }
        if let apiKeyFile {
            let text: String
            do {
                text = try String(contentsOfFile: apiKeyFile, encoding: .utf8)
            } catch {
                throw CommandFailure("cannot read --api-key-file \(apiKeyFile): \(error.localizedDescription)")
            }
            let key = text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !key.isEmpty else { throw CommandFailure("--api-key-file \(apiKeyFile) is empty") }
            return key
        }
        if let variable = provider?.apiKeyEnvironmentVariable,
            let key = ProcessInfo.processInfo.environment[variable], !key.isEmpty
        {
            return key
        }
        if let apiKey {
            note("warning: a key given with --api-key lands in your shell history; prefer --api-key-file")
            return apiKey
        }
        return nil
    }
}
