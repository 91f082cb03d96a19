import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOSSL
import OkikKubeClient
import OkikYAML

/// Serves the Kubernetes REST API over the ``ObjectStore``: discovery, CRUD, lists with selectors and paging,
/// watches, patches, subresources, tables, authentication and fault injection.
struct APIHandler: Sendable {
    let store: ObjectStore
    let registry: ResourceRegistry
    let faults: FaultInjector
    let authentication: AuthenticationConfiguration
    let logs: PodLogStore
    let maxBodyBytes: Int
    let kubernetesVersion: String
    let logger: Logger
    let now: @Sendable () -> Date
    var recorder: RequestRecorder? = nil

    func respond(_ request: Request, _ context: SimulatorRequestContext) async throws -> Response {
        let path = request.uri.path
        recorder?.record(method: request.method.rawValue, path: path, query: request.uri.query)
        let (latency, fault) = faults.decide(method: request.method.rawValue, path: path)
        if latency > .zero { try await Task.sleep(for: latency) }
        switch fault {
        case .none: break
        case .status(let error): return errorResponse(error)
        case .reset:
            context.channel.close(promise: nil)
            throw HTTPError(.internalServerError)
        }
        do {
            let user = try await authenticate(request, context)
            return try await route(request, context, user: user)
        } catch let error as APIError {
            return errorResponse(error)
        }
    }

    // MARK: - Authentication

    private func authenticate(_ request: Request, _ context: SimulatorRequestContext) async throws -> String {
        if let header = request.headers[.authorization] {
            guard header.hasPrefix("Bearer ") else { throw APIError.unauthorized() }
            let token = String(header.dropFirst("Bearer ".count))
            guard let user = authentication.tokens[token] else { throw APIError.unauthorized() }
            return user
        }
        if authentication.clientCertificates,
            let certificate = try? await context.channel.nioSSL_peerCertificate().get()
        {
            // NIOSSL describes a certificate as `<NIOSSLCertificate;serial_number=..;common_name=NAME;...>`.
            let description = certificate.description
            if let range = description.range(of: ";common_name=") {
                return String(description[range.upperBound...].prefix { $0 != ";" && $0 != ">" })
            }
            return "client-certificate"
        }
        if authentication.isRequired {
            let path = request.uri.path
            if path == "/healthz" || path == "/livez" || path == "/readyz" { return "system:anonymous" }
            throw APIError.unauthorized()
        }
        return "system:admin"
    }

    private func authorize(
        _ user: String, verb: String, path: APIPath, definition: ResourceDefinition, fieldSelector: String? = nil
    ) async throws {
        if authentication.rbacUsers.contains(user) {
            let attributes = RBACAuthorizer.Attributes(
                user: user, verb: verb, group: definition.group, resource: definition.plural,
                subresource: path.subresource, namespace: path.namespace,
                name: path.name ?? RBACAuthorizer.selectedName(fieldSelector))
            guard await !RBACAuthorizer(store: store, registry: registry).allows(attributes) else { return }
        } else {
            guard authentication.readOnlyUsers.contains(user), !["get", "list", "watch"].contains(verb) else { return }
        }
        let object = path.name.map { "\(definition.qualifiedName) \"\($0)\"" } ?? definition.qualifiedName
        let scope = path.namespace.map { " in the namespace \"\($0)\"" } ?? ""
        let resourceName = path.subresource.map { "\(definition.plural)/\($0)" } ?? definition.plural
        throw APIError.forbidden(
            "\(object) is forbidden: User \"\(user)\" cannot \(verb) resource \"\(resourceName)\" in API group \"\(definition.group)\"\(scope)")
    }

    // MARK: - Routing

