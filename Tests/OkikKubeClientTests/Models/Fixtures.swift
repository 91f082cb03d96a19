import Foundation
import OkikKubeClient
import Testing

/// Loads JSON fixtures from `Fixtures/<group>/<kind>/N.json` in the test bundle.
enum Fixtures {
    /// The raw bytes of a fixture.
    static func data(_ path: String) throws -> Data {
        let root = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        return try Data(contentsOf: root.appendingPathComponent(path))
    }

    /// A fixture decoded as `T`.
    static func decode<T: Decodable>(_ type: T.Type, _ path: String) throws -> T {
        try JSONDecoder().decode(T.self, from: data(path))
    }

    /// Encodes a value and decodes it again.
    static func roundTrip<T: Codable>(_ value: T) throws -> T {
        try JSONDecoder().decode(T.self, from: JSONEncoder().encode(value))
    }
}
