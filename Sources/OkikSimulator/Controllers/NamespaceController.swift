/// The namespace lifecycle: a new namespace is Active (the API server's defaulting does that) and gets its
/// `default` ServiceAccount; deleting one removes its contents (the store does that), and the runtime forgets them
/// as their DELETED changes arrive.
enum NamespaceController {
    static func reconcile(_ name: String, in state: inout ClusterState) {
        guard state.namespaces.contains(name) else { return }
        state.markWrite(.namespace, "/\(name)")
    }
}
