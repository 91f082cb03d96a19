import OkikKubeClient

/// The pod-template-hash: FNV-1a (32 bit) of the template, written in the API server's safe alphabet, as the
/// Deployment controller names its ReplicaSets (`web-7d4b9c6f8`).
enum TemplateHash {
    static func hash(_ template: JSONValue, collisionCount: Int = 0) -> String {
        var value: UInt32 = 2_166_136_261
        for byte in template.serializedBytes() {
            value ^= UInt32(byte)
            value = value &* 16_777_619
        }
        if collisionCount > 0 {
            for byte in String(collisionCount).utf8 {
                value ^= UInt32(byte)
                value = value &* 16_777_619
            }
        }
        let alphabet = ClusterState.nameAlphabet
        var number = UInt64(value)
        var text = ""
        repeat {
            text.append(alphabet[Int(number % UInt64(alphabet.count))])
            number /= UInt64(alphabet.count)
        } while number > 0
        return text
    }
}
