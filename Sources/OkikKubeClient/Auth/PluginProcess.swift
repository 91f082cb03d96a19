import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs a credential plugin as a child process under a deadline, and makes sure nothing it started outlives it.
///
/// - The child is spawned with `posix_spawn` in a process group of its own (`POSIX_SPAWN_SETPGROUP`), with an empty
///   signal mask and every signal at its default disposition (`POSIX_SPAWN_SETSIGMASK`, `POSIX_SPAWN_SETSIGDEF`), so
///   a SIGTERM that OKIK ignores or blocks (ServiceLifecycle ignores it to handle it itself) still stops the plugin.
/// - Standard input is `/dev/null`; standard output and error are pipes read with `poll` on a dedicated thread,
///   never on the cooperative pool, and every wait has a deadline: a grandchild that keeps the pipe open cannot
///   block the read.
/// - On timeout or cancellation the whole group gets SIGTERM, then SIGKILL after `grace`. When the plugin exits but
///   something it started keeps its output open for longer than `grace`, that group is stopped the same way.
/// - The exited child is observed with `waitid(WNOWAIT)` and reaped only after the group has been signalled, so its
///   process id (which is also the group id) cannot be reused by an unrelated process in between.
enum PluginProcess {
    /// How a run ended.
    struct Outcome: Sendable {
        /// How the process ended.
        enum Termination: Sendable, Hashable {
            /// It exited with this status.
            case exited(Int32)
            /// A signal ended it.
            case signaled(Int32)
        }

        /// The plugin's process id (also its process group id).
        var processID: pid_t
        /// How it ended; `nil` when it could not be reaped even after SIGKILL.
        var termination: Termination?
        /// What it printed on standard output (at most ``maxOutputBytes``).
        var standardOutput: [UInt8]
        /// What it printed on standard error (at most ``maxErrorBytes``).
        var standardError: [UInt8]
        /// It was still running at the deadline and was stopped.
        var timedOut: Bool
        /// It exited, but a process it started kept its output open; that process group was stopped.
        var outputHeldOpen: Bool
        /// Standard output was longer than ``maxOutputBytes``; the rest was discarded.
        var outputTruncated: Bool
    }

    /// Standard output kept (a token or a certificate chain is a few kilobytes).
    static let maxOutputBytes = 4 * 1024 * 1024
    /// Standard error kept, for error messages.
    static let maxErrorBytes = 64 * 1024

    /// A failure to start the process (`posix_spawn` and friends), with the `errno` text.
    struct SpawnError: Error, CustomStringConvertible {
        var operation: String
        var code: Int32
        var description: String { "\(operation) failed: \(String(cString: strerror(code)))" }
    }

