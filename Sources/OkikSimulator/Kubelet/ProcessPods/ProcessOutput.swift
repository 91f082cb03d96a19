import Foundation

/// Copies a process's output into its container log, line by line, on a thread of its own (reads block).
enum ProcessOutput {
    /// Reads `handle` until end of file, appending each line to the log of `key`.
    static func pump(_ handle: FileHandle, to logs: PodLogStore, key: PodLogStore.Key) {
        let reader = Reader(handle: handle)
        Thread.detachNewThread {
            var buffer: [UInt8] = []
            while true {
                let chunk = FileDescriptorReader.readChunk(reader.handle)
                if chunk.isEmpty { break }
                buffer.append(contentsOf: chunk)
                var lines: [String] = []
                while let newline = buffer.firstIndex(of: 10) {
                    lines.append(String(decoding: buffer[..<newline], as: UTF8.self))
                    buffer.removeSubrange(...newline)
                }
                if !lines.isEmpty { logs.append(lines, to: key) }
            }
            if !buffer.isEmpty { logs.append([String(decoding: buffer, as: UTF8.self)], to: key) }
            try? reader.handle.close()
        }
    }

    /// A pipe's reading end, read by one thread only.
    private struct Reader: @unchecked Sendable {
        let handle: FileHandle
    }
}
