import Foundation
import Yams

/// YAML parsing that refuses alias bombs ("billion laughs") before anything is expanded.
///
/// A YAML anchor (`&a`) names a node and an alias (`*a`) repeats it; nested aliases grow exponentially, so a
/// 700-byte document can stand for billions of nodes. Yams composes aliases by sharing, but turning the result into
/// Swift values, JSON or hashing a key expands every copy. Every YAML entry point of OKIK (kubeconfigs, manifests,
/// scenario files, the simulator's YAML request bodies, the LLM configuration file) parses through this type, which first works out, without
/// expanding anything, how many alias dereferences and how many extra nodes the document stands for, and throws
/// ``SafeYAMLError`` when that passes ``Limits``. Documents without aliases cost one extra scan of the text.
///
/// ```swift
/// let config = try SafeYAML.load(text)            // Any?, like Yams.load(yaml:)
/// let documents = try SafeYAML.loadAll(text)      // [Any?], like Yams.load_all(yaml:)
/// let root = try SafeYAML.compose(text)           // Yams.Node?, like Yams.compose(yaml:)
/// let settings = try SafeYAML.decode(Settings.self, from: text)   // like YAMLDecoder().decode(_:from:)
/// ```
///
/// How it works: every `*name` in the text is replaced by a placeholder scalar and the result is composed (it now
/// holds no aliases, so composing is linear). Walking that tree in document order gives each anchor's expanded size
/// and alias count, and so the whole document's, with saturating arithmetic. Only when both are within the limits is
/// the original text composed. A `*name` inside a quoted or block scalar also becomes a placeholder; it is counted
/// as an alias only when it stands alone as a plain scalar, and a placeholder inside a longer plain scalar is counted
/// too (an alias written right before `:` in a flow collection reads that way), which can only over-count.
public enum SafeYAML {
    /// How much alias expansion a document may ask for.
    public struct Limits: Sendable, Hashable {
        /// Alias dereferences in the fully expanded document, counting the aliases inside repeated anchors
        /// (default 10,000).
        public var maxAliasExpansions: Int
        /// Nodes that alias expansion adds to the document (default 1,000,000). Nodes written out literally are
        /// not counted: their number is bounded by the text's size.
        public var maxExpandedNodes: Int

        /// Creates limits.
        /// - Parameters:
        ///   - maxAliasExpansions: alias dereferences allowed in the expanded document.
        ///   - maxExpandedNodes: nodes alias expansion may add.
        public init(maxAliasExpansions: Int = 10_000, maxExpandedNodes: Int = 1_000_000) {
            self.maxAliasExpansions = maxAliasExpansions
            self.maxExpandedNodes = maxExpandedNodes
        }

        /// 10,000 alias expansions and 1,000,000 added nodes.
        public static let `default` = Limits()
    }

    /// Checks that expanding the aliases of every document in `yaml` stays within `limits`, without expanding them.
    /// - Throws: ``SafeYAMLError`` when a limit would be passed; Yams' `YamlError` when the text is not YAML.
    public static func check(_ yaml: String, limits: Limits = .default) throws {
        guard let rewritten = AliasPlaceholders(yaml) else { return }
        let parser = try Parser(yaml: rewritten.text)
        var analysis = ExpansionAnalysis(placeholders: rewritten, limits: limits)
        while let root = try parser.nextRoot() {
            _ = try analysis.visit(root)
        }
        withExtendedLifetime(parser) {}
    }

    /// The first document of `yaml` as a node tree (`Yams.compose(yaml:)`), after ``check(_:limits:)``.
    /// - Throws: ``SafeYAMLError``; Yams' `YamlError` when the text is not YAML or holds more than one document.
    public static func compose(_ yaml: String, limits: Limits = .default) throws -> Yams.Node? {
        try check(yaml, limits: limits)
        return try Yams.compose(yaml: yaml)
    }

