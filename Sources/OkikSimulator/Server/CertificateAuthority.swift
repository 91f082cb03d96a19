import Crypto
import Foundation
import SwiftASN1
import X509

/// A throw-away certificate authority that the simulator creates at start, to serve HTTPS and to issue client
/// certificates for mutual TLS.
public struct CertificateAuthority: Sendable {
    /// A certificate and its private key, in PEM.
    public struct Identity: Sendable, Hashable {
        /// The PEM certificate.
        public var certificatePEM: String
        /// The PEM (PKCS#8) private key.
        public var privateKeyPEM: String
    }

    /// The CA certificate in PEM, to trust.
    public let certificatePEM: String
    private let certificate: Certificate
    private let key: P256.Signing.PrivateKey

    /// Creates a new CA with a fresh P-256 key, valid for ten years.
    /// - Throws: if certificate encoding fails.
    public init(commonName: String = "okik-simulator-ca") throws {
        let key = P256.Signing.PrivateKey()
        let name = try DistinguishedName { CommonName(commonName) }
        let now = Date()
        let certificate = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: Certificate.PublicKey(key.publicKey),
            notValidBefore: now.addingTimeInterval(-3600), notValidAfter: now.addingTimeInterval(10 * 365 * 86_400),
            issuer: name, subject: name, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: nil))
                Critical(KeyUsage(keyCertSign: true, cRLSign: true))
            },
            issuerPrivateKey: Certificate.PrivateKey(key))
        self.key = key
        self.certificate = certificate
        self.certificatePEM = try certificate.serializeAsPEM().pemString
    }

    /// Issues a server certificate for localhost, 127.0.0.1 and ::1 (plus extra DNS names).
    /// - Throws: if certificate encoding fails.
    public func issueServerCertificate(dnsNames: [String] = []) throws -> Identity {
        var names: [GeneralName] = [.dnsName("localhost"), .ipAddress(ASN1OctetString(contentBytes: [127, 0, 0, 1]))]
        names.append(.ipAddress(ASN1OctetString(contentBytes: ArraySlice([UInt8](repeating: 0, count: 15) + [1]))))
        names += dnsNames.map { .dnsName($0) }
        return try issue(commonName: "okik-simulator", usage: .serverAuth, alternativeNames: names, organization: nil)
    }

    /// Issues a client certificate; the API server sees `commonName` as the user and `organization` as the group.
    /// - Throws: if certificate encoding fails.
    public func issueClientCertificate(commonName: String, organization: String? = "system:masters") throws -> Identity {
        try issue(commonName: commonName, usage: .clientAuth, alternativeNames: [], organization: organization)
    }

    private func issue(
        commonName: String, usage: ExtendedKeyUsage.Usage, alternativeNames: [GeneralName], organization: String?
    ) throws -> Identity {
        let leafKey = P256.Signing.PrivateKey()
        let subject = try DistinguishedName {
            if let organization { OrganizationName(organization) }
            CommonName(commonName)
        }
        let now = Date()
        let leaf = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: Certificate.PublicKey(leafKey.publicKey),
            notValidBefore: now.addingTimeInterval(-3600), notValidAfter: now.addingTimeInterval(365 * 86_400),
            issuer: certificate.subject, subject: subject, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true, keyEncipherment: true))
                try ExtendedKeyUsage([usage])
                if !alternativeNames.isEmpty { SubjectAlternativeNames(alternativeNames) }
            },
            issuerPrivateKey: Certificate.PrivateKey(key))
        return Identity(certificatePEM: try leaf.serializeAsPEM().pemString, privateKeyPEM: leafKey.pemRepresentation)
    }
}
