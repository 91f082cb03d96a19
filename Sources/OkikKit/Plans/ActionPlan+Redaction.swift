extension ActionPlan {
    /// The plan with secrets replaced by `[REDACTED:kind]` markers in its rationale, reason, step arguments,
    /// previews and results; the audit stores save plans only in this form.
    ///
    /// A stored plan's arguments are what runs after a restart, so a secret a caller put in an argument (say, a
    /// quarantine reason) is written to the cluster as its marker then; it is never kept on disk.
    /// - Parameter redactor: the rules; ``Redactor/standard`` by default.
    public func redacted(by redactor: Redactor = .standard) -> ActionPlan {
        var copy = self
        copy.rationale = redactor.redact(rationale)
        copy.reason = reason.map { redactor.redact($0) }
        copy.steps = steps.map { step in
            var step = step
            step.invocation.arguments = redactor.redact(step.invocation.arguments)
            if var preview = step.preview {
                preview.summary = preview.summary.map { redactor.redact($0) }
                preview.data = preview.data.map { redactor.redact($0) }
                preview.error = preview.error.map { redactor.redact($0) }
                step.preview = preview
            }
            return step
        }
        copy.results = results.map { result in
            var result = result
            result.message = redactor.redact(result.message)
            result.data = result.data.map { redactor.redact($0) }
            return result
        }
        return copy
    }
}
