#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A small line editor for `okikctl chat` on a terminal: editing keys (arrows, Home/End, Backspace, Delete,
/// Ctrl-A/E/U/K/W), history (Up/Down, kept in a file between sessions), and Tab completion. No library of the
/// mirror edits lines, and libedit's headers are not on every machine, so this is written here; it handles what a
/// chat prompt needs and nothing more.
final class LineEditor {
    /// Completes the word before the cursor: given the line so far, the candidate words.
    typealias Completion = @Sendable (_ lineBeforeCursor: String) -> [String]

    private let historyFile: String?
    private let complete: Completion
    private(set) var history: [String] = []
    private let maximumHistory = 500

    /// An editor reading the terminal on standard input.
    init(historyFile: String?, complete: @escaping Completion) {
        self.historyFile = historyFile
        self.complete = complete
        if let historyFile, let text = try? String(contentsOfFile: historyFile, encoding: .utf8) {
            history = Array(text.split(separator: "\n").map(String.init).suffix(maximumHistory))
        }
    }

    /// Reads one line; nil at end of input (Ctrl-D on an empty line). Ctrl-C abandons the line and returns "".
    func readLine(prompt: String) -> String? {
        guard let saved = enterRawMode() else {
            FileHandle.standardOutput.write(Data(prompt.utf8))
            return Swift.readLine()
        }
        defer { tcsetattr(STDIN_FILENO, TCSADRAIN, [saved]) }
        var state = State(prompt: prompt, history: history)
        state.redraw()
        var lastWasTab = false
        while let key = readKey() {
            let isTab = key == .tab
            defer { lastWasTab = isTab }
            switch key {
            case .enter:
                write("\r\n")
                let line = String(state.buffer)
                remember(line)
                return line
            case .endOfInput:
                if state.buffer.isEmpty {
                    write("\r\n")
                    return nil
                }
                state.deleteForward()
            case .interrupt:
                write("^C\r\n")
                return ""
            case .character(let character): state.insert(character)
            case .backspace: state.deleteBackward()
            case .delete: state.deleteForward()
            case .left: state.move(by: -1)
            case .right: state.move(by: 1)
            case .home: state.cursor = 0
            case .end: state.cursor = state.buffer.count
            case .up: state.recall(older: true)
            case .down: state.recall(older: false)
            case .killToStart: state.killToStart()
            case .killToEnd: state.buffer.removeSubrange(state.cursor...)
            case .killWord: state.killWord()
            case .tab: completeWord(&state, listing: lastWasTab)
            case .ignored: break
            }
            state.redraw()
        }
        write("\r\n")
        return nil
    }

    /// Adds a line to the history and its file.
    private func remember(_ line: String) {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, history.last != trimmed else { return }
        history.append(trimmed)
        if history.count > maximumHistory { history.removeFirst(history.count - maximumHistory) }
        guard let historyFile else { return }
        if !FileManager.default.fileExists(atPath: historyFile) {
            _ = FileManager.default.createFile(atPath: historyFile, contents: nil, attributes: [.posixPermissions: 0o600])
        }
        if let handle = FileHandle(forWritingAtPath: historyFile) {
            handle.seekToEndOfFile()
            handle.write(Data((trimmed + "\n").utf8))
            try? handle.close()
        }
    }

    /// Completes the word before the cursor: one candidate is inserted, several extend to their common prefix, and
    /// a second Tab lists them.
    private func completeWord(_ state: inout State, listing: Bool) {
        let before = String(state.buffer[..<state.cursor])
        let word = before.split(separator: " ", omittingEmptySubsequences: false).last.map(String.init) ?? ""
        let candidates = Array(Set(complete(before).filter { $0.hasPrefix(word) && $0 != word })).sorted()
        guard !candidates.isEmpty else { return }
        if candidates.count == 1 {
            state.insert(contentsOf: String(candidates[0].dropFirst(word.count)) + " ")
            return
        }
        let common = candidates.dropFirst().reduce(candidates[0]) { prefix, next in
            String(zip(prefix, next).prefix { $0 == $1 }.map(\.0))
        }
        if common.count > word.count {
            state.insert(contentsOf: String(common.dropFirst(word.count)))
        } else if listing {
            write("\r\n" + candidates.prefix(60).joined(separator: "  ") + "\r\n")
        }
    }

    // MARK: - Terminal

    /// Raw mode for the line; TCSADRAIN, not TCSAFLUSH, so what was typed ahead while an answer streamed is kept.
    private func enterRawMode() -> termios? {
        guard isatty(STDIN_FILENO) == 1 else { return nil }
        var original = termios()
        guard tcgetattr(STDIN_FILENO, &original) == 0 else { return nil }
        var raw = original
        raw.c_lflag &= ~tcflag_t(ECHO | ICANON | ISIG | IEXTEN)
        raw.c_iflag &= ~tcflag_t(IXON | ICRNL)
        withUnsafeMutableBytes(of: &raw.c_cc) { bytes in
            bytes[Int(VMIN)] = 1
            bytes[Int(VTIME)] = 0
        }
        guard tcsetattr(STDIN_FILENO, TCSADRAIN, &raw) == 0 else { return nil }
        return original
    }

