import Foundation

/// Splits a chunked body into newline-delimited JSON lines without copying what was already consumed.
struct LineBuffer {
    private var bytes: [UInt8] = []
    private var start = 0
    /// Largest line accepted; a longer one means a broken or hostile stream.
    let maxLineBytes: Int

    init(maxLineBytes: Int = 64 * 1024 * 1024) {
        self.maxLineBytes = maxLineBytes
    }

    mutating func append(_ chunk: some Sequence<UInt8>) {
        if start > 0 && start >= bytes.count / 2 {
            bytes.removeSubrange(0..<start)
            start = 0
        }
        bytes.append(contentsOf: chunk)
    }

    /// The next complete line (without the newline), or nil when none is complete yet.
    mutating func nextLine() throws -> ArraySlice<UInt8>? {
        guard let newline = bytes[start...].firstIndex(of: 10) else {
            if bytes.count - start > maxLineBytes {
                throw KubeError(code: .decoding, message: "watch stream line longer than \(maxLineBytes) bytes")
            }
            return nil
        }
        let line = bytes[start..<newline]
        start = newline + 1
        return line
    }

    /// What is left after the last newline (a stream that ended mid-line).
    var remainder: ArraySlice<UInt8> { bytes[start...] }
}

/// One decoded watch line: the event type with a typed object, a bookmark version, or an error Status.
struct WatchLine<R: KubernetesResource>: Decodable {
    enum Payload {
        case object(R)
        case bookmark(String)
        case error(Status)
    }
    let type: String
    let payload: Payload

    private enum Keys: String, CodingKey { case type, object }
    private struct BookmarkObject: Decodable {
        struct Meta: Decodable { var resourceVersion: String? }
        var metadata: Meta?
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        type = try container.decode(String.self, forKey: .type)
        switch type {
        case "ADDED", "MODIFIED", "DELETED":
            payload = .object(try container.decode(R.self, forKey: .object))
        case "BOOKMARK":
            let object = try container.decode(BookmarkObject.self, forKey: .object)
            payload = .bookmark(object.metadata?.resourceVersion ?? "")
        case "ERROR":
            payload = .error(try container.decode(Status.self, forKey: .object))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .type, in: container, debugDescription: "unknown watch event type \"\(type)\"")
        }
    }
}

/// The identity of a watch event's object, read when the object itself cannot be decoded.
struct WatchIdentityLine: Decodable {
    struct Object: Decodable {
        struct Metadata: Decodable {
            var name: String?
            var namespace: String?
            var resourceVersion: String?
        }
        var metadata: Metadata?
    }
    var type: String
    var object: Object?
}
