package com.zoomvconnect.media.dtls;

import java.io.IOException;
import java.util.Hashtable;
import java.util.Vector;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.ExporterLabel;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsExtensionsUtils;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * The DTLS 1.2 server side of DTLS-SRTP (RFC 5763/5764): ECDHE-ECDSA only, requires the peer's
 * certificate and checks it against the SDP fingerprint, negotiates use_srtp and exports the
 * SRTP keys while the handshake completes (the exporter is unavailable afterwards).
 */
final class DtlsServer extends DefaultTlsServer {
    private volatile boolean offeredDtls13;
    /** The client hello's supported_versions as received, for the log; "none" without the extension. */
    private volatile String offeredVersions = "none";
    private volatile ProtocolVersion negotiated;
    private final DtlsCertificate certificate;
    private final String remoteFingerprint;
    private final int handshakeTimeoutMillis;
    private int chosenProfile = -1;
    private volatile SrtpKeyMaterial keys;

    DtlsServer(BcTlsCrypto crypto, DtlsCertificate certificate, String remoteFingerprint, int handshakeTimeoutMillis) {
        super(crypto);
        this.certificate = certificate;
        this.remoteFingerprint = remoteFingerprint;
        this.handshakeTimeoutMillis = handshakeTimeoutMillis;
    }

    SrtpKeyMaterial keys() {
        return keys;
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return ProtocolVersion.DTLSv12.only();
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        return TlsUtils.getSupportedCipherSuites(getCrypto(), new int[] {
                CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
                CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
                CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
                CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256,
                CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA});
    }

    @Override
    public int getHandshakeTimeoutMillis() {
        return handshakeTimeoutMillis;
    }

    @Override
    protected TlsCredentialedSigner getECDSASignerCredentials() throws IOException {
        BcTlsCrypto crypto = (BcTlsCrypto) getCrypto();
        TlsCertificate cert = crypto.createCertificate(certificate.der());
        return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto, certificate.privateKey(),
                new Certificate(new TlsCertificate[] {cert}),
                new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
    }

    @Override
    public CertificateRequest getCertificateRequest() {
        // RFC 5763 §5: both endpoints present certificates; the fingerprint is the trust anchor.
        Vector<?> algorithms = TlsUtils.getDefaultSupportedSignatureAlgorithms(context);
        return new CertificateRequest(new short[] {ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign},
                algorithms, null);
    }

    @Override
    public void notifyClientCertificate(Certificate clientCertificate) throws IOException {
        if (clientCertificate == null || clientCertificate.isEmpty()) {
            throw new TlsFatalAlert(AlertDescription.certificate_required);
        }
        if (!DtlsCertificate.matches(remoteFingerprint, clientCertificate.getCertificateAt(0).getEncoded())) {
            throw new TlsFatalAlert(AlertDescription.bad_certificate);
        }
    }

    @Override
    public void processClientExtensions(Hashtable clientExtensions) throws IOException {
        super.processClientExtensions(clientExtensions);
        // What the browser would speak (RFC 9147 §5.3: supported_versions). BouncyCastle 1.84,
        // the newest that resolves here, implements DTLS 1.2 only; counted to know when it matters.
        ProtocolVersion[] versions = TlsExtensionsUtils.getSupportedVersionsExtensionClient(clientExtensions);
        offeredDtls13 = versions != null && java.util.Arrays.asList(versions).contains(ProtocolVersion.DTLSv13);
        offeredVersions = versions == null ? "none" : java.util.Arrays.stream(versions)
                .map(v -> v.getName() + String.format(" (0x%04x)", v.getFullVersion())).toList().toString();
        UseSRTPData offered = TlsSRTPUtils.getUseSRTPExtension(clientExtensions);
        if (offered == null) {
            throw new TlsFatalAlert(AlertDescription.handshake_failure); // RFC 5764 §4.1.1: use_srtp is required
        }
        chosenProfile = SrtpProfiles.choose(offered.getProtectionProfiles());
        if (chosenProfile < 0) {
            throw new TlsFatalAlert(AlertDescription.handshake_failure);
        }
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Hashtable getServerExtensions() throws IOException {
        Hashtable ext = super.getServerExtensions();
        if (ext == null) {
            ext = new Hashtable();
        }
        TlsSRTPUtils.addUseSRTPExtension(ext, new UseSRTPData(new int[] {chosenProfile}, TlsUtils.EMPTY_BYTES));
        return ext;
    }

    /** Whether the client's hello offered DTLS 1.3 (known once the handshake got that far). */
    boolean offeredDtls13() {
        return offeredDtls13;
    }

    /** The versions the client's hello listed in supported_versions, as text ("none" without one). */
    String offeredVersions() {
        return offeredVersions;
    }

    /** The version the handshake settled on; null before it completed. */
    ProtocolVersion negotiated() {
        return negotiated;
    }

    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        negotiated = context.getServerVersion();
        int keyLen = SrtpProfiles.keyLength(chosenProfile);
        int saltLen = SrtpProfiles.saltLength(chosenProfile);
        byte[] km = context.exportKeyingMaterial(ExporterLabel.dtls_srtp, null, 2 * (keyLen + saltLen));
        keys = SrtpKeyMaterial.split(chosenProfile, km, keyLen, saltLen, true);
    }
}
