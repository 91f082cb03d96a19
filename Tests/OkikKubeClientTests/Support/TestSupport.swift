import Foundation
import Logging
import OkikKubeClient
import OkikSimulator
import OkikTesting

/// A logger for tests: warnings and errors only.
let testLogger: Logger = {
    var logger = Logger(label: "okik.test")
    logger.logLevel = .warning
    return logger
}()

/// Client settings for tests: short backoffs so retries do not slow the suite.
let fastRetries = KubeClientConfiguration(
    retry: .init(maxAttempts: 4, initialBackoff: .milliseconds(5), maxBackoff: .milliseconds(50)))

/// A temporary directory removed when the value is released.
final class TemporaryDirectory: @unchecked Sendable {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "okik-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Writes a file and returns its path.
    @discardableResult
    func write(_ name: String, _ contents: String, executable: Bool = false) throws -> String {
        let file = path + "/" + name
        try FileManager.default.createDirectory(
            atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try contents.write(toFile: file, atomically: true, encoding: .utf8)
        if executable { try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: file) }
        return file
    }

    func read(_ name: String) throws -> String {
        try String(contentsOfFile: path + "/" + name, encoding: .utf8)
    }
}

/// Runs a command and returns its output; throws when it exits non-zero. Waits on a dedicated thread, never on the
/// cooperative pool or a Dispatch worker (on Linux they are the same threads, and the in-process server needs them).
@discardableResult
func run(_ executable: String, _ arguments: [String], in directory: String? = nil) async throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    let output = Pipe()
    process.standardOutput = output
    process.standardError = output
    let data: Data = try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread {
            do {
                try process.run()
                let data = FileDescriptorReader.readToEnd(output.fileHandleForReading)
                process.waitUntilExit()
                continuation.resume(returning: data)
            } catch {
                continuation.resume(throwing: error)
            }
        }
    }
    let text = String(decoding: data, as: UTF8.self)
    guard process.terminationStatus == 0 else {
        throw TestFailure("\(executable) \(arguments.joined(separator: " ")) failed: \(text)")
    }
    return text
}

/// Locates a tool on PATH.
func which(_ tool: String) -> String? {
    for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
        let path = "\(directory)/\(tool)"
        if FileManager.default.isExecutableFile(atPath: path) { return path }
    }
    return nil
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A minimal ConfigMap object for write tests.
func configMap(_ name: String, namespace: String = "default", data: [String: String] = [:], labels: [String: String]? = nil) -> ConfigMap {
    ConfigMap(metadata: ObjectMeta(name: name, namespace: namespace, labels: labels), data: data)
}