    private enum Key: Equatable {
        case character(Character)
        case enter, endOfInput, interrupt, tab, backspace, delete, left, right, home, end, up, down
        case killToStart, killToEnd, killWord, ignored
    }

    private func readByte() -> UInt8? {
        var byte: UInt8 = 0
        while true {
            let count = read(STDIN_FILENO, &byte, 1)
            if count == 1 { return byte }
            if count < 0 && errno == EINTR { continue }
            return nil
        }
    }

    private func readKey() -> Key? {
        guard let byte = readByte() else { return nil }
        switch byte {
        case 13, 10: return .enter
        case 4: return .endOfInput
        case 3: return .interrupt
        case 9: return .tab
        case 127, 8: return .backspace
        case 1: return .home
        case 5: return .end
        case 2: return .left
        case 6: return .right
        case 16: return .up
        case 14: return .down
        case 21: return .killToStart
        case 11: return .killToEnd
        case 23: return .killWord
        case 27: return readEscape()
        case 0..<32: return .ignored
        default: return readCharacter(startingWith: byte)
        }
    }

    /// `ESC [ A` and friends.
    private func readEscape() -> Key {
        guard let first = readByte() else { return .ignored }
        guard first == UInt8(ascii: "[") || first == UInt8(ascii: "O"), let second = readByte() else { return .ignored }
        switch second {
        case UInt8(ascii: "A"): return .up
        case UInt8(ascii: "B"): return .down
        case UInt8(ascii: "C"): return .right
        case UInt8(ascii: "D"): return .left
        case UInt8(ascii: "H"): return .home
        case UInt8(ascii: "F"): return .end
        case UInt8(ascii: "0")...UInt8(ascii: "9"):
            var digits = [second]
            while let next = readByte(), next != UInt8(ascii: "~") {
                digits.append(next)
                if digits.count > 4 { return .ignored }
            }
            switch String(decoding: digits, as: UTF8.self) {
            case "3": return .delete
            case "1", "7": return .home
            case "4", "8": return .end
            default: return .ignored
            }
        default: return .ignored
        }
    }

    /// A UTF-8 character whose first byte is `lead`.
    private func readCharacter(startingWith lead: UInt8) -> Key {
        let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
        var bytes = [lead]
        while bytes.count < length, let next = readByte() { bytes.append(next) }
        guard let text = String(validating: bytes, as: UTF8.self), let character = text.first else { return .ignored }
        return .character(character)
    }

    private func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// The line being edited.
    private struct State {
        let prompt: String
        let history: [String]
        var buffer: [Character] = []
        var cursor = 0
        /// Where Up/Down is in the history (history.count: the new line).
        var recalled: Int
        var draft: [Character] = []

        init(prompt: String, history: [String]) {
            self.prompt = prompt
            self.history = history
            recalled = history.count
        }

        mutating func insert(_ character: Character) {
            buffer.insert(character, at: cursor)
            cursor += 1
        }

        mutating func insert(contentsOf text: String) {
            for character in text { insert(character) }
        }

        mutating func deleteBackward() {
            guard cursor > 0 else { return }
            buffer.remove(at: cursor - 1)
            cursor -= 1
        }

        mutating func deleteForward() {
            guard cursor < buffer.count else { return }
            buffer.remove(at: cursor)
        }

        mutating func move(by offset: Int) {
            cursor = min(max(0, cursor + offset), buffer.count)
        }

        mutating func killToStart() {
            buffer.removeSubrange(..<cursor)
            cursor = 0
        }

        mutating func killWord() {
            var start = cursor
            while start > 0 && buffer[start - 1] == " " { start -= 1 }
            while start > 0 && buffer[start - 1] != " " { start -= 1 }
            buffer.removeSubrange(start..<cursor)
            cursor = start
        }

        mutating func recall(older: Bool) {
            if recalled == history.count { draft = buffer }
            let next = older ? recalled - 1 : recalled + 1
            guard next >= 0 && next <= history.count else { return }
            recalled = next
            buffer = next == history.count ? draft : Array(history[next])
            cursor = buffer.count
        }

        /// Rewrites the prompt and the line, and puts the cursor back.
        func redraw() {
            var text = "\r\u{1B}[2K" + prompt + String(buffer)
            let back = buffer.count - cursor
            if back > 0 { text += "\u{1B}[\(back)D" }
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }
}
