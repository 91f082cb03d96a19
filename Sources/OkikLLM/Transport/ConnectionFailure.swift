import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Recognises connection failures in the errors AsyncHTTPClient passes up.
enum ConnectionFailure {
    /// True when `error` is, or holds, an `IOError` for `ECONNREFUSED`.
    ///
    /// NIO reports a failed connect as `NIOConnectionError` (one failure per address tried), which lives in NIOPosix,
    /// a module OkikLLM does not import; its failures are found by reflection, a few levels deep.
    static func isRefused(_ error: any Error) -> Bool {
        holdsRefusal(error, depth: 0)
    }

    private static func holdsRefusal(_ value: Any, depth: Int) -> Bool {
        if let ioError = value as? IOError { return ioError.errnoCode == ECONNREFUSED }
        guard depth < 4 else { return false }
        for child in Mirror(reflecting: value).children where holdsRefusal(child.value, depth: depth + 1) {
            return true
        }
        return false
    }
}
