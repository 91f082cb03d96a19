import Synchronization

/// Something a request holds (a follower slot, a chat session's turn) and gives back exactly once: when the response
/// is done with it, or, when its body never ran (the client left before the response head was written), when the
/// response is dropped.
final class Lease: Sendable {
    private let giveBack: Mutex<(@Sendable () -> Void)?>

    init(_ giveBack: @escaping @Sendable () -> Void) {
        self.giveBack = Mutex(giveBack)
    }

    /// Gives it back (only the first call does anything).
    func release() {
        let action = giveBack.withLock { action in
            defer { action = nil }
            return action
        }
        action?()
    }

    deinit { release() }
}
