/// The runtime's view of one StorageClass.
struct SimStorageClass: Sendable {
    var name: String
    var provisioner: String
    var isDefault: Bool
    var waitForFirstConsumer: Bool
}