    /// Runs `executable` and returns once it has ended and its output has been read, or the deadline has passed and
    /// its group has been stopped.
    /// - Parameters:
    ///   - executable: an absolute or relative path (no `PATH` search).
    ///   - arguments: the arguments after the program name.
    ///   - environment: the complete environment of the child.
    ///   - timeout: the longest the plugin may run.
    ///   - grace: how long SIGTERM is given before SIGKILL, and how long output may stay open after the plugin exits.
    /// - Throws: ``SpawnError`` when the process cannot be started; `CancellationError` when the task is cancelled
    ///   (the group is stopped first).
    static func run(
        executable: String, arguments: [String], environment: [String: String], timeout: Duration, grace: Duration
    ) async throws -> Outcome {
        let wakeup = try Wakeup()
        var run: Run?
        var attempt = 0
        while run == nil {
            do {
                run = try Run.spawn(
                    executable: executable, arguments: arguments, environment: environment, wakeup: wakeup)
            } catch let error as SpawnError where error.code == ETXTBSY && attempt < 5 {
                // The executable is open for writing somewhere: just installed, or (often) a process being spawned
                // by another thread still holds a descriptor of a file that thread was writing. It passes quickly.
                attempt += 1
                do { try await Task.sleep(for: .milliseconds(20 * attempt)) } catch {
                    wakeup.finish()
                    wakeup.closeReadEnd()
                    throw error
                }
            } catch {
                wakeup.finish()
                wakeup.closeReadEnd()
                throw error
            }
        }
        guard let run else { throw CancellationError() }
        let outcome = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Outcome?, Never>) in
                // Both threads block (poll, waitid): they must not be threads of the cooperative pool.
                Thread.detachNewThread { [run] in
                    continuation.resume(returning: run.supervise(timeout: timeout, grace: grace))
                }
                Thread.detachNewThread { [run] in run.awaitExit() }
            }
        } onCancel: {
            _ = wakeup.signal(Wakeup.cancelled)
        }
        guard let outcome else { throw CancellationError() }
        return outcome
    }

    /// A self-pipe that wakes the supervising thread: the child exited, or the task was cancelled. Writes after
    /// ``finish()`` are refused, so no byte ever goes to a closed (and possibly reused) descriptor.
    final class Wakeup: @unchecked Sendable {
        static let exited: UInt8 = 0x78  // "x"
        static let cancelled: UInt8 = 0x63  // "c"

        let readEnd: Int32
        private let writeEnd: Int32
        private let lock = NSLock()
        private var finished = false

        init() throws {
            let ends = try makePipe()
            readEnd = ends.read
            writeEnd = ends.write
            _ = fcntl(readEnd, F_SETFL, fcntl(readEnd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(writeEnd, F_SETFL, fcntl(writeEnd, F_GETFL) | O_NONBLOCK)
        }

        /// Writes `byte`; returns false when the supervisor has already finished.
        func signal(_ byte: UInt8) -> Bool {
            lock.lock()
            defer { lock.unlock() }
            guard !finished else { return false }
            var value = byte
            _ = write(writeEnd, &value, 1)
            return true
        }

        /// Refuses further signals and closes the write end.
        func finish() {
            lock.lock()
            defer { lock.unlock() }
            guard !finished else { return }
            finished = true
            close(writeEnd)
        }

        /// Reads the bytes waiting in the pipe without blocking.
        func drain() -> [UInt8] {
            var bytes: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 16)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(readEnd, $0.baseAddress, $0.count) }
                if count > 0 {
                    bytes += buffer[0..<count]
                    continue
                }
                if count < 0 && errno == EINTR { continue }
                return bytes
            }
        }

        func closeReadEnd() { close(readEnd) }
    }

    /// One spawned plugin: its id and its pipes; the supervisor's state lives in ``supervise(timeout:grace:)``.
    final class Run: Sendable {
        let pid: pid_t
        private let wakeup: Wakeup
        private let stdoutFD: Int32
        private let stderrFD: Int32

        private init(pid: pid_t, wakeup: Wakeup, stdoutFD: Int32, stderrFD: Int32) {
            self.pid = pid
            self.wakeup = wakeup
            self.stdoutFD = stdoutFD
            self.stderrFD = stderrFD
        }

        static func spawn(
            executable: String, arguments: [String], environment: [String: String], wakeup: Wakeup
        ) throws -> Run {
            let (outRead, outWrite) = try makePipe()
            let errPipe: (Int32, Int32)
            do { errPipe = try makePipe() } catch {
                close(outRead)
                close(outWrite)
                throw error
            }
            let (errRead, errWrite) = errPipe
            defer {
                // The child has its own copies (or was never made); the parent keeps only the read ends.
                close(outWrite)
                close(errWrite)
            }
            do {
                let pid = try spawnProcess(
                    executable: executable, arguments: arguments, environment: environment, stdout: outWrite,
                    stderr: errWrite)
                return Run(pid: pid, wakeup: wakeup, stdoutFD: outRead, stderrFD: errRead)
            } catch {
                close(outRead)
                close(errRead)
                throw error
            }
        }

        /// Blocks until the child exits (without reaping it), then wakes the supervisor. If the supervisor has
        /// already given up, reaps the child itself so no zombie is left.
        func awaitExit() {
            var info = siginfo_t()
            while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) != 0 {
                if errno != EINTR { break }
            }
            if !wakeup.signal(Wakeup.exited) {
                var status: Int32 = 0
                while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            }
        }

        /// The supervisor's loop: read both pipes, watch the deadline, stop the group when needed, reap the child.
        /// Returns `nil` when the run was cancelled.
        func supervise(timeout: Duration, grace: Duration) -> Outcome? {
            let clock = ContinuousClock()
            let deadline = clock.now.advanced(by: timeout)
            var output: [UInt8] = []
            var errors: [UInt8] = []
            var outputOpen = true
            var errorsOpen = true
            var outputTruncated = false
            var exited = false
            var cancelled = false
            var timedOut = false
            var outputHeldOpen = false
            var drainDeadline: ContinuousClock.Instant?
            var termSentAt: ContinuousClock.Instant?
            var killSentAt: ContinuousClock.Instant?
            var buffer = [UInt8](repeating: 0, count: 64 * 1024)

            func stopGroup(_ signal: Int32) {
                // The group id is the child's pid; the unreaped child keeps that id from being reused.
                _ = kill(-pid, signal)
            }

            loop: while true {
                if exited && !outputOpen && !errorsOpen { break }
                let now = clock.now
                if termSentAt == nil {
                    if cancelled {
                        termSentAt = now
                    } else if !exited && now >= deadline {
                        timedOut = true
                        termSentAt = now
                    } else if exited, let drainDeadline, now >= drainDeadline {
                        outputHeldOpen = true
                        termSentAt = now
                    }
                    if termSentAt != nil { stopGroup(SIGTERM) }
                }
                if let termSentAt, killSentAt == nil, now >= termSentAt.advanced(by: grace) {
                    stopGroup(SIGKILL)
                    killSentAt = now
                }
                if let killSentAt, now >= killSentAt.advanced(by: grace) {
                    // SIGKILL was sent a while ago: whatever still holds the pipes escaped the group. Stop reading.
                    if exited || now >= killSentAt.advanced(by: grace * 4) { break loop }
                }

                var wakeAt: ContinuousClock.Instant
                if let killSentAt {
                    wakeAt = killSentAt.advanced(by: grace)
                } else if let termSentAt {
                    wakeAt = termSentAt.advanced(by: grace)
                } else if let drainDeadline {
                    wakeAt = drainDeadline
                } else {
                    wakeAt = deadline
                }
                if wakeAt < now { wakeAt = now.advanced(by: .milliseconds(50)) }
                let milliseconds = Int32(clamping: max(1, now.duration(to: wakeAt).roundedUpMilliseconds))

                var fds: [pollfd] = [pollfd(fd: wakeup.readEnd, events: Int16(POLLIN), revents: 0)]
                if outputOpen { fds.append(pollfd(fd: stdoutFD, events: Int16(POLLIN), revents: 0)) }
                if errorsOpen { fds.append(pollfd(fd: stderrFD, events: Int16(POLLIN), revents: 0)) }
                let ready = poll(&fds, nfds_t(fds.count), milliseconds)
                if ready < 0 {
                    if errno == EINTR { continue }
                    break loop
                }
                for entry in fds where entry.revents != 0 {
                    if entry.fd == wakeup.readEnd {
                        for byte in wakeup.drain() {
                            if byte == Wakeup.exited, !exited {
                                exited = true
                                drainDeadline = clock.now.advanced(by: grace)
                            }
                            if byte == Wakeup.cancelled { cancelled = true }
                        }
                        continue
                    }
                    let count = buffer.withUnsafeMutableBytes { read(entry.fd, $0.baseAddress, $0.count) }
                    if count < 0 && (errno == EINTR || errno == EAGAIN) { continue }
                    if count <= 0 {
                        if entry.fd == stdoutFD { outputOpen = false } else { errorsOpen = false }
                        continue
                    }
                    if entry.fd == stdoutFD {
                        let room = PluginProcess.maxOutputBytes - output.count
                        if count > room { outputTruncated = true }
                        output += buffer[0..<min(count, max(room, 0))]
                    } else {
                        let room = PluginProcess.maxErrorBytes - errors.count
                        errors += buffer[0..<min(count, max(room, 0))]
                    }
                }
            }

            wakeup.finish()
            // A child that exited just as the loop ended has its byte in the pipe: it must be reaped here.
            if wakeup.drain().contains(Wakeup.exited) { exited = true }
            wakeup.closeReadEnd()
            close(stdoutFD)
            close(stderrFD)

            var termination: Outcome.Termination?
            if exited {
                var status: Int32 = 0
                var result: pid_t
                repeat { result = waitpid(pid, &status, 0) } while result < 0 && errno == EINTR
                if result == pid { termination = Self.termination(status) }
            }
            if cancelled { return nil }
            return Outcome(
                processID: pid, termination: termination, standardOutput: output, standardError: errors,
                timedOut: timedOut, outputHeldOpen: outputHeldOpen, outputTruncated: outputTruncated)
        }

        /// Decodes a `waitpid` status word (the `WIFEXITED`/`WTERMSIG` macros are not imported into Swift).
        static func termination(_ status: Int32) -> Outcome.Termination {
            let signal = status & 0x7f
            if signal == 0 { return .exited((status >> 8) & 0xff) }
            return .signaled(signal)
        }
    }
}

