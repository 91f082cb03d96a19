extension JSONValue {
    /// Compact JSON bytes, written directly (no `Codable` round trip); keys sorted by default (in UTF-8 byte order,
    /// as Go's encoding/json sorts them) so equal values give equal bytes. Non-finite doubles, which JSON cannot
    /// carry, are written as `null`. The array has the exact size of the text.
    public func serializedBytes(sortedKeys: Bool = true) -> [UInt8] {
        var writer = JSONWriter(sortedKeys: sortedKeys)
        writer.write(self)
        return writer.bytes()
    }
}

/// Writes JSON text the way `JSONEncoder` with `.withoutEscapingSlashes` does, much faster: into a buffer it owns
/// (appending to an array checked uniqueness and capacity per byte), sorting each object's keys on the stack. It
/// cannot be copied, so the buffer has one owner and is freed with it.
struct JSONWriter: ~Copyable {
    private var buffer: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var count = 0
    let sortedKeys: Bool

    init(sortedKeys: Bool, capacity: Int = 2048) {
        self.sortedKeys = sortedKeys
        self.capacity = capacity
        buffer = .allocate(capacity: capacity)
    }

    deinit {
        buffer.deallocate()
    }

    /// The bytes written, in an array of their exact size.
    func bytes() -> [UInt8] {
        Array(UnsafeBufferPointer(start: buffer, count: count))
    }

    mutating func write(_ value: JSONValue) {
        switch value {
        case .null: append("null")
        case .bool(let flag): append(flag ? "true" : "false")
        case .int(let number): writeInt(number)
        case .double(let number): writeDouble(number)
        case .string(let text): writeString(text)
        case .array(let items):
            append(UInt8(ascii: "["))
            var first = true
            for item in items {
                if !first { append(UInt8(ascii: ",")) }
                first = false
                write(item)
            }
            append(UInt8(ascii: "]"))
        case .object(let members):
            append(UInt8(ascii: "{"))
            if sortedKeys && members.count > 1 {
                writeSorted(members)
            } else {
                var first = true
                for (key, member) in members {
                    if !first { append(UInt8(ascii: ",")) }
                    first = false
                    writeMember(key, member)
                }
            }
            append(UInt8(ascii: "}"))
        }
    }

    /// One entry of the sort: a key's first eight bytes as a number (so most comparisons are one integer compare),
    /// and where the member is.
    private struct SortEntry {
        var prefix: UInt64
        var index: Dictionary<String, JSONValue>.Index
    }

    /// Members in key order (UTF-8 byte order), sorted in place in a buffer on the stack (objects are small; the
    /// standard sort does insertion sort on a few members and stays fast on many).
    private mutating func writeSorted(_ members: [String: JSONValue]) {
        let keys = members.keys
        withUnsafeTemporaryAllocation(of: SortEntry.self, capacity: members.count) { buffer in
            var count = 0
            var index = members.startIndex
            while index != members.endIndex {
                buffer.initializeElement(at: count, to: SortEntry(prefix: Self.prefix(keys[index]), index: index))
                count += 1
                members.formIndex(after: &index)
            }
            var order = UnsafeMutableBufferPointer(rebasing: buffer[0..<count])
            order.sort { Self.precedes($0, $1, keys) }
            for position in 0..<count {
                if position > 0 { append(UInt8(ascii: ",")) }
                let (key, member) = members[order[position].index]
                writeMember(key, member)
            }
            order.deinitialize()
        }
    }

    private static func precedes(
        _ left: SortEntry, _ right: SortEntry, _ keys: Dictionary<String, JSONValue>.Keys
    ) -> Bool {
        if left.prefix != right.prefix { return left.prefix < right.prefix }
        var leftKey = keys[left.index]
        var rightKey = keys[right.index]
        return leftKey.withUTF8 { leftBytes in
            rightKey.withUTF8 { rightBytes in leftBytes.lexicographicallyPrecedes(rightBytes) }
        }
    }

    /// The first eight UTF-8 bytes of a key, big-endian, zero-padded.
    private static func prefix(_ key: String) -> UInt64 {
        var key = key
        return key.withUTF8 { utf8 in
            guard let base = utf8.baseAddress else { return 0 }
            if utf8.count >= 8 { return UInt64(bigEndian: UnsafeRawPointer(base).loadUnaligned(as: UInt64.self)) }
            var value: UInt64 = 0
            for index in 0..<utf8.count { value |= UInt64(utf8[index]) << (56 - 8 * UInt64(index)) }
            return value
        }
    }

    private mutating func writeMember(_ key: String, _ member: JSONValue) {
        writeString(key)
        append(UInt8(ascii: ":"))
        write(member)
    }

    private mutating func reserve(_ extra: Int) {
        guard count + extra > capacity else { return }
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: max(capacity * 2, count + extra))
        grown.update(from: buffer, count: count)
        buffer.deallocate()
        buffer = grown
        capacity = max(capacity * 2, count + extra)
    }

    private mutating func append(_ byte: UInt8) {
        reserve(1)
        buffer[count] = byte
        count += 1
    }

    private mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        reserve(bytes.count)
        (buffer + count).update(from: base, count: bytes.count)
        count += bytes.count
    }

    private mutating func append(_ literal: StaticString) {
        literal.withUTF8Buffer { append($0) }
    }

    private mutating func writeInt(_ number: Int) {
        reserve(20)
        if number < 0 {
            buffer[count] = UInt8(ascii: "-")
            count += 1
        }
        var magnitude = number.magnitude
        let start = count
        repeat {
            buffer[count] = UInt8(truncatingIfNeeded: 48 + magnitude % 10)
            count += 1
            magnitude /= 10
        } while magnitude > 0
        var digits = UnsafeMutableBufferPointer(start: buffer + start, count: count - start)
        digits.reverse()
    }

    private mutating func writeDouble(_ number: Double) {
        guard number.isFinite else {
            append("null")
            return
        }
        if number == number.rounded(), abs(number) < 1e15 {
            writeInt(Int(number))
        } else {
            var text = number.description
            text.withUTF8 { append($0) }
        }
    }

    private static let hex: StaticString = "0123456789abcdef"

    private mutating func writeString(_ text: String) {
        append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            var start = 0
            for index in 0..<utf8.count {
                let byte = utf8[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                append(UnsafeBufferPointer(rebasing: utf8[start..<index]))
                start = index + 1
                escape(byte)
            }
            append(UnsafeBufferPointer(rebasing: utf8[start..<utf8.count]))
        }
        append(UInt8(ascii: "\""))
    }

    private mutating func escape(_ byte: UInt8) {
        switch byte {
        case UInt8(ascii: "\""): append("\\\"")
        case UInt8(ascii: "\\"): append("\\\\")
        case 0x0A: append("\\n")
        case 0x0D: append("\\r")
        case 0x09: append("\\t")
        case 0x08: append("\\b")
        case 0x0C: append("\\f")
        default:
            append("\\u00")
            Self.hex.withUTF8Buffer { digits in
                append(digits[Int(byte >> 4)])
                append(digits[Int(byte & 0xF)])
            }
        }
    }
}
