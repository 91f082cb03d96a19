import NIOCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reading transport failures the same way everywhere OKIK makes HTTP calls (the API server, okik-server).
public enum ConnectionFailure {
    /// True when `error` is, or holds a few levels down (NIO reports one failure per address tried), an `IOError`
    /// for `ECONNREFUSED`: nothing listens at the address.
    public static func isRefused(_ error: any Error) -> Bool {
        func holds(_ value: Any, depth: Int) -> Bool {
            if let ioError = value as? IOError { return ioError.errnoCode == ECONNREFUSED }
            guard depth < 4 else { return false }
            return Mirror(reflecting: value).children.contains { holds($0.value, depth: depth + 1) }
        }
        return holds(error, depth: 0)
    }
}
