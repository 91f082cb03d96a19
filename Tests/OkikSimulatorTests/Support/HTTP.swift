import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import OkikKubeClient
import OkikSimulator

/// A raw HTTP exchange with the simulator, for status codes and bodies exactly as sent.
struct HTTPResult: Sendable {
    var status: Int
    var body: String
    var headers: [(String, String)]

    var json: JSONValue { (try? JSONValue.parse(Data(body.utf8))) ?? .null }
    /// Newline-delimited JSON (watch streams).
    var lines: [JSONValue] {
        body.split(separator: "\n").compactMap { try? JSONValue.parse(Data($0.utf8)) }
    }
}

extension Simulator {
    /// Sends one request with AsyncHTTPClient's shared client.
    func http(
        _ method: String, _ path: String, body: String? = nil, contentType: String = "application/json",
        timeout: TimeAmount = .seconds(30)
    ) async throws -> HTTPResult {
        var request = HTTPClientRequest(url: serverURL + path)
        request.method = .RAW(value: method)
        if let body {
            request.headers.add(name: "Content-Type", value: contentType)
            request.body = .bytes(ByteBuffer(string: body))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: timeout)
        let buffer = try await response.body.collect(upTo: 64 * 1024 * 1024)
        return HTTPResult(
            status: Int(response.status.code), body: String(buffer: buffer),
            headers: response.headers.map { ($0.name, $0.value) })
    }

    /// Starts a quiet simulator, runs `body`, stops it.
    static func with<T>(
        _ configuration: SimulatorConfiguration = SimulatorConfiguration(), _ body: (Simulator) async throws -> T
    ) async throws -> T {
        let simulator = try await Simulator.start(configuration, logger: SimulatorFixture.quietLogger)
        do {
            let result = try await body(simulator)
            await simulator.stop()
            return result
        } catch {
            await simulator.stop()
            throw error
        }
    }
}
