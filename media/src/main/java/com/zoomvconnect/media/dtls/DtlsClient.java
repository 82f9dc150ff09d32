package com.zoomvconnect.media.dtls;

import java.io.IOException;
import java.util.Hashtable;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.ExporterLabel;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/** The DTLS 1.2 client (active) side of DTLS-SRTP, for peers where we are the active end. */
final class DtlsClient extends DefaultTlsClient {
    private volatile ProtocolVersion negotiated;
    private final DtlsCertificate certificate;
    private final String remoteFingerprint;
    private final int handshakeTimeoutMillis;
    private volatile SrtpKeyMaterial keys;
    private int selectedProfile = -1;

    DtlsClient(BcTlsCrypto crypto, DtlsCertificate certificate, String remoteFingerprint, int handshakeTimeoutMillis) {
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
                CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256});
    }

    @Override
    public int getHandshakeTimeoutMillis() {
        return handshakeTimeoutMillis;
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Hashtable getClientExtensions() throws IOException {
        Hashtable ext = super.getClientExtensions();
        if (ext == null) {
            ext = new Hashtable();
        }
        TlsSRTPUtils.addUseSRTPExtension(ext, new UseSRTPData(SrtpProfiles.PREFERRED, TlsUtils.EMPTY_BYTES));
        return ext;
    }

    @Override
    public TlsAuthentication getAuthentication() {
        return new TlsAuthentication() {
            @Override
            public void notifyServerCertificate(TlsServerCertificate serverCertificate) throws IOException {
                Certificate chain = serverCertificate.getCertificate();
                if (chain == null || chain.isEmpty()
                        || !DtlsCertificate.matches(remoteFingerprint, chain.getCertificateAt(0).getEncoded())) {
                    throw new TlsFatalAlert(AlertDescription.bad_certificate);
                }
            }

            @Override
            public TlsCredentials getClientCredentials(CertificateRequest request) throws IOException {
                BcTlsCrypto crypto = (BcTlsCrypto) getCrypto();
                TlsCertificate cert = crypto.createCertificate(certificate.der());
                return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto, certificate.privateKey(),
                        new Certificate(new TlsCertificate[] {cert}),
                        new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
            }
        };
    }

    /** The version the handshake settled on; null before it completed. */
    ProtocolVersion negotiated() {
        return negotiated;
    }

    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        negotiated = context.getServerVersion();
        int profile = selectedProfile;
        int keyLen = SrtpProfiles.keyLength(profile);
        int saltLen = SrtpProfiles.saltLength(profile);
        byte[] km = context.exportKeyingMaterial(ExporterLabel.dtls_srtp, null, 2 * (keyLen + saltLen));
        keys = SrtpKeyMaterial.split(profile, km, keyLen, saltLen, false);
    }

    @Override
    public void processServerExtensions(Hashtable serverExtensions) throws IOException {
        super.processServerExtensions(serverExtensions);
        UseSRTPData chosen = TlsSRTPUtils.getUseSRTPExtension(serverExtensions);
        if (chosen == null || chosen.getProtectionProfiles().length != 1
                || SrtpProfiles.choose(chosen.getProtectionProfiles()) < 0) {
            throw new TlsFatalAlert(AlertDescription.illegal_parameter);
        }
        selectedProfile = chosen.getProtectionProfiles()[0];
    }
}
