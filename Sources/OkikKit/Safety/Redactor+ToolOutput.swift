extension Redactor {
    /// Redacts a tool's output (summary and data) and records the markers it now carries in
    /// ``ToolOutput/redaction``, including any a tool wrote itself before cutting long text.
    ///
    /// The ``GatedToolExecutor`` calls this as soon as a tool returns, before the output is audited or returned.
    /// - Parameter output: what a tool returned.
    /// - Returns: the output with every secret replaced by its marker.
    public func redact(_ output: ToolOutput) -> ToolOutput {
        var copy = output
        copy.summary = redact(output.summary)
        copy.data = redact(output.data)
        copy.redaction = RedactionReport(markersIn: [.string(copy.summary), copy.data])
        return copy
    }

    /// Redacts the message of a failed call (API errors can quote the values they refused).
    /// - Parameter failure: the failure.
    /// - Returns: the failure with secrets in its message replaced by markers.
    public func redact(_ failure: ToolFailure) -> ToolFailure {
        var copy = failure
        copy.message = redact(failure.message)
        return copy
    }
}
