/// The fields a kind accepts, as a tree: what strict field validation walks and what the OpenAPI documents
/// describe. Built from OKIK's typed models by ``FieldTreeProbe``.
indirect enum FieldTree: Sendable, Hashable {
    /// A scalar of the given OpenAPI type (`string`, `integer`, `boolean`, `number`, or `int-or-string`).
    case scalar(String)
    /// A subtree OKIK does not model deeply: any content is accepted.
    case open
    /// An object with known fields only.
    case object([String: FieldTree])
    /// An object with arbitrary keys whose values follow the element tree (labels, resource lists).
    case map(FieldTree)
    /// A list whose elements follow the element tree.
    case list(FieldTree)

    /// The child tree of an object field, nil when the field is unknown.
    subscript(field: String) -> FieldTree? {
        guard case .object(let fields) = self else { return nil }
        return fields[field]
    }

    /// This tree with a field added or replaced (objects only).
    func setting(_ field: String, to tree: FieldTree) -> FieldTree {
        guard case .object(var fields) = self else { return self }
        fields[field] = tree
        return .object(fields)
    }
}
