import Foundation
/// A parsed label selector string (`app=web,tier in (a,b),!legacy`), as the API server evaluates it.
struct LabelSelectorQuery: Sendable, Hashable {
    enum Requirement: Sendable, Hashable {
        case equals(String, String)
        case notEquals(String, String)
        case isIn(String, Set<String>)
        case notIn(String, Set<String>)
        case exists(String)
        case doesNotExist(String)
        case greaterThan(String, Int)
        case lessThan(String, Int)
    }

    var requirements: [Requirement]

    /// An empty selector matches everything.
    static let everything = LabelSelectorQuery(requirements: [])

    func matches(_ labels: [String: String]) -> Bool {
        requirements.allSatisfy { requirement in
            switch requirement {
            case .equals(let key, let value): labels[key] == value
            case .notEquals(let key, let value): labels[key] != value
            case .isIn(let key, let values): labels[key].map(values.contains) ?? false
            case .notIn(let key, let values): labels[key].map { !values.contains($0) } ?? true
            case .exists(let key): labels[key] != nil
            case .doesNotExist(let key): labels[key] == nil
            case .greaterThan(let key, let bound): labels[key].flatMap { Int($0) }.map { $0 > bound } ?? false
            case .lessThan(let key, let bound): labels[key].flatMap { Int($0) }.map { $0 < bound } ?? false
            }
        }
    }

    /// Parses the selector grammar of `k8s.io/apimachinery/pkg/labels`.
    /// - Throws: `SelectorError` with the text that could not be parsed.
    static func parse(_ text: String) throws(SelectorError) -> LabelSelectorQuery {
        var scanner = SelectorScanner(text)
        var requirements: [Requirement] = []
        scanner.skipSpaces()
        if scanner.atEnd { return .everything }
        while true {
            scanner.skipSpaces()
            if scanner.consume("!") {
                scanner.skipSpaces()
                let key = try scanner.key(in: text)
                requirements.append(.doesNotExist(key))
            } else {
                let key = try scanner.key(in: text)
                scanner.skipSpaces()
                if scanner.atEnd || scanner.peek == "," {
                    requirements.append(.exists(key))
                } else if scanner.consume("==") || scanner.consume("=") {
                    requirements.append(.equals(key, try scanner.value(in: text)))
                } else if scanner.consume("!=") {
                    requirements.append(.notEquals(key, try scanner.value(in: text)))
                } else if scanner.consume(">") {
                    let value = try scanner.value(in: text)
                    guard let number = Int(value) else { throw SelectorError(text: text, reason: "\(value) is not an integer") }
                    requirements.append(.greaterThan(key, number))
                } else if scanner.consume("<") {
                    let value = try scanner.value(in: text)
                    guard let number = Int(value) else { throw SelectorError(text: text, reason: "\(value) is not an integer") }
                    requirements.append(.lessThan(key, number))
                } else if scanner.consumeWord("notin") {
                    requirements.append(.notIn(key, try scanner.valueSet(in: text)))
                } else if scanner.consumeWord("in") {
                    requirements.append(.isIn(key, try scanner.valueSet(in: text)))
                } else {
                    throw SelectorError(text: text, reason: "unexpected text after \"\(key)\"")
                }
            }
            scanner.skipSpaces()
            if scanner.atEnd { break }
            guard scanner.consume(",") else { throw SelectorError(text: text, reason: "expected ','") }
        }
        return LabelSelectorQuery(requirements: requirements)
    }
}

/// One `field=value` or `field!=value` term of a field selector.
struct FieldSelectorQuery: Sendable, Hashable {
    struct Term: Sendable, Hashable {
        var field: String
        var value: String
        var negated: Bool
    }
    var terms: [Term]

    static let everything = FieldSelectorQuery(terms: [])

    func matches(_ fields: (String) -> String?) -> Bool {
        terms.allSatisfy { term in
            let actual = fields(term.field) ?? ""
            return term.negated ? actual != term.value : actual == term.value
        }
    }

    /// Parses `a=b,c!=d` (also `==`); set-based operators are not supported for fields.
    static func parse(_ text: String) throws(SelectorError) -> FieldSelectorQuery {
        var terms: [Term] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: true) {
            let part = String(part).trimmingSpaces
            if part.isEmpty { continue }
            if let range = part.range(of: "!=") {
                terms.append(Term(field: String(part[..<range.lowerBound]).trimmingSpaces, value: String(part[range.upperBound...]).trimmingSpaces, negated: true))
            } else if let range = part.range(of: "==") {
                terms.append(Term(field: String(part[..<range.lowerBound]).trimmingSpaces, value: String(part[range.upperBound...]).trimmingSpaces, negated: false))
            } else if let range = part.range(of: "=") {
                terms.append(Term(field: String(part[..<range.lowerBound]).trimmingSpaces, value: String(part[range.upperBound...]).trimmingSpaces, negated: false))
            } else {
                throw SelectorError(text: text, reason: "invalid selector: '\(part)'; can't understand '\(part)'")
            }
        }
        return FieldSelectorQuery(terms: terms)
    }
}

/// A selector that cannot be parsed.
struct SelectorError: Error, Sendable {
    var text: String
    var reason: String
}

private struct SelectorScanner {
    let characters: [Character]
    var index = 0

    init(_ text: String) { characters = Array(text) }

    var atEnd: Bool { index >= characters.count }
    var peek: Character? { atEnd ? nil : characters[index] }

    mutating func skipSpaces() {
        while let character = peek, character == " " { index += 1 }
    }

    mutating func consume(_ token: String) -> Bool {
        let tokenCharacters = Array(token)
        guard index + tokenCharacters.count <= characters.count,
            Array(characters[index..<index + tokenCharacters.count]) == tokenCharacters
        else { return false }
        index += tokenCharacters.count
        return true
    }

    mutating func consumeWord(_ word: String) -> Bool {
        let start = index
        guard consume(word) else { return false }
        if let next = peek, next != " " && next != "(" {
            index = start
            return false
        }
        return true
    }

    mutating func key(in text: String) throws(SelectorError) -> String {
        let start = index
        while let character = peek, Self.isKeyCharacter(character) { index += 1 }
        guard index > start else { throw SelectorError(text: text, reason: "expected a label key") }
        return String(characters[start..<index])
    }

    mutating func value(in text: String) throws(SelectorError) -> String {
        skipSpaces()
        let start = index
        while let character = peek, Self.isValueCharacter(character) { index += 1 }
        return String(characters[start..<index])
    }

    mutating func valueSet(in text: String) throws(SelectorError) -> Set<String> {
        skipSpaces()
        guard consume("(") else { throw SelectorError(text: text, reason: "expected '(' after in/notin") }
        var values = Set<String>()
        while true {
            skipSpaces()
            let value = try value(in: text)
            if !value.isEmpty { values.insert(value) }
            skipSpaces()
            if consume(")") { break }
            guard consume(",") else { throw SelectorError(text: text, reason: "expected ',' or ')' in value set") }
        }
        guard !values.isEmpty else { throw SelectorError(text: text, reason: "for 'in', 'notin' operators, values set can't be empty") }
        return values
    }

    static func isKeyCharacter(_ character: Character) -> Bool {
        character.isLetter || character.isNumber || character == "-" || character == "_" || character == "."
            || character == "/"
    }

    static func isValueCharacter(_ character: Character) -> Bool {
        character.isLetter || character.isNumber || character == "-" || character == "_" || character == "."
    }
}

extension String {
    var trimmingSpaces: String {
        var slice = Substring(self)
        while slice.first == " " { slice.removeFirst() }
        while slice.last == " " { slice.removeLast() }
        return String(slice)
    }
}
