import OkikKubeClient

extension SyntheticPods {
    /// A complete `PodList` of `count` synthetic pods as JSON bytes, the way an API server sends it.
    public static func podListJSON(count: Int, namespace: String = "default") -> [UInt8] {
        var bytes = Array(#"{"kind":"PodList","apiVersion":"v1","metadata":{"resourceVersion":"123456"},"items":["#.utf8)
        for index in 0..<count {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            var item = pod(index: index, namespace: namespace)
            item["metadata"]?["resourceVersion"] = .string(String(1000 + index))
            bytes.append(contentsOf: item.jsonString().utf8)
        }
        bytes.append(contentsOf: "]}".utf8)
        return bytes
    }
}