    private func route(_ request: Request, _ context: SimulatorRequestContext, user: String) async throws -> Response {
        let path = request.uri.path
        switch path {
        case "/healthz", "/livez", "/readyz": return text("ok")
        case "/version": return try json(Discovery.version(kubernetesVersion))
        case "/api": return try json(Discovery.apiVersions())
        case "/apis": return try json(Discovery.groups(registry))
        default: break
        }
        if path.hasPrefix("/openapi/") {
            if let document = OpenAPIDocuments.document(for: path, registry: registry) { return try json(document) }
            throw APIError.pathNotFound()
        }
        if path == SubjectAccessReviews.path, request.method == .post {
            if authentication.rbacUsers.contains(user) {
                let attributes = RBACAuthorizer.Attributes(
                    user: user, verb: "create", group: "authorization.k8s.io", resource: "subjectaccessreviews",
                    subresource: nil, namespace: nil, name: nil)
                guard await RBACAuthorizer(store: store, registry: registry).allows(attributes) else {
                    throw APIError.forbidden(
                        "subjectaccessreviews.authorization.k8s.io is forbidden: User \"\(user)\" cannot create resource \"subjectaccessreviews\" in API group \"authorization.k8s.io\" at the cluster scope")
                }
            }
            let body = try await request.body.collect(upTo: 1 << 20)
            let review = try await SubjectAccessReviews.review(Array(body.readableBytesView), store: store, registry: registry)
            return try json(review, status: .created)
        }
        if let resources = Discovery.resourceList(path: path, registry: registry) { return try json(resources) }
        if let group = Discovery.group(path: path, registry: registry) { return try json(group) }
        if let target = ServiceProxy.target(of: path), let services = registry.definition(apiVersion: "v1", plural: "services") {
            try await authorize(
                user, verb: ServiceProxy.verb(request.method),
                path: APIPath(group: "", version: "v1", namespace: target.namespace, plural: "services", name: target.id, subresource: "proxy"),
                definition: services)
            return try await ServiceProxy(store: store, registry: registry).forward(request, to: target)
        }
        guard let apiPath = APIPath.parse(path, registry: registry) else { throw APIError.pathNotFound() }
        guard let definition = registry.definition(apiVersion: apiPath.apiVersion, plural: apiPath.plural) else {
            throw APIError.pathNotFound()
        }
        if apiPath.namespace != nil && !definition.namespaced { throw APIError.pathNotFound() }
        let query = QueryParameters(request.uri)
        let method = request.method
        let isWatch = query.bool("watch")
        let verb: String
        switch method {
        case .get: verb = apiPath.name == nil ? (isWatch ? "watch" : "list") : "get"
        case .post: verb = "create"
        case .put: verb = "update"
        case .patch: verb = "patch"
        case .delete: verb = "delete"
        default: throw APIError.methodNotAllowed(method.rawValue, definition)
        }
        try await authorize(user, verb: verb, path: apiPath, definition: definition, fieldSelector: query.string("fieldSelector"))
        if definition.readOnly && verb != "get" && verb != "list" && verb != "watch" {
            throw APIError.methodNotAllowed(verb, definition)
        }
        let namespace = definition.namespaced ? apiPath.namespace : nil
        let dryRun = try Self.validateOptions(query, method: method)

        if let subresource = apiPath.subresource, let name = apiPath.name {
            return try await handleSubresource(
                subresource, name: name, namespace: namespace, definition: definition, request: request, query: query,
                dryRun: dryRun)
        }
        if let name = apiPath.name {
            switch method {
            case .get:
                return try await objectResponse(try await store.get(definition, namespace: namespace, name: name), definition, request, query)
            case .put:
                let body = try await parseBody(request, query: query, definition: definition)
                try Self.checkIdentity(body, definition: definition, namespace: namespace, name: name)
                let updated = try await store.update(
                    definition, namespace: namespace, name: name,
                    object: try await withUpdateManager(body, definition, namespace, name, request, query), dryRun: dryRun)
                return raw(updated.bytes)
            case .patch:
                return raw(try await patch(request, definition: definition, namespace: namespace, name: name, query: query, dryRun: dryRun).bytes)
            case .delete:
                let options = try await deleteOptions(request, query)
                let deleted = try await store.delete(
                    definition, namespace: namespace, name: name, propagation: options.propagation,
                    preconditions: (options.uid, options.resourceVersion), dryRun: dryRun || options.dryRun)
                return raw(deleted.bytes)
            default:
                throw APIError.methodNotAllowed(method.rawValue, definition)
            }
        }
        switch method {
        case .get:
            let labels = try parseLabels(query.string("labelSelector"))
            let fields = try parseFields(query.string("fieldSelector"), definition)
            if isWatch {
                return try await watch(definition, namespace: namespace, labels: labels, fields: fields, request: request, query: query)
            }
            let page = try await store.listPage(
                definition, namespace: namespace, labels: labels, fields: fields, limit: query.int("limit"),
                continueToken: query.string("continue"))
            if wantsTable(request) {
                return try json(TablePrinter.table(items: Array(page.items), definition: definition, resourceVersion: page.resourceVersion, continueToken: page.continueToken, now: now()))
            }
            return listResponse(page.items, definition: definition, resourceVersion: page.resourceVersion, continueToken: page.continueToken, remaining: page.remaining)
        case .post:
            let body = try await parseBody(request, query: query, definition: definition)
            let created = try await store.create(
                definition, namespace: namespace, object: try await withCreateManager(body, definition, request, query), dryRun: dryRun)
            return raw(created.bytes, status: .created)
        case .delete:
            throw APIError.methodNotAllowed("deletecollection", definition)
        default:
            throw APIError.methodNotAllowed(method.rawValue, definition)
        }
    }

    // MARK: - Subresources

    private func handleSubresource(
        _ subresource: String, name: String, namespace: String?, definition: ResourceDefinition, request: Request,
        query: QueryParameters, dryRun: Bool
    ) async throws -> Response {
        switch (subresource, request.method) {
        case ("status", .get) where definition.hasStatus:
            return raw(try await store.get(definition, namespace: namespace, name: name).bytes)
        case ("status", .put) where definition.hasStatus:
            let body = try await parseBody(request, query: query, definition: definition)
            try Self.checkIdentity(body, definition: definition, namespace: namespace, name: name)
            return raw(try await store.update(definition, namespace: namespace, name: name, object: body, statusOnly: true, dryRun: dryRun).bytes)
        case ("status", .patch) where definition.hasStatus:
            return raw(try await patch(request, definition: definition, namespace: namespace, name: name, query: query, dryRun: dryRun, statusOnly: true).bytes)
        case ("scale", .get) where definition.hasScale:
            return try json(Self.scale(of: try await store.get(definition, namespace: namespace, name: name).json(), definition))
        case ("scale", .put) where definition.hasScale, ("scale", .patch) where definition.hasScale:
            let current = try Self.scale(of: try await store.get(definition, namespace: namespace, name: name).json(), definition)
            let body = try await parseBody(request, query: query, definition: nil)
            let updatedScale: JSONValue
            if request.method == .put {
                updatedScale = body
            } else {
                updatedScale = try applyPatch(body, contentType: contentType(request), to: current)
            }
            if let given = updatedScale.value(at: ["metadata", "resourceVersion"])?.stringValue, !given.isEmpty,
                given != current.value(at: ["metadata", "resourceVersion"])?.stringValue
            {
                throw APIError.conflict(definition, name)
            }
            guard let replicas = updatedScale.value(at: ["spec", "replicas"])?.intValue else {
                throw APIError.invalid(definition, name, causes: [StatusCause(reason: "FieldValueRequired", message: "Required value", field: "spec.replicas")])
            }
            guard replicas >= 0 else {
                throw APIError.invalid(
                    definition, name,
                    causes: [StatusCause(reason: "FieldValueInvalid", message: "Invalid value: \(replicas): must be greater than or equal to 0", field: "spec.replicas")])
            }
            let manager = fieldManager(request, query)
            let time = Timestamp(now()).withoutFraction.rfc3339
            let updated = try await store.modify(definition, namespace: namespace, name: name, dryRun: dryRun) { json in
                let old = json
                json["spec"]?["replicas"] = .int(replicas)
                if let manager {
                    json = ServerSideApply.recordUpdate(old: old, new: json, manager: manager, definition: definition, time: time)
                }
            }
            return try json(Self.scale(of: try updated.json(), definition))
        case ("eviction", .post) where definition.kind == "Pod" && definition.group.isEmpty:
            return try await evict(
                request, name: name, namespace: namespace ?? "default", query: query, dryRun: dryRun)
        case ("log", .get) where definition.kind == "Pod" && definition.group.isEmpty:
            return try await podLog(name: name, namespace: namespace ?? "default", query: query)
        default:
            throw APIError.pathNotFound()
        }
    }

