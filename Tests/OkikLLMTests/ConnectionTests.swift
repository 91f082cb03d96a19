import Foundation
import OkikLLM
import OkikTesting
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A port on 127.0.0.1 that refuses connections: a socket bound to it that never listens. It stays bound until
/// ``close()``, so no other test can take the number meanwhile (a port closed right after learning its number can be
/// reused by a server another test starts in parallel, which then answers instead of refusing).
final class RefusingPort {
    let port: Int
    private let fd: Int32

    init() throws {
        #if canImport(Glibc)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw POSIXError(.EBADF) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else {
            Self.closeSocket(fd)
            throw POSIXError(.EADDRINUSE)
        }
        self.fd = fd
        self.port = Int(UInt16(bigEndian: address.sin_port))
    }

    /// Releases the port.
    func close() { Self.closeSocket(fd) }

    private static func closeSocket(_ fd: Int32) {
        #if canImport(Glibc)
        _ = Glibc.close(fd)
        #else
        _ = Darwin.close(fd)
        #endif
    }
}

private let question = ChatRequest(messages: [.user("hi")])

@Suite("Connections and timeouts")
struct ConnectionTests {
    @Test("a refused connection is reported at once, naming the base URL, and not retried", arguments: Wire.allCases)
    func refused(_ wire: Wire) async throws {
        let refusing = try RefusingPort()
        defer { refusing.close() }
        let baseURL = "http://127.0.0.1:\(refusing.port)/v1"
        // The default retry policy (3 attempts) and the default HTTP client, as a program would use them.
        let configuration = LLMConfiguration(
            provider: wire == .anthropic ? .anthropic : .openAICompatible, model: "m", baseURL: baseURL,
            apiKey: APIKey(testKey))
        let model = try configuration.makeChatModel()
        for streaming in [false, true] {
            let started = ContinuousClock.now
            let failure: (any Error)?
            if streaming {
                failure = await collect(model.stream(question)).error
            } else {
                failure = await #expect(throws: LLMError.self) { try await model.respond(to: question) }
            }
            let elapsed = started.duration(to: .now)
            let error = try #require(failure as? LLMError)
            #expect(error == .connectionFailed)
            #expect(error.message?.contains(baseURL) == true, "\(error)")
            #expect(error.message?.contains("refused") == true, "\(error)")
            #expect(!error.isRetryable)
            // Under 2 s is the goal (it takes milliseconds); 10 s leaves room for a loaded machine.
            #expect(elapsed < .seconds(10), "reported after \(elapsed)")
            print("refused connection (\(wire.rawValue), streaming \(streaming)) reported after \(elapsed)")
        }
    }

    @Test("the configured read timeout governs a silent non-streamed reply, not the HTTP client's default")
    func readTimeoutGoverns() async throws {
        let reply = ScriptedReply.delayed(
            .milliseconds(1500),
            .reply(body: #"{"id":"c","model":"m","choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant","content":"ok"}}]}"#))
        try await ScriptedProviderServer.with([reply, reply]) { server in
            func model(read: Duration) throws -> any ChatModel {
                try LLMConfiguration(
                    provider: .openAICompatible, model: "m", baseURL: server.baseURL,
                    timeout: .init(request: .seconds(60), read: read), retry: .never
                ).makeChatModel()
            }
            let error = try await #require(throws: LLMError.self) {
                try await model(read: .milliseconds(300)).respond(to: question)
            }
            #expect(error == .timeout)
            #expect(error.message?.contains("0.3s") == true, "\(error)")
            #expect(error.message?.contains("OKIK_LLM_READ_TIMEOUT") == true, "\(error)")
            let answer = try await model(read: .seconds(30)).respond(to: question)
            #expect(answer.text == "ok")
        }
    }

    @Test("without a read timeout, the per-attempt timeout is also the longest silence allowed")
    func readTimeoutDefaultsToRequestTimeout() throws {
        let timeout = LLMConfiguration.Timeout(request: .seconds(300))
        #expect(timeout.read == nil)
        #expect(timeout.effectiveRead == .seconds(300))
        #expect(LLMConfiguration.Timeout.default.connect == .seconds(5))
    }

    @Test("OKIK_LLM_TIMEOUT, OKIK_LLM_READ_TIMEOUT and OKIK_LLM_CONNECT_TIMEOUT, and their file keys")
    func timeoutSettings() throws {
        let fromEnvironment = try LLMConfiguration.resolve(
            environment: [
                "OKIK_LLM_PROVIDER": "ollama", "OKIK_LLM_MODEL": "m", "OKIK_LLM_TIMEOUT": "300",
                "OKIK_LLM_CONNECT_TIMEOUT": "1.5",
            ])
        #expect(fromEnvironment.timeout.request == .seconds(300))
        #expect(fromEnvironment.timeout.effectiveRead == .seconds(300))
        #expect(fromEnvironment.timeout.connect == .milliseconds(1500))

        let withRead = try LLMConfiguration.resolve(
            environment: ["OKIK_LLM_PROVIDER": "ollama", "OKIK_LLM_MODEL": "m", "OKIK_LLM_READ_TIMEOUT": "120"])
        #expect(withRead.timeout.request == .seconds(600))
        #expect(withRead.timeout.read == .seconds(120))

        let file = try LLMConfiguration.overrides(
            fromYAML: "timeoutSeconds: 900\nreadTimeoutSeconds: 240\nconnectTimeoutSeconds: 2")
        #expect(file.timeoutSeconds == 900)
        #expect(file.readTimeoutSeconds == 240)
        #expect(file.connectTimeoutSeconds == 2)
        let fromFile = try LLMConfiguration.resolve(
            environment: ["OKIK_LLM_PROVIDER": "ollama", "OKIK_LLM_MODEL": "m"], overrides: file)
        #expect(fromFile.timeout == .init(request: .seconds(900), read: .seconds(240), connect: .seconds(2)))

        for bad in ["OKIK_LLM_READ_TIMEOUT", "OKIK_LLM_CONNECT_TIMEOUT"] {
            #expect(throws: LLMError.invalidConfiguration) {
                try LLMConfiguration.resolve(environment: [bad: "soon"])
            }
        }
    }

    @Test("a base URL whose port is not a TCP port is a configuration error, not a crash")
    func badPort() throws {
        for url in ["http://127.0.0.1:99999/v1", "http://127.0.0.1:0/v1", "http://:8080/v1"] {
            let error = try #require(throws: LLMError.self) {
                try LLMConfiguration(provider: .openAICompatible, model: "m", baseURL: url).validate()
            }
            #expect(error == .invalidConfiguration)
            #expect(error.message?.contains(url) == true, "\(error)")
        }
    }
}
