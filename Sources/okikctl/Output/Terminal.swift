import Foundation

/// ANSI styling when writing to a terminal (and `NO_COLOR` is unset), plain text otherwise.
struct Terminal: Sendable {
    let colour: Bool

    /// Styling for standard output.
    static let standardOutput = Terminal(colour: isTerminal(STDOUT_FILENO))

    /// Whether a person sits at the terminal: standard input and standard error are both terminals.
    static var isInteractive: Bool { isatty(STDIN_FILENO) == 1 && isatty(STDERR_FILENO) == 1 }

    /// Whether a file descriptor is a terminal that wants colour.
    static func isTerminal(_ descriptor: Int32) -> Bool {
        let environment = ProcessInfo.processInfo.environment
        return isatty(descriptor) == 1 && environment["NO_COLOR"] == nil && environment["TERM"] != "dumb"
    }

    func bold(_ text: String) -> String { style(text, "1") }
    func dim(_ text: String) -> String { style(text, "2") }
    func red(_ text: String) -> String { style(text, "31") }
    func green(_ text: String) -> String { style(text, "32") }
    func yellow(_ text: String) -> String { style(text, "33") }
    func blue(_ text: String) -> String { style(text, "34") }
    func magenta(_ text: String) -> String { style(text, "35") }

    private func style(_ text: String, _ code: String) -> String {
        colour ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}

/// A one-line progress indicator on standard error, shown only when it is a terminal.
final class ProgressLine: Sendable {
    private let enabled: Bool

    init(enabled: Bool = Terminal.isTerminal(STDERR_FILENO)) {
        self.enabled = enabled
    }

    /// Replaces the line (with the text sanitised: it often quotes the cluster).
    func update(_ text: String) {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[2K\(Terminal.sanitise(text))".utf8))
    }

    /// Clears the line.
    func finish() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
    }
}

/// Writes one line to standard output at once, unbuffered: for output that streams (watch, logs -f).
func emit(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

/// Pads text to a width (by characters), for tables.
func pad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
}

extension Duration {
    /// The duration in seconds.
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
