package com.zoomvconnect.auth.sso;

import com.zoomvconnect.error.AppException;
import com.zoomvconnect.error.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The TLS trust for calls to an identity provider (OIDC discovery, SAML metadata): the JDK's certificate
 * authorities plus, when {@code oidc.caFile} or {@code saml.caFile} names one, the certificates of that PEM
 * file (a company CA). Certificate and host name checks always stay on.
 */
public final class IdpTls {
    private IdpTls() {
    }

    /** For calls made with {@code HttpsURLConnection}; {@code setting} names the file's setting in errors. */
    public static SSLSocketFactory socketFactory(Optional<Path> caFile, String setting) {
        return context(caFile, setting).getSocketFactory();
    }

    /** For calls made with {@code java.net.http.HttpClient}. */
    public static SSLContext context(Optional<Path> caFile, String setting) {
        try {
            List<X509TrustManager> managers = new ArrayList<>();
            managers.add(trustManager(null));
            if (caFile.isPresent()) {
                managers.add(trustManager(pemStore(caFile.get(), setting)));
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {new AnyOf(managers)}, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new AppException(ErrorCode.SSO_FAILED, setting + " could not be used: " + e.getMessage());
        }
    }

    private static KeyStore pemStore(Path pem, String setting) throws GeneralSecurityException {
        try (InputStream in = Files.newInputStream(pem)) {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            int i = 0;
            for (var cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                ks.setCertificateEntry("ca-" + i++, cert);
            }
            if (i == 0) {
                throw new CertificateException("no certificate in " + pem);
            }
            return ks;
        } catch (IOException e) {
            throw new AppException(ErrorCode.SSO_FAILED, setting + " " + pem + " cannot be read: " + e.getMessage());
        }
    }

    /** The trust manager of {@code store}, or of the JDK's default authorities when null. */
    private static X509TrustManager trustManager(KeyStore store) throws GeneralSecurityException {
        var tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        for (TrustManager tm : tmf.getTrustManagers()) {
            if (tm instanceof X509TrustManager x) {
                return x;
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager");
    }

    /** Trusts a server chain that any one of its managers trusts. */
    private record AnyOf(List<X509TrustManager> managers) implements X509TrustManager {
        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            CertificateException last = null;
            for (var m : managers) {
                try {
                    m.checkServerTrusted(chain, authType);
                    return;
                } catch (CertificateException e) {
                    last = e;
                }
            }
            throw last;
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("not a server");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return managers.stream().flatMap(m -> List.of(m.getAcceptedIssuers()).stream()).toArray(X509Certificate[]::new);
        }
    }
}
