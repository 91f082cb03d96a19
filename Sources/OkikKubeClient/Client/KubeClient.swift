import Foundation
import Logging

/// A client of one Kubernetes cluster: typed resource clients, discovery, and the transport underneath.
///
/// ```swift
/// try await KubeClient.withClient(config: try KubeConfig.loadDefault(), logger: logger) { client in
///     let pods = try await client.namespaced(Pod.self, in: .allNamespaces).list()
///     for pod in pods.items { print(pod.name) }
/// }
/// ```
/// A client must be shut down with ``shutdown()``; ``withClient(config:context:namespace:configuration:logger:_:)``
/// does it for you.
public final class KubeClient: Sendable {
    /// The transport (HTTP, TLS, credentials, retries).
    public let transport: KubeTransport
    /// The default namespace of the context.
    public let defaultNamespace: String
    let logger: Logger

    /// Creates a client for a resolved context.
    /// - Throws: ``KubeConfigError`` when TLS material or the server URL cannot be used.
    public init(context: ResolvedContext, configuration: KubeClientConfiguration = .default, logger: Logger) throws {
        self.transport = try KubeTransport(context: context, configuration: configuration, logger: logger)
        self.defaultNamespace = context.namespace
        self.logger = logger
    }

    private init(transport: KubeTransport, defaultNamespace: String, logger: Logger) {
        self.transport = transport
        self.defaultNamespace = defaultNamespace
        self.logger = logger
    }

    /// A client over the same connections that refuses, at the transport, every write that is not a server-side dry
    /// run (`dryRun=All`), whatever the caller does: what OKIK hands a tool during an approval preview.
    public func dryRunOnly() -> KubeClient {
        KubeClient(transport: transport.limitedToDryRuns(), defaultNamespace: defaultNamespace, logger: logger)
    }

    /// Creates a client for a context of a kubeconfig (the current context by default).
    /// - Throws: ``KubeConfigError`` naming the file, context and field at fault.
    public convenience init(
        config: KubeConfig, context: String? = nil, namespace: String? = nil,
        configuration: KubeClientConfiguration = .default, logger: Logger
    ) throws {
        try self.init(
            context: try config.resolve(context: context, namespace: namespace), configuration: configuration,
            logger: logger)
    }

