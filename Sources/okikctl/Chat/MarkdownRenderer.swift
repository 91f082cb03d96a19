import Foundation

/// Renders a model's markdown for a terminal as it streams: text arrives in pieces, whole lines are styled (headings
/// bold, bullets as •, code blocks indented and dim, `code` and **bold** inline), and the rest waits for its line's
/// end. Each line is sanitised first (``Terminal/sanitise(_:)``): the model's own control characters never reach the
/// terminal, only the renderer's styling. Without colour the text is otherwise unchanged.
struct MarkdownRenderer {
    let terminal: Terminal
    private var pending = ""
    private var inCodeBlock = false

    init(terminal: Terminal) {
        self.terminal = terminal
    }

    /// Takes a piece of text; returns what can be printed now.
    mutating func feed(_ text: String) -> String {
        pending += text
        var output = ""
        while let newline = pending.firstIndex(of: "\n") {
            output += render(String(pending[..<newline])) + "\n"
            pending = String(pending[pending.index(after: newline)...])
        }
        return output
    }

    /// What is left at the end of the answer.
    mutating func finish() -> String {
        defer { pending = "" }
        return pending.isEmpty ? "" : render(pending) + "\n"
    }

    private mutating func render(_ raw: String) -> String {
        let line = Terminal.sanitise(raw)
        guard terminal.colour else { return line }
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("```") {
            inCodeBlock.toggle()
            return terminal.dim(inCodeBlock ? "┌──" : "└──")
        }
        if inCodeBlock { return terminal.dim("│ ") + line }
        if trimmed.hasPrefix("#") {
            return terminal.bold(String(trimmed.drop { $0 == "#" }).trimmingCharacters(in: .whitespaces))
        }
        let indent = line.prefix { $0 == " " }
        if trimmed.hasPrefix("- ") || trimmed.hasPrefix("* ") {
            return indent + "• " + inline(String(trimmed.dropFirst(2)))
        }
        return inline(line)
    }

    /// `code` and **bold**.
    private func inline(_ text: String) -> String {
        var output = ""
        var rest = Substring(text)
        while let index = rest.firstIndex(where: { $0 == "`" || $0 == "*" }) {
            output += rest[..<index]
            let marker = rest[index...].hasPrefix("**") ? "**" : String(rest[index])
            let after = rest[rest.index(index, offsetBy: marker.count)...]
            guard marker != "*", let close = after.range(of: marker) else {
                output += marker
                rest = after
                continue
            }
            let inner = String(after[..<close.lowerBound])
            output += marker == "`" ? terminal.blue(inner) : terminal.bold(inner)
            rest = after[close.upperBound...]
        }
        return output + rest
    }
}
