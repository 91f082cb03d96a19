extension BuiltInScenarios {
    /// The `node-notready` scenario.
    static let nodeNotReady = #"""
        name: node-notready
        description: one node stopped posting status; it is NotReady (Unknown) and tainted unreachable.
        duration: 1m
        nodes:
          - name: node
            count: 3
            cpu: "4"
            memory: 16Gi
          - name: lost
            count: 1
            cpu: "4"
            memory: 16Gi
            conditions: [NotReady]
        symptoms:
          - description: the node is not ready
            kind: Node
            name: lost-1
            path: status.conditions.*.reason
            equals: NodeStatusUnknown
          - description: and tainted unreachable
            kind: Node
            name: lost-1
            path: spec.taints.*.key
            equals: node.kubernetes.io/unreachable
        """#
}