    static func scale(of object: JSONValue, _ definition: ResourceDefinition) throws -> JSONValue {
        let selector = object.value(at: ["spec", "selector", "matchLabels"])?.objectValue?
            .sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value.stringValue ?? "")" }.joined(separator: ",") ?? ""
        var metadata: [String: JSONValue] = [:]
        for key in ["name", "namespace", "uid", "resourceVersion", "creationTimestamp"] {
            metadata[key] = object.value(at: ["metadata", key])
        }
        return [
            "kind": "Scale", "apiVersion": "autoscaling/v1", "metadata": .object(metadata),
            "spec": ["replicas": object.value(at: ["spec", "replicas"]) ?? 0],
            "status": ["replicas": object.value(at: ["status", "replicas"]) ?? 0, "selector": .string(selector)],
        ]
    }

    /// `pods/eviction`, as `pkg/registry/core/pod/storage/eviction.go` does it: the body must be a `policy/v1` (or
    /// v1beta1) Eviction naming the pod; pods that are not running (Pending, Succeeded, Failed) are deleted without a
    /// budget check; otherwise the one PodDisruptionBudget selecting the pod decides. An unprocessed budget
    /// (`observedGeneration` behind `generation`) or one with no disruption left answers 429; an unready pod is
    /// deleted without using the budget while the budget has its healthy pods; else the budget is decremented, the
    /// pod recorded in `disruptedPods`, and the pod deleted. A budget status without `observedGeneration` (written by
    /// hand, with no disruption controller running) counts as processed.
    private func evict(
        _ request: Request, name: String, namespace: String, query: QueryParameters, dryRun queryDryRun: Bool
    ) async throws -> Response {
        let body = try await parseBody(request, query: query, definition: nil)
        try Self.checkEviction(body, name: name, namespace: namespace)
        let options = body["deleteOptions"] ?? .null
        let bodyDryRun = options["dryRun"]?.arrayValue?.compactMap(\.stringValue) ?? []
        if bodyDryRun.contains(where: { $0 != "All" }) {
            let values = bodyDryRun.map { "\"\($0)\"" }.joined(separator: ", ")
            throw APIError.invalidOptions(
                "DeleteOptions",
                causes: [
                    StatusCause(
                        reason: "FieldValueNotSupported",
                        message: "Unsupported value: []string{\(values)}: supported values: \"All\"", field: "dryRun")
                ])
        }
        let dryRun = queryDryRun || !bodyDryRun.isEmpty
        let preconditions = (
            uid: options.value(at: ["preconditions", "uid"])?.stringValue,
            resourceVersion: options.value(at: ["preconditions", "resourceVersion"])?.stringValue
        )
        let podDefinition = registry.definition(apiVersion: "v1", kind: "Pod")!
        let pod = try await store.get(podDefinition, namespace: namespace, name: name)
        let podJSON = try pod.json()
        let phase = podJSON.value(at: ["status", "phase"])?.stringValue ?? "Pending"
        let deleting = podJSON.value(at: ["metadata", "deletionTimestamp"]).map { $0 != .null } ?? false
        if ["Pending", "Succeeded", "Failed"].contains(phase) || deleting {
            try await store.delete(podDefinition, namespace: namespace, name: name, preconditions: preconditions, dryRun: dryRun)
            return try json(Status(status: "Success", code: 201), status: .created)
        }
        guard let pdbDefinition = registry.definition(apiVersion: "policy/v1", kind: "PodDisruptionBudget") else {
            throw APIError.internalError("no PodDisruptionBudget kind")
        }
        var matching: [JSONValue] = []
        for budget in await store.all(pdbDefinition, namespace: namespace) {
            let json = try budget.json()
            if Self.selector(json.value(at: ["spec", "selector"]), matches: pod.labels) { matching.append(json) }
        }
        if matching.count > 1 {
            throw APIError.internalError("This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.")
        }
        if let budget = matching.first {
            let ready = (podJSON.value(at: ["status", "conditions"])?.arrayValue ?? []).contains {
                $0["type"] == "Ready" && $0["status"] == "True"
            }
            let status = budget["status"] ?? .null
            let desired = status["desiredHealthy"]?.intValue ?? 0
            let current = status["currentHealthy"]?.intValue ?? 0
            let alwaysAllow = budget.value(at: ["spec", "unhealthyPodEvictionPolicy"])?.stringValue == "AlwaysAllow"
            if !ready && (alwaysAllow || (current >= desired && desired > 0)) {
                // An unhealthy pod does not count towards the budget: deleted without using a disruption.
                try await store.delete(
                    podDefinition, namespace: namespace, name: name, preconditions: preconditions, dryRun: dryRun)
                return try json(Status(status: "Success", code: 201), status: .created)
            }
            try await checkAndDecrement(budget, definition: pdbDefinition, pod: name, namespace: namespace, dryRun: dryRun)
        }
        try await store.delete(podDefinition, namespace: namespace, name: name, preconditions: preconditions, dryRun: dryRun)
        return try json(Status(status: "Success", code: 201), status: .created)
    }

    /// The budget check of an eviction (`checkAndDecrement`): 429 while the budget is unprocessed or allows no
    /// disruption, 403 when its status is broken; otherwise one disruption fewer and the pod in `disruptedPods`.
    private func checkAndDecrement(
        _ budget: JSONValue, definition: ResourceDefinition, pod: String, namespace: String, dryRun: Bool
    ) async throws {
        let budgetName = budget.value(at: ["metadata", "name"])?.stringValue ?? ""
        let status = budget["status"] ?? .null
        let generation = budget.value(at: ["metadata", "generation"])?.intValue ?? 1
        if let observed = status["observedGeneration"]?.intValue, observed < generation {
            throw APIError(
                code: 429, reason: "TooManyRequests", message: "Cannot evict pod as it would violate the pod's disruption budget.",
                details: StatusDetails(
                    causes: [
                        StatusCause(
                            reason: "DisruptionBudget",
                            message: "The disruption budget \(budgetName) is still being processed by the server.")
                    ], retryAfterSeconds: 10),
                retryAfterSeconds: 10)
        }
        let allowed = status["disruptionsAllowed"]?.intValue ?? 0
        if allowed < 0 {
            throw APIError.forbidden(
                "poddisruptionbudgets.policy \"\(budgetName)\" is forbidden: pdb disruptions allowed is negative")
        }
        if (status["disruptedPods"]?.objectValue?.count ?? 0) > 2000 {
            throw APIError.forbidden(
                "poddisruptionbudgets.policy \"\(budgetName)\" is forbidden: DisruptedPods map too big - too many evictions not confirmed by PDB controller")
        }
        if allowed == 0 {
            let desired = status["desiredHealthy"]?.intValue ?? 0
            let current = status["currentHealthy"]?.intValue ?? 0
            throw APIError(
                code: 429, reason: "TooManyRequests", message: "Cannot evict pod as it would violate the pod's disruption budget.",
                details: StatusDetails(causes: [
                    StatusCause(
                        reason: "DisruptionBudget",
                        message: "The disruption budget \(budgetName) needs \(desired) healthy pods and has \(current) currently")
                ]))
        }
        if dryRun { return }
        let time = StatusJSON.time(now())
        try await store.modifyAll(definition, namespace: namespace, name: budgetName) { json in
            var status = json["status"]?.objectValue ?? [:]
            status["disruptionsAllowed"] = .int(allowed - 1)
            var disrupted = status["disruptedPods"]?.objectValue ?? [:]
            disrupted[pod] = time
            status["disruptedPods"] = .object(disrupted)
            if allowed - 1 == 0 {
                status["conditions"] = DisruptionController.settingCondition(
                    status["conditions"], allowed: false, observedGeneration: status["observedGeneration"]?.intValue ?? 0,
                    at: time)
            }
            json["status"] = .object(status)
        }
    }

    /// The 400s of an Eviction body that is not a `policy/v1` Eviction of this pod.
    static func checkEviction(_ body: JSONValue, name: String, namespace: String) throws {
        guard body.objectValue != nil else { throw APIError.badRequest("the request body must be a JSON object") }
        guard let kind = body["kind"]?.stringValue, !kind.isEmpty else {
            throw APIError.badRequest("Object 'Kind' is missing in the Eviction body")
        }
        let apiVersion = body["apiVersion"]?.stringValue ?? ""
        if kind != "Eviction" {
            let version = apiVersion.split(separator: "/").last.map(String.init) ?? apiVersion
            throw APIError.badRequest(
                "\(kind) in version \"\(version)\" cannot be handled as a Eviction: the kind in the data (\(kind)) is not Eviction")
        }
        guard apiVersion == "policy/v1" || apiVersion == "policy/v1beta1" else {
            throw APIError.badRequest(
                "the API version in the data (\(apiVersion)) does not match the expected API version (policy/v1)")
        }
        if body.value(at: ["metadata", "name"])?.stringValue != name {
            throw APIError.badRequest("name in URL does not match name in Eviction object")
        }
        if let given = body.value(at: ["metadata", "namespace"])?.stringValue, !given.isEmpty, given != namespace {
            throw APIError.badRequest("the namespace of the provided object does not match the namespace sent on the request")
        }
    }

    /// Whether a selector object (a PDB's `spec.selector`) selects these labels; a missing selector selects nothing.
    static func selector(_ selector: JSONValue?, matches labels: [String: String]) -> Bool {
        guard let selector, selector != .null, let parsed = try? selector.decode(as: LabelSelector.self) else {
            return false
        }
        return parsed.matches(labels)
    }

    private func podLog(name: String, namespace: String, query: QueryParameters) async throws -> Response {
        let podDefinition = registry.definition(apiVersion: "v1", kind: "Pod")!
        let pod = try await store.get(podDefinition, namespace: namespace, name: name).json()
        let containers = (pod.value(at: ["spec", "containers"])?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
        let initContainers = (pod.value(at: ["spec", "initContainers"])?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
        let container: String
        if let requested = query.string("container") {
            guard containers.contains(requested) || initContainers.contains(requested) else {
                throw APIError.badRequest("container \(requested) is not valid for pod \(name)")
            }
            container = requested
        } else if containers.count == 1 {
            container = containers[0]
        } else {
            var message = "a container name must be specified for pod \(name), choose one of: [\(containers.joined(separator: " "))]"
            if !initContainers.isEmpty { message += " or one of the init containers: [\(initContainers.joined(separator: " "))]" }
            throw APIError.badRequest(message)
        }
        let previous = query.bool("previous")
        let key = PodLogStore.Key(namespace: namespace, pod: name, container: container)
        guard var lines = logs.lines(for: key, previous: previous) else {
            if previous {
                throw APIError.badRequest("previous terminated container \"\(container)\" in pod \"\(name)\" not found")
            }
            return text("")
        }
        if let tail = query.int("tailLines"), tail >= 0 { lines = Array(lines.suffix(tail)) }
        var body = lines.map { $0 + "\n" }.joined()
        if let limit = query.int("limitBytes"), limit >= 0, body.utf8.count > limit {
            body = String(decoding: Array(body.utf8.prefix(limit)), as: UTF8.self)
        }
        guard query.bool("follow") else { return text(body) }
        let stream = logs.follow(key)
        let initial = ByteBuffer(string: body)
        return Response(
            status: .ok, headers: [.contentType: "text/plain"],
            body: ResponseBody { writer in
                try await writer.write(initial)
                for await line in stream {
                    try await writer.write(ByteBuffer(string: line + "\n"))
                }
                try await writer.finish(nil)
            })
    }

    // MARK: - Patch

    private func patch(
        _ request: Request, definition: ResourceDefinition, namespace: String?, name: String, query: QueryParameters,
        dryRun: Bool, statusOnly: Bool = false
    ) async throws -> StoredObject {
        let type = contentType(request)
        let body = try await parseBody(request, query: query, definition: nil, allowYAML: type.hasPrefix("application/apply-patch"))
        let manager = fieldManager(request, query)
        let time = Timestamp(now()).withoutFraction.rfc3339
        if type.hasPrefix("application/apply-patch") {
            guard let manager = query.string("fieldManager"), !manager.isEmpty else {
                throw APIError.badRequest("PATCH with apply requires a non-empty fieldManager query parameter")
            }
            try Self.checkKind(body, definition)
            if let given = body.value(at: ["metadata", "name"])?.stringValue, given != name {
                throw APIError.badRequest("the name of the object (\(given)) does not match the name on the URL (\(name))")
            }
            if let namespace, let given = body.value(at: ["metadata", "namespace"])?.stringValue, !given.isEmpty,
                given != namespace
            {
                throw APIError.badRequest(
                    "the namespace of the object (\(given)) does not match the namespace on the request (\(namespace))")
            }
            try StrictFieldValidation.checkApply(body, definition: definition, namespace: namespace, name: name)
            try FieldTypeValidation.checkApply(body, definition: definition, namespace: namespace, name: name)
            let force = query.bool("force")
            let existing = try? await store.get(definition, namespace: namespace, name: name)
            if existing == nil {
                let created = try ServerSideApply.apply(applied: body, to: nil, manager: manager, force: force, definition: definition, time: time)
                return try await store.create(definition, namespace: namespace, object: created, dryRun: dryRun)
            }
            return try await store.modify(definition, namespace: namespace, name: name, statusOnly: statusOnly, dryRun: dryRun) { json in
                let old = json
                json = try ServerSideApply.apply(applied: body, to: json, manager: manager, force: force, definition: definition, time: time)
                try Self.checkPatchedIdentity(old: old, new: json, definition: definition, name: name)
            }
        }
        if type.hasPrefix("application/strategic-merge-patch") {
            try checkStrictFields(body, definition: definition, query: query)
        }
        return try await store.modify(definition, namespace: namespace, name: name, statusOnly: statusOnly, dryRun: dryRun) { json in
            let old = json
            json = try applyPatch(body, contentType: type, to: json)
            try Self.checkPatchedIdentity(old: old, new: json, definition: definition, name: name)
            try FieldTypeValidation.checkPatched(json, definition: definition, name: name)
            if let manager {
                json = ServerSideApply.recordUpdate(old: old, new: json, manager: manager, definition: definition, time: time)
            }
        }
    }

    private func applyPatch(_ patch: JSONValue, contentType type: String, to json: JSONValue) throws -> JSONValue {
        if type.hasPrefix("application/json-patch+json") { return try JSONPatchApplier.apply(patch, to: json) }
        guard patch.objectValue != nil else { throw APIError.badRequest("patch body must be a JSON object") }
        if type.hasPrefix("application/merge-patch+json") { return MergePatchApplier.merge(json, patch) }
        if type.hasPrefix("application/strategic-merge-patch+json") { return MergePatchApplier.strategicMerge(json, patch) }
        throw APIError.unsupportedMediaType(type)
    }

    // MARK: - Watch

    private func watch(
        _ definition: ResourceDefinition, namespace: String?, labels: LabelSelectorQuery, fields: FieldSelectorQuery,
        request: Request, query: QueryParameters
    ) async throws -> Response {
        let (stream, id) = try await store.watch(
            definition, namespace: namespace, labels: labels, fields: fields, resourceVersion: query.string("resourceVersion"))
        let timeout = query.int("timeoutSeconds").map { Duration.seconds($0) } ?? .seconds(1800)
        let bookmarks = query.bool("allowWatchBookmarks")
        let table = wantsTable(request)
        let faultConfig = faults.configuration
        let cutAfterEvents = faultConfig.cutWatchAfterEvents
        let cutAfter = faultConfig.cutWatchAfter
        let store = self.store
        let now = self.now
        return Response(
            status: .ok, headers: [.contentType: "application/json", .transferEncoding: "chunked"],
            body: ResponseBody { writer in
                let deadline = ContinuousClock.now + min(timeout, cutAfter ?? timeout)
                var sent = 0
                var lastVersion = 0
                await withTaskGroup(of: Void.self) { group in
                    group.addTask {
                        try? await Task.sleep(until: deadline)
                        await store.stopWatch(id)
                    }
                    group.addTask {}
                    _ = await group.next()
                    do {
                        for await record in stream {
                            lastVersion = record.object.resourceVersion
                            let line = try Self.watchLine(record, definition: definition, table: table, now: now())
                            try await writer.write(line)
                            sent += 1
                            if let cutAfterEvents, sent >= cutAfterEvents { break }
                        }
                        if bookmarks, cutAfterEvents.map({ sent < $0 }) ?? true {
                            let version = max(lastVersion, await store.currentRevision)
                            try await writer.write(Self.bookmarkLine(definition, version))
                        }
                        try await writer.finish(nil)
                    } catch {}
                    group.cancelAll()
                    await store.stopWatch(id)
                }
            })
    }

    static func watchLine(_ record: WatchRecord, definition: ResourceDefinition, table: Bool, now: Date) throws -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeString("{\"type\":\"\(record.type)\",\"object\":")
        if table {
            let tableJSON = try TablePrinter.table(items: [record.object], definition: definition, resourceVersion: record.object.resourceVersion, continueToken: nil, now: now, includeObject: true)
            buffer.writeBytes(try JSONEncoder().encode(tableJSON))
        } else {
            buffer.writeBytes(record.object.bytes)
        }
        buffer.writeString("}\n")
        return buffer
    }

    static func bookmarkLine(_ definition: ResourceDefinition, _ version: Int) -> ByteBuffer {
        ByteBuffer(
            string: "{\"type\":\"BOOKMARK\",\"object\":{\"kind\":\"\(definition.kind)\",\"apiVersion\":\"\(definition.apiVersion)\",\"metadata\":{\"resourceVersion\":\"\(version)\"}}}\n")
    }

    // MARK: - Bodies

    private func parseBody(
        _ request: Request, query: QueryParameters, definition: ResourceDefinition?, allowYAML: Bool = true
    ) async throws -> JSONValue {
        var request = request
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: maxBodyBytes)
        } catch {
            throw APIError.tooLarge(limit: maxBodyBytes)
        }
        let bytes = Data(buffer.readableBytesView)
        let type = contentType(request)
        if type.hasPrefix("application/vnd.kubernetes.protobuf") || type.hasPrefix("application/cbor") {
            throw APIError(
                code: 415, reason: "UnsupportedMediaType",
                message: "the body of the request was in an unknown format - accepted media types include: application/json, application/yaml")
        }
        var value: JSONValue
        if let parsed = try? JSONValue.parse(bytes) {
            value = parsed
        } else if allowYAML && (type.contains("yaml") || type.isEmpty) {
            guard let text = String(data: bytes, encoding: .utf8) else {
                throw APIError.badRequest("the request body is not valid JSON or YAML")
            }
            let yaml: Any?
            do {
                yaml = try SafeYAML.load(text)
            } catch let error as SafeYAMLError {
                throw APIError.badRequest(error.description)
            } catch {
                throw APIError.badRequest("the request body is not valid JSON or YAML")
            }
            value = try YAMLBridge.json(from: yaml)
        } else {
            let snippet = String(decoding: bytes.prefix(120), as: UTF8.self)
            throw APIError.badRequest("the request body is not valid JSON: \(snippet)")
        }
        value = value == .null ? [:] : value
        if let definition, request.method != .patch {
            // Decoding the body into the kind: its kind and version, unknown fields (Strict), field types.
            try Self.checkKind(value, definition)
            try checkStrictFields(value, definition: definition, query: query)
            try FieldTypeValidation.checkDecode(value, definition: definition)
        }
        return value
    }

    /// The 400 a body of another kind or version gets when the API server decodes it into this kind.
    static func checkKind(_ body: JSONValue, _ definition: ResourceDefinition) throws {
        guard body.objectValue != nil else { throw APIError.badRequest("the request body must be a JSON object") }
        let apiVersion = body["apiVersion"]?.stringValue ?? definition.apiVersion
        if let kind = body["kind"]?.stringValue, kind != definition.kind {
            let version = apiVersion.split(separator: "/").last.map(String.init) ?? apiVersion
            throw APIError.badRequest(
                "\(kind) in version \"\(version)\" cannot be handled as a \(definition.kind): the kind in the data (\(kind)) does not match the resource's kind (\(definition.kind))")
        }
        if apiVersion != definition.apiVersion {
            throw APIError.badRequest(
                "the API version in the data (\(apiVersion)) does not match the expected API version (\(definition.apiVersion))")
        }
    }

    /// The 400 an update gets when its body names another object than the URL: `checkName` of the API server's
    /// handlers.
    static func checkIdentity(_ body: JSONValue, definition: ResourceDefinition, namespace: String?, name: String) throws {
        let givenName = body.value(at: ["metadata", "name"])?.stringValue ?? ""
        if givenName != name {
            throw APIError.badRequest("the name of the object (\(givenName)) does not match the name on the URL (\(name))")
        }
        if definition.namespaced, let namespace, let given = body.value(at: ["metadata", "namespace"])?.stringValue,
            !given.isEmpty, given != namespace
        {
            throw APIError.badRequest(
                "the namespace of the object (\(given)) does not match the namespace on the request (\(namespace))")
        }
    }

    /// Checks that a patch left the object's identity alone: a changed kind or apiVersion cannot be decoded into the
    /// kind (422 Invalid, field `patch`), a changed name or namespace fails `checkName` (400).
    static func checkPatchedIdentity(
        old: JSONValue, new: JSONValue, definition: ResourceDefinition, name: String
    ) throws {
        for field in ["kind", "apiVersion"] where new[field] != old[field] {
            let given = new[field].map(FieldTypeValidation.describe) ?? "null"
            throw APIError(
                code: 422, reason: "Invalid",
                message:
                    "\(definition.qualifiedKind) \"\(name)\" is invalid: patch: Invalid value: \(given): a patch cannot change the object's \(field)",
                details: StatusDetails(
                    name: name, group: definition.group, kind: definition.kind,
                    causes: [
                        StatusCause(
                            reason: "FieldValueInvalid",
                            message: "Invalid value: \(given): a patch cannot change the object's \(field)", field: field)
                    ]))
        }
        let newName = new.value(at: ["metadata", "name"])?.stringValue ?? ""
        if newName != name {
            throw APIError.badRequest("the name of the object (\(newName)) does not match the name on the URL (\(name))")
        }
        let oldNamespace = old.value(at: ["metadata", "namespace"])?.stringValue ?? ""
        let newNamespace = new.value(at: ["metadata", "namespace"])?.stringValue ?? ""
        if definition.namespaced && newNamespace != oldNamespace {
            throw APIError.badRequest(
                "the namespace of the object (\(newNamespace)) does not match the namespace on the request (\(oldNamespace))")
        }
    }

    /// Checks the write options in the query as the API server's `ValidateCreateOptions` (and Update, Patch, Delete)
    /// do, and returns whether the request is a dry run. Only `dryRun=All` exists; `fieldValidation` is `Ignore`,
    /// `Warn` or `Strict` (or empty). Anything else is a 422 naming the options kind.
    static func validateOptions(_ query: QueryParameters, method: HTTPRequest.Method) throws -> Bool {
        let kind: String
        switch method {
        case .post: kind = "CreateOptions"
        case .put: kind = "UpdateOptions"
        case .patch: kind = "PatchOptions"
        case .delete: kind = "DeleteOptions"
        default: return false
        }
        let dryRun = query.values("dryRun")
        var causes: [StatusCause] = []
        if dryRun.contains(where: { $0 != "All" }) {
            let values = dryRun.map { "\"\($0)\"" }.joined(separator: ", ")
            causes.append(
                StatusCause(
                    reason: "FieldValueNotSupported",
                    message: "Unsupported value: []string{\(values)}: supported values: \"All\"", field: "dryRun"))
        }
        if kind != "DeleteOptions", let validation = query.string("fieldValidation"),
            !["", "Ignore", "Warn", "Strict"].contains(validation)
        {
            causes.append(
                StatusCause(
                    reason: "FieldValueNotSupported",
                    message: "Unsupported value: \"\(validation)\": supported values: \"Ignore\", \"Strict\", \"Warn\"",
                    field: "fieldValidation"))
        }
        guard causes.isEmpty else { throw APIError.invalidOptions(kind, causes: causes) }
        return !dryRun.isEmpty
    }

    private func checkStrictFields(_ body: JSONValue, definition: ResourceDefinition, query: QueryParameters) throws {
        guard query.string("fieldValidation") == "Strict" else { return }
        try StrictFieldValidation.checkStrict(body, definition: definition)
    }

    /// The manager of a write: the `fieldManager` parameter, else the user agent up to its first "/", as the real
    /// API server does.
    private func fieldManager(_ request: Request, _ query: QueryParameters) -> String? {
        if let manager = query.string("fieldManager"), !manager.isEmpty { return manager }
        guard let agent = request.headers[.userAgent], !agent.isEmpty else { return nil }
        return String(agent.prefix { $0 != "/" }.prefix(128))
    }

    private func withCreateManager(_ body: JSONValue, _ definition: ResourceDefinition, _ request: Request, _ query: QueryParameters) async throws -> JSONValue {
        guard let manager = fieldManager(request, query) else { return body }
        return ServerSideApply.recordUpdate(old: [:], new: body, manager: manager, definition: definition, time: Timestamp(now()).withoutFraction.rfc3339)
    }

    private func withUpdateManager(
        _ body: JSONValue, _ definition: ResourceDefinition, _ namespace: String?, _ name: String, _ request: Request,
        _ query: QueryParameters
    ) async throws -> JSONValue {
        guard let manager = fieldManager(request, query) else { return body }
        let old = try await store.get(definition, namespace: namespace, name: name).json()
        return ServerSideApply.recordUpdate(old: old, new: body, manager: manager, definition: definition, time: Timestamp(now()).withoutFraction.rfc3339)
    }

    /// The DeleteOptions of a DELETE: its body (kubectl sends `dryRun` there, as `kubectl delete --dry-run=server`
    /// does) and the query.
    private func deleteOptions(_ request: Request, _ query: QueryParameters) async throws
        -> (propagation: String?, uid: String?, resourceVersion: String?, dryRun: Bool)
    {
        var request = request
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: maxBodyBytes)
        } catch {
            throw APIError.tooLarge(limit: maxBodyBytes)
        }
        var propagation = query.string("propagationPolicy")
        var uid: String?
        var version: String?
        var dryRun = false
        if buffer.readableBytes > 0 {
            guard let body = try? JSONValue.parse(Data(buffer.readableBytesView)) else {
                throw APIError.badRequest("the DeleteOptions body is not valid JSON")
            }
            propagation = body["propagationPolicy"]?.stringValue ?? propagation
            if body["orphanDependents"]?.boolValue == true { propagation = "Orphan" }
            uid = body.value(at: ["preconditions", "uid"])?.stringValue
            version = body.value(at: ["preconditions", "resourceVersion"])?.stringValue
            let values = body["dryRun"]?.arrayValue?.compactMap(\.stringValue) ?? []
            if values.contains(where: { $0 != "All" }) {
                let list = values.map { "\"\($0)\"" }.joined(separator: ", ")
                throw APIError.invalidOptions(
                    "DeleteOptions",
                    causes: [
                        StatusCause(
                            reason: "FieldValueNotSupported",
                            message: "Unsupported value: []string{\(list)}: supported values: \"All\"", field: "dryRun")
                    ])
            }
            dryRun = !values.isEmpty
        }
        return (propagation, uid, version, dryRun)
    }

    private func parseLabels(_ text: String?) throws -> LabelSelectorQuery {
        guard let text, !text.isEmpty else { return .everything }
        do {
            return try LabelSelectorQuery.parse(text)
        } catch {
            throw APIError.badRequest("unable to parse requirement: \(error.reason)")
        }
    }

    private func parseFields(_ text: String?, _ definition: ResourceDefinition) throws -> FieldSelectorQuery {
        guard let text, !text.isEmpty else { return .everything }
        let query: FieldSelectorQuery
        do {
            query = try FieldSelectorQuery.parse(text)
        } catch {
            throw APIError.badRequest(error.reason)
        }
        for term in query.terms where term.field != "metadata.name" && term.field != "metadata.namespace"
            && definition.selectableFields[term.field] == nil
        {
            let known = (["metadata.name", "metadata.namespace"] + definition.selectableFields.keys.sorted())
                .map { "\"\($0)\"" }.joined(separator: ", ")
            throw APIError.badRequest("\"\(term.field)\" is not a known field selector: only \(known)")
        }
        return query
    }

    // MARK: - Responses

    private func wantsTable(_ request: Request) -> Bool {
        (request.headers[.accept] ?? "").contains("as=Table")
    }

    private func contentType(_ request: Request) -> String {
        (request.headers[.contentType] ?? "").lowercased()
    }

    private func objectResponse(_ object: StoredObject, _ definition: ResourceDefinition, _ request: Request, _ query: QueryParameters) async throws -> Response {
        if wantsTable(request) {
            return try json(TablePrinter.table(items: [object], definition: definition, resourceVersion: object.resourceVersion, continueToken: nil, now: now()))
        }
        return raw(object.bytes)
    }

    private func listResponse(
        _ items: ArraySlice<StoredObject>, definition: ResourceDefinition, resourceVersion: Int, continueToken: String?,
        remaining: Int?
    ) -> Response {
        var total = 128
        for item in items { total += item.bytes.count + 1 }
        var buffer = ByteBuffer()
        buffer.reserveCapacity(total)
        buffer.writeString("{\"kind\":\"\(definition.kind)List\",\"apiVersion\":\"\(definition.apiVersion)\",\"metadata\":{\"resourceVersion\":\"\(resourceVersion)\"")
        if let continueToken {
            buffer.writeString(",\"continue\":\"\(continueToken)\"")
            if let remaining { buffer.writeString(",\"remainingItemCount\":\(remaining)") }
        }
        buffer.writeString("},\"items\":[")
        var first = true
        for item in items {
            if !first { buffer.writeInteger(UInt8(ascii: ",")) }
            first = false
            buffer.writeBytes(item.bytes)
        }
        buffer.writeString("]}")
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: buffer))
    }

    private func raw(_ bytes: [UInt8], status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    private func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
    }

    private func text(_ value: String) -> Response {
        Response(status: .ok, headers: [.contentType: "text/plain"], body: .init(byteBuffer: ByteBuffer(string: value)))
    }

    func errorResponse(_ error: APIError) -> Response {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let retry = error.retryAfterSeconds { headers[.retryAfter] = String(retry) }
        let body = (try? JSONEncoder().encode(error.status)) ?? Data()
        return Response(status: .init(code: error.code), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}

/// Query parameters of a request, with Kubernetes' boolean forms.
struct QueryParameters: Sendable {
    private var items: [(String, String)]

    init(_ uri: URI) {
        items = Self.items(fromQuery: uri.query)
    }

    func string(_ name: String) -> String? { items.first { $0.0 == name }?.1 }
    func values(_ name: String) -> [String] { items.filter { $0.0 == name }.map(\.1) }
    func int(_ name: String) -> Int? { string(name).flatMap { Int($0) } }
    func bool(_ name: String) -> Bool {
        guard let value = string(name) else { return false }
        return value == "true" || value == "1" || value.isEmpty
    }
}
