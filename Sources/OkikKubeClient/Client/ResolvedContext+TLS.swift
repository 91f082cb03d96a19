import Foundation
import NIOSSL

extension ResolvedContext {
    /// Builds the TLS settings for this context: the kubeconfig CA (replacing system roots), the client certificate,
    /// and verification on unless `insecure-skip-tls-verify` is set.
    ///
    /// - Parameter pluginCertificate: a certificate and key returned by an exec plugin, used instead of the file's.
    /// - Throws: ``KubeConfigError`` naming the unreadable or invalid file or field.
    func makeTLSConfiguration(pluginCertificate: RequestCredentials.PluginCertificate? = nil) throws -> TLSConfiguration {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.minimumTLSVersion = .tlsv12
        let hasCA = cluster.certificateAuthorityData?.isEmpty == false || cluster.certificateAuthority?.isEmpty == false
        if cluster.insecureSkipTLSVerify && hasCA {
            // As client-go: a CA with the insecure flag is a contradiction, not a reason to stop verifying.
            throw KubeConfigError.invalidField(
                "insecure-skip-tls-verify", file: source, context: name,
                reason: "specifying a root certificates file with the insecure flag is not allowed")
        }
        if cluster.insecureSkipTLSVerify {
            tls.certificateVerification = .none
        } else if let pem = try readPEM(
            data: cluster.certificateAuthorityData, path: cluster.certificateAuthority, field: "certificate-authority")
        {
            do {
                let certificates = try NIOSSLCertificate.fromPEMBytes(Array(pem))
                guard !certificates.isEmpty else { throw KubeConfigError.malformed(source ?? "", reason: "no certificate") }
                tls.trustRoots = .certificates(certificates)
            } catch {
                throw KubeConfigError.invalidField(
                    "certificate-authority", file: source, context: name, reason: "not a PEM certificate bundle")
            }
        }
        let certificatePEM: Data?
        let keyPEM: Data?
        if let pluginCertificate {
            certificatePEM = Data(pluginCertificate.certificatePEM.utf8)
            keyPEM = Data(pluginCertificate.keyPEM.utf8)
        } else {
            certificatePEM = try readPEM(
                data: user.clientCertificateData, path: user.clientCertificate, field: "client-certificate")
            keyPEM = try readPEM(data: user.clientKeyData, path: user.clientKey, field: "client-key")
        }
        if let certificatePEM, let keyPEM {
            do {
                let chain = try NIOSSLCertificate.fromPEMBytes(Array(certificatePEM))
                guard !chain.isEmpty else { throw KubeConfigError.malformed(source ?? "", reason: "no certificate") }
                tls.certificateChain = chain.map { .certificate($0) }
            } catch {
                throw KubeConfigError.invalidField(
                    "client-certificate", file: source, context: name, reason: "not a PEM certificate")
            }
            do {
                tls.privateKey = .privateKey(try NIOSSLPrivateKey(bytes: Array(keyPEM), format: .pem))
            } catch {
                throw KubeConfigError.invalidField(
                    "client-key", file: source, context: name, reason: "not a PEM private key (RSA or EC)")
            }
        }
        return tls
    }

    private func readPEM(data: Data?, path: String?, field: String) throws -> Data? {
        if let data { return data }
        guard let path else { return nil }
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw KubeConfigError.fileReferenceUnreadable(
                path, field: field, file: source, context: name, reason: KubeConfig.reason(error))
        }
    }
}
