extension BuiltInScenarios {
    /// The `node-pressure` scenario.
    static let nodePressure = #"""
        name: node-pressure
        description: one node reports MemoryPressure and DiskPressure and is tainted so nothing new lands there.
        duration: 1m
        nodes:
          - name: node
            count: 3
            cpu: "4"
            memory: 16Gi
          - name: pressure
            count: 1
            cpu: "4"
            memory: 16Gi
            conditions: [MemoryPressure, DiskPressure]
        symptoms:
          - description: memory pressure
            kind: Node
            name: pressure-1
            path: status.conditions.*.reason
            equals: KubeletHasInsufficientMemory
          - description: disk pressure
            kind: Node
            name: pressure-1
            path: status.conditions.*.reason
            equals: KubeletHasDiskPressure
          - description: the pressure taint
            kind: Node
            name: pressure-1
            path: spec.taints.*.key
            equals: node.kubernetes.io/memory-pressure
        """#
}
