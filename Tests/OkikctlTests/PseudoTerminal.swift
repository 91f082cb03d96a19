#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing

/// okikctl run on a pseudo-terminal, as a person at a terminal runs it: the test types and reads the screen.
final class PseudoTerminal: @unchecked Sendable {
    private let process = Process()
    private let master: Int32
    private let lock = NSLock()
    private var received = Data()

    /// Starts okikctl with `arguments` on a new pseudo-terminal.
    init(_ cli: CLI, _ arguments: [String]) throws {
        let binary = try #require(CLI.binary, "okikctl was not built")
        var master: Int32 = -1
        var slave: Int32 = -1
        guard openpty(&master, &slave, nil, nil, nil) == 0 else { throw POSIXError(.ENXIO) }
        self.master = master
        process.executableURL = binary
        process.arguments = arguments + (cli.kubeconfig.map { ["--kubeconfig", $0] } ?? [])
        var environment = ProcessInfo.processInfo.environment
        for name in ["KUBECONFIG", "OKIK_TOKEN", "NO_COLOR", "OPENAI_API_KEY", "ANTHROPIC_API_KEY"] { environment[name] = nil }
        environment["OKIK_HOME"] = cli.home
        environment["TERM"] = "xterm"
        process.environment = environment
        let handle = FileHandle(fileDescriptor: slave, closeOnDealloc: false)
        process.standardInput = handle
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        close(slave)
        let reader = master
        Thread.detachNewThread { [self] in
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = read(reader, &buffer, buffer.count)
                guard count > 0 else { break }
                lock.withLock { received.append(contentsOf: buffer[0..<count]) }
            }
        }
    }

    /// Everything the terminal showed so far.
    var screen: String { lock.withLock { String(decoding: received, as: UTF8.self) } }

    /// Types text (`\r` is Enter).
    func type(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { write(master, $0.baseAddress, bytes.count) }
    }

    /// Waits until the screen shows `text` after `position` (a length of ``screen`` taken before); false on timeout.
    func waitFor(_ text: String, after position: Int = 0, seconds: Double = 60) async throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let now = screen
            if now.count > position, now.dropFirst(position).contains(text) { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return false
    }

    /// Waits until the screen satisfies `condition`; false on timeout.
    func waitUntil(seconds: Double = 60, _ condition: (String) -> Bool) async throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition(screen) { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return false
    }

    /// Waits for the process to end; its status (-1 if it did not end in time, after killing it).
    func waitForExit(seconds: Double = 30) async throws -> Int32 {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < deadline { try await Task.sleep(for: .milliseconds(20)) }
        guard !process.isRunning else {
            process.terminate()
            return -1
        }
        return process.terminationStatus
    }

    deinit {
        if process.isRunning { process.terminate() }
        close(master)
    }
}
