import Dispatch
import Synchronization

/// Frees values on a background thread. Dropping the rendered JSON trees of tens of thousands of objects took the
/// runtime's thread most of a second on a large start; handed over, that work overlaps with the next chunk.
enum BackgroundRelease {
    /// Takes the value (the caller must hold no other reference to its storage) and frees it elsewhere.
    static func release<Value: Sendable>(_ value: consuming Value) {
        let parcel = Parcel(value)
        DispatchQueue.global(qos: .utility).async { parcel.empty() }
    }

    private final class Parcel<Value: Sendable>: Sendable {
        private let content: Mutex<Value?>

        init(_ value: consuming Value) {
            content = Mutex(value)
        }

        /// Drops the value here, on the thread that calls this, whichever thread releases the parcel last.
        func empty() {
            let value = content.withLock { $0.take() }
            _ = consume value
        }
    }
}
