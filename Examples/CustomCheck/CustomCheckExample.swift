// Registers a custom optimizer check next to the built-in ones and scores a simulated cluster with it.
import Foundation
import Logging
import OkikKit
import OkikSimulator
import OkikTesting

/// OKK-901: containers whose image has no tag or uses `:latest`, so a rollback cannot name the old version.
struct MovingImageTagCheck: Check {
    static let code = FindingCode(
        id: 901, category: .availability, severity: .low, title: "Image without a fixed tag",
        explanation: "An image without a tag, or tagged :latest, changes under the workload; rollbacks cannot name the old version.")

    let id = "moving-image-tag"
    let category = OptimizationCategory.availability
    let codes = [Self.code]

    func evaluate(_ snapshot: ClusterSnapshot, context: CheckContext) -> CheckResult {
        var findings: [Finding] = []
        for deployment in snapshot.deployments {
            for container in deployment.spec?.template?.spec?.containers ?? [] {
                let image = container.image ?? ""
                let lastPart = image.split(separator: "/").last.map(String.init) ?? image
                guard !lastPart.contains("@"), !lastPart.contains(":") || lastPart.hasSuffix(":latest") else { continue }
                findings.append(
                    Finding(
                        code: Self.code, subject: ResourceRef(deployment), container: container.name,
                        message: "\(ResourceRef(deployment)) container \(container.name ?? "?") runs \(image)",
                        evidence: ["image": image], recommendation: "Pin a version tag or a digest."))
            }
        }
        // Every Deployment was looked at; each counts once in the category's score.
        return CheckResult(subjects: snapshot.deployments.map { ResourceRef($0) }, findings: findings)
    }
}

@main
struct CustomCheckExample {
    static func main() async throws {
        var logger = Logger(label: "okik.example")
        logger.logLevel = .error
        let cluster = try await SimulatedCluster.start(BuiltInScenarios.all, logger: logger)
        do {
            // One workload that the custom check should flag.
            let labels = ["app": "edge-proxy"]
            _ = try await cluster.client.namespaced(Deployment.self, in: .named("default")).create(
                Deployment(
                    metadata: ObjectMeta(name: "edge-proxy"),
                    spec: .init(
                        replicas: 2, selector: LabelSelector(matchLabels: labels),
                        template: PodTemplateSpec(
                            metadata: ObjectMeta(labels: labels),
                            spec: PodSpec(containers: [Container(name: "proxy", image: "nginx:latest")])))))
            await cluster.simulator.advance(by: .seconds(30))
            let report = try await Optimizer(checks: CheckRegistry.builtIn + [MovingImageTagCheck()])
                .run(client: cluster.client, clock: cluster.clock)
            print("score \(report.score)/100 (\(report.grade)), \(report.findings.count) findings")
            for finding in report.findings where finding.code == MovingImageTagCheck.code {
                print("\(finding.code) \(finding.message)")
            }
            let availability = report.categories.first { $0.category == .availability }
            print("availability: \(availability?.score ?? 0)/100 over \(availability?.evaluated ?? 0) subjects")
        } catch {
            await cluster.stop()
            throw error
        }
        await cluster.stop()
    }
}
