extension Terminal {
    /// Text from the cluster, the server or a model, made safe to print: escape sequences (CSI, OSC, DCS, ...) and C1
    /// controls are removed, other control characters but newline and tab are shown as `^X` (`\r\n` becomes `\n`).
    static func sanitise(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsCare) else { return text }
        var output = String.UnicodeScalarView()
        var scalars = text.unicodeScalars[...]
        while let scalar = scalars.popFirst() {
            switch scalar.value {
            case 0x0A, 0x09:
                output.append(scalar)
            case 0x0D where scalars.first == "\n":
                break
            case 0x1B:
                skipEscapeSequence(&scalars)
            case 0x00..<0x20, 0x7F:
                output.append(contentsOf: "^".unicodeScalars)
                output.append(Unicode.Scalar(UInt8(scalar.value ^ 0x40)))
            case 0x80..<0xA0:
                break
            default:
                output.append(scalar)
            }
        }
        return String(output)
    }

    private static func needsCare(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.value < 0x20 && scalar != "\n" && scalar != "\t") || (0x7F..<0xA0).contains(scalar.value)
    }

    /// Drops what follows an ESC as a terminal would read it: a CSI to its final byte, a string (OSC, DCS, SOS, PM,
    /// APC) to its BEL or ST (or the line's end), or a two-character escape. A control character ends it early.
    private static func skipEscapeSequence(_ scalars: inout Substring.UnicodeScalarView) {
        guard let introducer = scalars.first, (0x20..<0x7F).contains(introducer.value) else { return }
        scalars.removeFirst()
        switch introducer {
        case "[":
            while let next = scalars.first, (0x20..<0x7F).contains(next.value) {
                scalars.removeFirst()
                if (0x40..<0x7F).contains(next.value) { return }
            }
        case "]", "P", "X", "^", "_":
            while let next = scalars.first, next != "\n" {
                scalars.removeFirst()
                if next == "\u{07}" || next == "\u{9C}" { return }
                if next == "\u{1B}" {
                    if scalars.first == "\\" { scalars.removeFirst() }
                    return
                }
            }
        default:
            // nF escapes: intermediates, then one final byte.
            var last = introducer
            while (0x20..<0x30).contains(last.value), let next = scalars.first, (0x20..<0x7F).contains(next.value) {
                scalars.removeFirst()
                last = next
            }
        }
    }
}