    /// Runs `body` with a client and shuts the client down afterwards, also when `body` throws.
    public static func withClient<T>(
        config: KubeConfig, context: String? = nil, namespace: String? = nil,
        configuration: KubeClientConfiguration = .default, logger: Logger,
        isolation: isolated (any Actor)? = #isolation,
        _ body: (KubeClient) async throws -> T
    ) async throws -> T {
        let client = try KubeClient(
            config: config, context: context, namespace: namespace, configuration: configuration, logger: logger)
        do {
            let result = try await body(client)
            try await client.shutdown()
            return result
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    /// Shuts down the HTTP connections.
    public func shutdown() async throws {
        try await transport.shutdown()
    }

    /// A client for a namespaced kind, in one namespace, the context's default, or all namespaces.
    public func namespaced<R: NamespacedResource>(_ type: R.Type, in namespace: NamespaceSelector = .contextDefault)
        -> ResourceClient<R>
    {
        let name: String?
        switch namespace {
        case .contextDefault: name = defaultNamespace
        case .named(let value): name = value
        case .allNamespaces: name = nil
        }
        return ResourceClient(client: self, namespace: name)
    }

    /// A client for a cluster-scoped kind (Node, Namespace, PersistentVolume, ...).
    public func clusterScoped<R: ClusterScopedResource>(_ type: R.Type) -> ResourceClient<R> {
        ResourceClient(client: self, namespace: nil)
    }

    /// A client for any kind, addressed by group/version/resource, with untyped objects.
    public func dynamic(_ resource: GroupVersionResource, namespaced: Bool, in namespace: NamespaceSelector = .contextDefault)
        -> DynamicResourceClient
    {
        var name: String?
        if namespaced {
            switch namespace {
            case .contextDefault: name = defaultNamespace
            case .named(let value): name = value
            case .allNamespaces: name = nil
            }
        }
        return DynamicResourceClient(client: self, resource: resource, namespaced: namespaced, namespace: name)
    }

    /// Sends a raw request (for paths the typed clients do not cover).
    /// - Throws: ``KubeError``.
    public func send(_ request: KubeRequest) async throws -> KubeResponse {
        try await transport.send(request)
    }

    /// Sends a raw request and decodes the JSON response (lists item by item, large ones on several cores).
    func sendDecoding<T: Decodable>(_ request: KubeRequest, as type: T.Type = T.self) async throws -> T {
        let response = try await transport.send(request)
        if let listType = T.self as? any ItemwiseDecodable.Type {
            do {
                if let list = try await listType.decodeItemwise(from: response.body) as? T { return list }
            } catch let error as DecodingError {
                throw Self.decodingError(error, of: T.self, request: request)
            }
        }
        return try Self.decode(T.self, from: response.body, request: request)
    }

    /// Sends a list request and reads only the envelope (metadata, continue token) and where each item is; the
    /// items are decoded later with ``decodeItems(_:of:firstIndex:)``, so the next page can be fetched meanwhile.
    func sendListPage<Item: Decodable & Sendable>(_ request: KubeRequest, of type: Item.Type) async throws -> ListPage {
        let response = try await transport.send(request)
        do {
            let layout = try response.body.withUnsafeBufferPointer { try ListDecoder.scan($0) }
            return ListPage(request: request, body: response.body, layout: layout)
        } catch let error as DecodingError {
            throw Self.decodingError(error, of: ResourceList<Item>.self, request: request)
        }
    }

    /// Decodes the items of a page read by ``sendListPage(_:of:)``; `firstIndex` is the list index of its first item.
    static func decodeItems<Item: Decodable & Sendable>(_ page: ListPage, of type: Item.Type, firstIndex: Int) throws -> [Item] {
        do {
            return try page.body.withUnsafeBufferPointer {
                try ListDecoder.decodeItems(Item.self, ranges: page.layout.items[...], from: $0, firstIndex: firstIndex)
            }
        } catch let error as DecodingError {
            throw decodingError(error, of: ResourceList<Item>.self, request: page.request)
        }
    }

    /// Decodes the items of a page read by ``sendListPage(_:of:)`` one by one, keeping those that decode and
    /// recording the others (see ``ListDecoder/decodeItemsLeniently(_:ranges:from:firstIndex:)``).
    static func decodeItemsLeniently<R: KubernetesResource>(_ page: ListPage, of type: R.Type, firstIndex: Int)
        -> (items: [R], skipped: [UndecodableItem])
    {
        let (items, failures) = page.body.withUnsafeBufferPointer {
            ListDecoder.decodeItemsLeniently(R.self, ranges: page.layout.items[...], from: $0, firstIndex: firstIndex)
        }
        let kind = R.groupVersionKind.kind
        let namespaced = R.scope == .namespaced
        return (items, failures.map {
            UndecodableItem(
                kind: kind, namespace: namespaced ? $0.namespace : nil, name: $0.name, index: $0.index, error: $0.error)
        })
    }

    static func decode<T: Decodable>(_ type: T.Type, from body: [UInt8], request: KubeRequest) throws -> T {
        do {
            return try JSONValue.decode(T.self, fromJSON: body)
        } catch let error as DecodingError {
            throw decodingError(error, of: T.self, request: request)
        } catch let error as JSONParseError {
            throw KubeError(
                code: .decoding,
                message: "cannot decode the response of \(request.method) \(request.path) as \(T.self): \(error)",
                underlying: error)
        }
    }

    private static func decodingError<T>(_ error: DecodingError, of type: T.Type, request: KubeRequest) -> KubeError {
        KubeError(
            code: .decoding,
            message: "cannot decode the response of \(request.method) \(request.path) as \(T.self): \(Self.describe(error))",
            underlying: error)
    }

    static func describe(_ error: DecodingError) -> String {
        "\(error.fieldPath): \(error.reason)"
    }
}

/// Which namespace a namespaced client addresses.
public enum NamespaceSelector: Sendable, Hashable {
    /// The namespace of the kubeconfig context (`default` when it sets none).
    case contextDefault
    /// One named namespace.
    case named(String)
    /// Every namespace (lists and watches only).
    case allNamespaces
}
