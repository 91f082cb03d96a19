import ArgumentParser
import Foundation
import Yams

/// `-o table|json|yaml`.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, yaml

    /// Encodes a value as JSON (sorted keys, pretty) or YAML.
    func encode<T: Encodable>(_ value: T) throws -> String {
        switch self {
        case .json, .table:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            encoder.dateEncodingStrategy = .iso8601
            return String(decoding: try encoder.encode(value), as: UTF8.self)
        case .yaml:
            let encoder = YAMLEncoder()
            encoder.options.sortKeys = true
            return try encoder.encode(value)
        }
    }
}