/// A pipe whose both ends are closed on exec (the child gets its copies through `dup2`).
///
/// `pipe2(O_CLOEXEC)` is not visible from Swift's Glibc module, so the flag is set right after: a process spawned by
/// another thread in between could inherit an end, which would only keep the pipe open, and reads have a deadline.
private func makePipe() throws -> (read: Int32, write: Int32) {
    var fds: [Int32] = [-1, -1]
    guard pipe(&fds) == 0 else { throw PluginProcess.SpawnError(operation: "pipe", code: errno) }
    _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
    _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
    return (fds[0], fds[1])
}

/// `posix_spawn` with stdin from `/dev/null`, the given stdout and stderr, no other descriptor, a new process group,
/// an empty signal mask and default dispositions for every signal. (glibc sets its two internal signals, 32 and 33,
/// to "ignore" in every spawned child; applications cannot use them.)
private func spawnProcess(
    executable: String, arguments: [String], environment: [String: String], stdout: Int32, stderr: Int32
) throws -> pid_t {
    #if canImport(Darwin)
    var actions: posix_spawn_file_actions_t?
    var attributes: posix_spawnattr_t?
    #else
    var actions = posix_spawn_file_actions_t()
    var attributes = posix_spawnattr_t()
    #endif
    var rc = posix_spawn_file_actions_init(&actions)
    guard rc == 0 else { throw PluginProcess.SpawnError(operation: "posix_spawn_file_actions_init", code: rc) }
    defer { posix_spawn_file_actions_destroy(&actions) }
    rc = posix_spawnattr_init(&attributes)
    guard rc == 0 else { throw PluginProcess.SpawnError(operation: "posix_spawnattr_init", code: rc) }
    defer { posix_spawnattr_destroy(&attributes) }

    func check(_ rc: Int32, _ operation: String) throws {
        if rc != 0 { throw PluginProcess.SpawnError(operation: operation, code: rc) }
    }
    try check(posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0), "redirecting stdin")
    try check(posix_spawn_file_actions_adddup2(&actions, stdout, 1), "redirecting stdout")
    try check(posix_spawn_file_actions_adddup2(&actions, stderr, 2), "redirecting stderr")
    // Nothing else of OKIK's goes to the plugin: descriptors opened without close-on-exec (Foundation writes files
    // that way) would otherwise stay open in it and in whatever it leaves running.
    var flags = Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)
    #if canImport(Darwin)
    flags |= Int16(POSIX_SPAWN_CLOEXEC_DEFAULT)
    #else
    if let closeFrom = addCloseFrom {
        try check(closeFrom(&actions, 3), "posix_spawn_file_actions_addclosefrom_np")
    }
    #endif

    var noSignals = sigset_t()
    sigemptyset(&noSignals)
    var allSignals = sigset_t()
    sigfillset(&allSignals)
    // SIGKILL and SIGSTOP cannot be caught or ignored; naming them makes posix_spawn fail on some systems.
    sigdelset(&allSignals, SIGKILL)
    sigdelset(&allSignals, SIGSTOP)
    try check(posix_spawnattr_setsigmask(&attributes, &noSignals), "posix_spawnattr_setsigmask")
    try check(posix_spawnattr_setsigdefault(&attributes, &allSignals), "posix_spawnattr_setsigdefault")
    try check(posix_spawnattr_setpgroup(&attributes, 0), "posix_spawnattr_setpgroup")
    try check(posix_spawnattr_setflags(&attributes, flags), "posix_spawnattr_setflags")

    let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
    let envp: [UnsafeMutablePointer<CChar>?] =
        environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
        for pointer in argv { free(pointer) }
        for pointer in envp { free(pointer) }
    }
    var pid: pid_t = 0
    rc = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
    guard rc == 0 else { throw PluginProcess.SpawnError(operation: "posix_spawn", code: rc) }
    return pid
}

#if !canImport(Darwin)
/// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34 and later), looked up at run time: it is declared only
/// for `_GNU_SOURCE`, which Swift's Glibc module does not define. `nil` on an older C library, where the plugin
/// then inherits descriptors that lack close-on-exec.
private let addCloseFrom: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32)? = {
    guard let handle = dlopen(nil, RTLD_NOW),
        let symbol = dlsym(handle, "posix_spawn_file_actions_addclosefrom_np")
    else { return nil }
    return unsafeBitCast(
        symbol, to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32).self)
}()
#endif

extension Duration {
    /// The duration in milliseconds, rounded up, for `poll`.
    fileprivate var roundedUpMilliseconds: Int64 {
        let (seconds, attoseconds) = components
        let perMillisecond: Int64 = 1_000_000_000_000_000
        return seconds * 1000 + (attoseconds + perMillisecond - 1) / perMillisecond
    }
}