    /// Every document of `yaml` as a node tree (`Yams.compose_all(yaml:)`), after ``check(_:limits:)``.
    /// - Throws: ``SafeYAMLError``; Yams' `YamlError` when the text is not YAML.
    public static func composeAll(_ yaml: String, limits: Limits = .default) throws -> [Yams.Node] {
        try check(yaml, limits: limits)
        let parser = try Parser(yaml: yaml)
        var documents: [Yams.Node] = []
        while let root = try parser.nextRoot() { documents.append(root) }
        return documents
    }

    /// The single document of `yaml` as Swift values (`Yams.load(yaml:)`), after ``check(_:limits:)``.
    /// - Throws: ``SafeYAMLError``; Yams' `YamlError` when the text is not YAML or holds more than one document.
    public static func load(_ yaml: String, limits: Limits = .default) throws -> Any? {
        try check(yaml, limits: limits)
        return try Yams.load(yaml: yaml)
    }

    /// The single document of `yaml` decoded as `type` (`YAMLDecoder().decode(_:from:)`, merge keys included),
    /// after ``check(_:limits:)``.
    /// - Parameters:
    ///   - type: The `Decodable` type to decode.
    ///   - yaml: The text.
    ///   - limits: How much alias expansion the text may ask for.
    /// - Throws: ``SafeYAMLError``; `DecodingError` when the text does not fit `type` or is not YAML (as
    ///   `YAMLDecoder` reports it: `dataCorrupted`, "The given data was not valid YAML.", with Yams' `YamlError`
    ///   underneath).
    public static func decode<T: Decodable>(_ type: T.Type, from yaml: String, limits: Limits = .default) throws -> T {
        do {
            try check(yaml, limits: limits)
        } catch let error as SafeYAMLError {
            throw error
        } catch {
            throw DecodingError.dataCorrupted(
                .init(codingPath: [], debugDescription: "The given data was not valid YAML.", underlyingError: error))
        }
        return try YAMLDecoder().decode(type, from: yaml)
    }

    /// Every document of `yaml` as Swift values (`Yams.load_all(yaml:)`), after ``check(_:limits:)``.
    /// - Throws: ``SafeYAMLError``; Yams' `YamlError` when the text is not YAML.
    public static func loadAll(_ yaml: String, limits: Limits = .default) throws -> [Any?] {
        try check(yaml, limits: limits)
        let parser = try Parser(yaml: yaml)
        var documents: [Any?] = []
        while let root = try parser.nextRoot() { documents.append(root.any) }
        return documents
    }
}

/// The text with every `*name` replaced by a placeholder scalar that names the alias, or nil when the text has no
/// alias at all.
private struct AliasPlaceholders {
    let text: String
    /// The anchor name of each placeholder, by number.
    let names: [String]
    /// What every placeholder starts with: letters that do not occur in the original text.
    let prefix: [UInt8]
    /// What ends every placeholder's number.
    static let terminator = UInt8(ascii: "z")

    init?(_ yaml: String) {
        let bytes = Array(yaml.utf8)
        guard bytes.indices.contains(where: { bytes[$0] == UInt8(ascii: "*") && Self.isAnchorByte(bytes, $0 + 1) }) else {
            return nil
        }
        var prefixText = "okikaliasq"
        while yaml.contains(prefixText) { prefixText += "q" }
        let prefix = Array(prefixText.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + 64)
        var names: [String] = []
        var index = 0
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "*"), Self.isAnchorByte(bytes, index + 1) else {
                output.append(bytes[index])
                index += 1
                continue
            }
            var end = index + 1
            while Self.isAnchorByte(bytes, end) { end += 1 }
            output += prefix
            output += Array(String(names.count).utf8)
            output.append(Self.terminator)
            names.append(String(decoding: bytes[(index + 1)..<end], as: UTF8.self))
            index = end
        }
        text = String(decoding: output, as: UTF8.self)
        self.names = names
        self.prefix = prefix
    }

    /// Whether the byte at `index` may be part of an anchor name as libyaml scans it: `[A-Za-z0-9_-]`.
    private static func isAnchorByte(_ bytes: [UInt8], _ index: Int) -> Bool {
        guard index < bytes.count else { return false }
        let byte = bytes[index]
        return (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
            || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
            || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
    }

    /// The placeholders in a scalar's text, by number, and whether the scalar is exactly one placeholder.
    func occurrences(in string: String) -> (numbers: [Int], exact: Bool) {
        let bytes = Array(string.utf8)
        var numbers: [Int] = []
        var index = 0
        var exact = false
        while index + prefix.count < bytes.count {
            guard bytes[index..<(index + prefix.count)].elementsEqual(prefix) else {
                index += 1
                continue
            }
            var end = index + prefix.count
            var number = 0
            var digits = 0
            while end < bytes.count, bytes[end] >= UInt8(ascii: "0"), bytes[end] <= UInt8(ascii: "9"), digits < 18 {
                number = number * 10 + Int(bytes[end] - UInt8(ascii: "0"))
                digits += 1
                end += 1
            }
            guard digits > 0, end < bytes.count, bytes[end] == Self.terminator, number < names.count else {
                index += 1
                continue
            }
            if index == 0 && end == bytes.count - 1 { exact = true }
            numbers.append(number)
            index = end + 1
        }
        return (numbers, exact && numbers.count == 1)
    }
}

