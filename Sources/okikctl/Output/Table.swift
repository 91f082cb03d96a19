import Foundation

/// A plain text table in kubectl's style: upper-case headers, columns padded to their widest cell, three spaces
/// between columns; an empty table prints `No resources found.`-style text instead.
struct Table {
    var headers: [String]
    var rows: [[String]] = []

    /// Adds a row (missing cells are blank).
    mutating func add(_ cells: String...) {
        rows.append(cells)
    }

    /// The table, or `empty` when it has no rows.
    func render(empty: String) -> String {
        guard !rows.isEmpty else { return empty }
        let columns = headers.count
        var widths = headers.map(\.count)
        for row in rows {
            for (index, cell) in row.prefix(columns).enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            (0..<columns).map { index in
                let cell = index < cells.count ? cells[index] : ""
                return index == columns - 1 ? cell : pad(cell, widths[index])
            }.joined(separator: "   ")
        }
        return ([line(headers.map { $0.uppercased() })] + rows.map(line)).joined(separator: "\n")
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
