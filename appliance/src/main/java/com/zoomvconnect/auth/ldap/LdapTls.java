package com.zoomvconnect.auth.ldap;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS context for the directory connection: the JVM's trusted CAs, or only the CAs of
 * {@code ldap.caFile} (PEM) for a directory with a private CA. Certificates are always checked.
 */
final class LdapTls {
    private LdapTls() {
    }

    /**
     * Sockets that check the certificate chain and that the certificate names the host connected to
     * (RFC 4513 §3.1.3, the JDK's "LDAPS" endpoint identification), for LDAPS and for StartTLS alike.
     */
    static SSLSocketFactory socketFactory(Optional<Path> caFile) throws IOException, GeneralSecurityException {
        return new Verifying(context(caFile).getSocketFactory());
    }

    private static SSLContext context(Optional<Path> caFile) throws IOException, GeneralSecurityException {
        if (caFile.isEmpty()) {
            return SSLContext.getDefault();
        }
        Collection<? extends Certificate> cas;
        try (InputStream in = Files.newInputStream(caFile.get())) {
            cas = CertificateFactory.getInstance("X.509").generateCertificates(in);
        }
        if (cas.isEmpty()) {
            throw new GeneralSecurityException("no certificate in " + caFile.get());
        }
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int i = 0;
        for (Certificate ca : cas) {
            store.setCertificateEntry("ca-" + i++, ca);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    /** Sets endpoint identification on every socket it makes; the trust manager then checks the name. */
    private static final class Verifying extends SSLSocketFactory {
        private final SSLSocketFactory inner;

        Verifying(SSLSocketFactory inner) {
            this.inner = inner;
        }

        private static Socket verify(Socket socket) {
            if (socket instanceof SSLSocket ssl) {
                SSLParameters p = ssl.getSSLParameters();
                p.setEndpointIdentificationAlgorithm("LDAPS");
                ssl.setSSLParameters(p);
            }
            return socket;
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return inner.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return inner.getSupportedCipherSuites();
        }

        @Override
        public Socket createSocket() throws IOException {
            return verify(inner.createSocket());
        }

        @Override
        public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
            return verify(inner.createSocket(s, host, port, autoClose));
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return verify(inner.createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return verify(inner.createSocket(host, port, localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return verify(inner.createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
            return verify(inner.createSocket(address, port, localAddress, localPort));
        }
    }
}