/// Expanded sizes of a placeholder tree, in the order Yams composes it: a node's anchor is registered once its
/// children are loaded, and an alias refers to the latest anchor of its name registered before it (across the
/// documents of one stream, as Yams keeps them).
private struct ExpansionAnalysis {
    /// What one node stands for once its aliases are expanded.
    struct Size {
        /// Nodes, the node itself included.
        var nodes: Int
        /// Alias dereferences.
        var aliases: Int
    }

    let placeholders: AliasPlaceholders
    let limits: SafeYAML.Limits
    private var anchors: [String: Size] = [:]
    private var expansions = 0
    private var addedNodes = 0

    init(placeholders: AliasPlaceholders, limits: SafeYAML.Limits) {
        self.placeholders = placeholders
        self.limits = limits
    }

    /// The expanded size of a node, counting what its aliases add against the limits.
    mutating func visit(_ node: Yams.Node) throws -> Size {
        var size = Size(nodes: 1, aliases: 0)
        switch node {
        case .scalar(let scalar):
            size = try scalarSize(scalar)
        case .mapping(let mapping):
            for (key, value) in mapping {
                size = Self.sum(size, try visit(key))
                size = Self.sum(size, try visit(value))
            }
        case .sequence(let sequence):
            for element in sequence {
                size = Self.sum(size, try visit(element))
            }
        case .alias:
            break
        }
        if let anchor = node.anchor { anchors[anchor.rawValue] = size }
        return size
    }

    private mutating func scalarSize(_ scalar: Yams.Node.Scalar) throws -> Size {
        guard scalar.style == .plain || scalar.style == .any else { return Size(nodes: 1, aliases: 0) }
        let (numbers, exact) = placeholders.occurrences(in: scalar.string)
        var size = Size(nodes: exact ? 0 : 1, aliases: 0)
        for number in numbers {
            // An alias to an anchor not (yet) defined is Yams' error to report; it expands to nothing here.
            guard let target = anchors[placeholders.names[number]] else { continue }
            let expansion = Size(nodes: target.nodes, aliases: Self.add(target.aliases, 1))
            expansions = Self.add(expansions, expansion.aliases)
            addedNodes = Self.add(addedNodes, expansion.nodes)
            if expansions > limits.maxAliasExpansions {
                throw SafeYAMLError.aliasExpansions(limit: limits.maxAliasExpansions)
            }
            if addedNodes > limits.maxExpandedNodes {
                throw SafeYAMLError.expandedNodes(limit: limits.maxExpandedNodes)
            }
            size = Self.sum(size, expansion)
        }
        if size.nodes == 0 { size.nodes = 1 }
        return size
    }

    private static func sum(_ a: Size, _ b: Size) -> Size {
        Size(nodes: add(a.nodes, b.nodes), aliases: add(a.aliases, b.aliases))
    }

    /// Saturating addition: sizes of nested aliases grow exponentially.
    private static func add(_ a: Int, _ b: Int) -> Int {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? Int.max : sum
    }
}
