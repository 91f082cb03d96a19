import Foundation

/// A plain text table in kubectl's style: upper-case headers, columns padded to their widest cell, three spaces
/// between columns; an empty table prints `No resources found.`-style text instead. Cells are text from the cluster
/// or the server, so they are sanitised (``Terminal/sanitise(_:)``); styling comes after padding, from `styles`.
struct Table {
    var headers: [String]
    var rows: [[String]] = []
    /// Styling per column index, applied to the padded cell (so colour does not upset the widths).
    var styles: [Int: (String) -> String] = [:]

    /// Adds a row (missing cells are blank).
    mutating func add(_ cells: String...) {
        rows.append(cells.map(Terminal.sanitise))
    }

    /// The table, or `empty` when it has no rows.
    func render(empty: String) -> String {
        guard !rows.isEmpty else { return empty }
        let columns = headers.count
        let headers = headers.map(Terminal.sanitise)
        var widths = headers.map(\.count)
        for row in rows {
            for (index, cell) in row.prefix(columns).enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        func line(_ cells: [String], styled: Bool) -> String {
            (0..<columns).map { index in
                let cell = index < cells.count ? cells[index] : ""
                let padded = index == columns - 1 ? cell : pad(cell, widths[index])
                return styled ? (styles[index] ?? { $0 })(padded) : padded
            }.joined(separator: "   ")
        }
        return ([line(headers.map { $0.uppercased() }, styled: false)] + rows.map { line($0, styled: true) })
            .joined(separator: "\n")
    }
}

/// The first eight characters of an id, as people quote them (`6F6FA4E5`).
func shortID(_ id: UUID) -> String {
    String(id.uuidString.prefix(8))
}

/// A date as `2026-12-06T18:04:05Z`.
func timestamp(_ date: Date) -> String {
    date.formatted(.iso8601)
}
