import Foundation
import OkikKubeClient
import OkikYAML

/// Reads Kubernetes manifests: YAML or JSON files with several documents, `List` kinds expanded, from a file,
/// a directory (its `.yaml`, `.yml` and `.json` files in name order) or standard input (`-`).
public enum ManifestLoader {
    /// The manifests at `path` (a file, a directory, or `-` for standard input).
    /// - Throws: ``ManifestError`` naming the file and document that could not be read.
    public static func load(path: String) throws -> [Manifest] {
        if path == "-" {
            let data = FileDescriptorReader.readToEnd(FileHandle.standardInput)
            return try parse(String(decoding: data, as: UTF8.self), source: "STDIN")
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ManifestError(source: path, message: "no such file or directory")
        }
        let files: [String]
        if isDirectory.boolValue {
            let names = try FileManager.default.contentsOfDirectory(atPath: path)
            files = names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") || $0.hasSuffix(".json") }.sorted()
                .map { (path as NSString).appendingPathComponent($0) }
        } else {
            files = [path]
        }
        var manifests: [Manifest] = []
        for file in files {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw ManifestError(source: file, message: "cannot be read as UTF-8 text")
            }
            manifests += try parse(text, source: file)
        }
        return manifests
    }

    /// The objects of a YAML or JSON text: every non-empty document, with `List` items expanded.
    /// - Throws: ``ManifestError`` for unparsable documents or objects without apiVersion, kind or name.
    public static func parse(_ text: String, source: String) throws -> [Manifest] {
        var manifests: [Manifest] = []
        let documents: [Any?]
        do {
            documents = try SafeYAML.loadAll(text)
        } catch let error as SafeYAMLError {
            throw ManifestError(source: source, message: error.description)
        } catch {
            throw ManifestError(source: source, message: "invalid YAML: \(error)")
        }
        for (index, document) in documents.enumerated() {
            let label = documents.count > 1 ? "\(source)#\(index + 1)" : source
            let value: JSONValue
            do {
                value = try YAMLBridge.json(from: document)
            } catch {
                throw ManifestError(source: label, message: "unsupported YAML value")
            }
            if value == .null { continue }
            guard value.objectValue != nil else { throw ManifestError(source: label, message: "a document must be an object") }
            try append(value, source: label, to: &manifests)
        }
        return manifests
    }

    private static func append(_ value: JSONValue, source: String, to manifests: inout [Manifest]) throws {
        let kind = value["kind"]?.stringValue ?? ""
        if kind == "List" || (kind.hasSuffix("List") && value["items"]?.arrayValue != nil) {
            for (index, item) in (value["items"]?.arrayValue ?? []).enumerated() {
                try append(item, source: "\(source) items[\(index)]", to: &manifests)
            }
            return
        }
        let manifest = Manifest(object: value, source: source)
        if manifest.apiVersion.isEmpty { throw ManifestError(source: source, message: "apiVersion not set") }
        if manifest.kind.isEmpty { throw ManifestError(source: source, message: "kind not set") }
        if manifest.name.isEmpty { throw ManifestError(source: source, message: "metadata.name not set") }
        manifests.append(manifest)
    }
}

/// A manifest that cannot be read.
public struct ManifestError: Error, Sendable, CustomStringConvertible {
    /// The file (and document) at fault.
    public var source: String
    /// What is wrong.
    public var message: String

    public var description: String { "\(source): \(message)" }
}
