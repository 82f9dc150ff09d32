package com.zoomvconnect.api;

import com.zoomvconnect.meeting.MeetingPlacement.HostingNode;
import java.net.Socket;
import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * HTTPS clients for requests from this node to another node of the cluster. A peer is trusted when
 * it presents the certificate it recorded in the shared database ({@code cluster_node.tls_sha256},
 * so a self-signed one works), else when the JVM's trust store accepts it for its host name.
 * Threading: any thread; one client per peer certificate, kept.
 */
public final class PeerClients {
    private final Map<String, HttpClient> byCertificate = new ConcurrentHashMap<>();
    private final X509ExtendedTrustManager system = systemTrust();

    /** The client for requests to {@code peer}. */
    public HttpClient client(HostingNode peer) {
        String pin = peer.tlsSha256() == null ? "" : peer.tlsSha256();
        return byCertificate.computeIfAbsent(pin, p -> HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).sslContext(context(new Pinned(p, system))).build());
    }

    private static SSLContext context(TrustManager trust) {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {trust}, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509ExtendedTrustManager systemTrust() {
        try {
            TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            f.init((KeyStore) null);
            for (TrustManager t : f.getTrustManagers()) {
                if (t instanceof X509ExtendedTrustManager x) {
                    return x;
                }
            }
            throw new IllegalStateException("no X.509 trust manager in the JVM");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Accepts the server certificate whose SHA-256 is the pin, else asks the system's trust manager
     * (which also checks the host name: an extended trust manager is given the engine to do so).
     */
    private static final class Pinned extends X509ExtendedTrustManager {
        private final String pin;
        private final X509ExtendedTrustManager system;

        Pinned(String pin, X509ExtendedTrustManager system) {
            this.pin = pin;
            this.system = system;
        }

        private boolean pinned(X509Certificate[] chain) {
            if (pin.isEmpty() || chain.length == 0) {
                return false;
            }
            try {
                String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(chain[0].getEncoded()));
                return MessageDigest.isEqual(sha.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                        pin.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            } catch (GeneralSecurityException e) {
                return false;
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            if (!pinned(chain)) {
                system.checkServerTrusted(chain, authType, engine);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            if (!pinned(chain)) {
                system.checkServerTrusted(chain, authType, socket);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            if (!pinned(chain)) {
                system.checkServerTrusted(chain, authType);
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            throw new CertificateException("a client of peers only");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            throw new CertificateException("a client of peers only");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("a client of peers only");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return system.getAcceptedIssuers();
        }
    }
}
