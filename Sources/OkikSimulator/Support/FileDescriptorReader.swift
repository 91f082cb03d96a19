#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Blocking reads of a pipe or file that survive signals. Foundation's `availableData` and `readDataToEndOfFile()`
/// stop the process with a fatal error when `read(2)` is interrupted (`EINTR`), which happens whenever a child
/// process exits while another thread reads (SIGCHLD); these retry instead.
///
/// ```swift
/// let output = FileDescriptorReader.readToEnd(pipe.fileHandleForReading)
/// ```
public enum FileDescriptorReader {
    /// The next bytes available (at most `maximum`), waiting for some; empty at end of file or on a read error.
    public static func readChunk(_ handle: FileHandle, maximum: Int = 64 * 1024) -> Data {
        var buffer = [UInt8](repeating: 0, count: maximum)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(handle.fileDescriptor, $0.baseAddress, maximum) }
            if count >= 0 { return Data(buffer[..<count]) }
            if errno == EINTR || errno == EAGAIN { continue }
            return Data()
        }
    }

    /// Every byte until end of file (or until a read error other than an interruption).
    public static func readToEnd(_ handle: FileHandle) -> Data {
        var data = Data()
        while true {
            let chunk = readChunk(handle)
            if chunk.isEmpty { return data }
            data.append(chunk)
        }
    }
}
