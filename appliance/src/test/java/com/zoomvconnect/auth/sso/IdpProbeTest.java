package com.zoomvconnect.auth.sso;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import com.zoomvconnect.testing.Ports;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The network checks of {@code zvc-admin sso test} against real sockets: a closed port, an HTTPS server with a
 * self-signed certificate (not trusted, then trusted through the CA file but reached by an address it does
 * not name), a name that does not resolve, and the clock comparison with the server's Date header.
 */
class IdpProbeTest {
    private static HttpsServer server;
    private static Path caFile;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        var g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair key = g.generateKeyPair();
        Instant now = Instant.now();
        var name = new X500Name("CN=idp.test");
        var b = new JcaX509v3CertificateBuilder(name, new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(Duration.ofDays(2))), name, key.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
        X509Certificate cert = new JcaX509CertificateConverter()
                .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate())));
        caFile = Files.createTempFile("zvc-probe-ca-", ".pem");
        var pem = new StringWriter();
        try (var w = new JcaPEMWriter(pem)) {
            w.writeObject(cert);
        }
        Files.writeString(caFile, pem.toString());
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("k", key.getPrivate(), "t".toCharArray(), new Certificate[] {cert});
        var kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "t".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        // On 0.0.0.0 so that 127.0.0.2, an address the certificate does not name, reaches it too.
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/", ex -> {
            byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        port = server.getAddress().getPort();
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop(0);
        Files.deleteIfExists(caFile);
    }

    private static List<Check> reach(String url, Optional<Path> ca) {
        List<Check> checks = new ArrayList<>();
        new IdpProbe("oidc", ca, "oidc.caFile", Clock.systemUTC(), checks).reach(URI.create(url));
        return checks;
    }

    private static Check last(List<Check> checks) {
        return checks.getLast();
    }

    @Test
    void aTrustedCertificateThatNamesTheHostPassesEveryStep() {
        List<Check> checks = reach("https://localhost:" + port + "/realms/x", Optional.of(caFile));
        assertEquals(List.of("DNS", "Connection", "TLS certificate"), checks.stream().map(Check::name).toList());
        assertTrue(checks.stream().noneMatch(Check::failed), checks.toString());
    }

    @Test
    void aClosedPortIsReportedAsConnectionRefused() throws Exception {
        int closed = Ports.free(); // nothing listens there
        Check c = last(reach("https://127.0.0.1:" + closed, Optional.of(caFile)));
        assertEquals("Connection", c.name());
        assertTrue(c.failed() && c.detail().contains("connection refused"), c.detail());
    }

    @Test
    void aSelfSignedCertificateIsReportedAsNotTrustedWithTheSettingToFixIt() {
        Check c = last(reach("https://127.0.0.1:" + port, Optional.empty()));
        assertEquals("TLS certificate", c.name());
        assertTrue(c.failed() && c.detail().contains("not trusted") && c.detail().contains("self-signed (CN=idp.test)")
                && c.detail().contains("oidc.caFile"), c.detail());
    }

    @Test
    void aCertificateForAnotherNameIsReportedAsAHostNameMismatch() {
        Check c = last(reach("https://127.0.0.2:" + port, Optional.of(caFile)));
        assertTrue(c.failed() && c.detail().contains("is for localhost, 127.0.0.1, not for 127.0.0.2"), c.detail());
    }

    @Test
    void aNameThatDoesNotResolveIsReportedAsDns() {
        Check c = last(reach("https://idp.zvc-test.invalid", Optional.of(caFile)));
        assertEquals("DNS", c.name());
        assertTrue(c.failed() && c.detail().contains("does not resolve"), c.detail());
    }

    @Test
    void clocksAreComparedWithTheServersDateHeader() {
        URI url = URI.create("https://localhost:" + port + "/");
        List<Check> close = new ArrayList<>();
        new IdpProbe("saml", Optional.of(caFile), "saml.caFile", Clock.systemUTC(), close).getAndCompareClocks("m", url,
                Duration.ofSeconds(180));
        assertEquals("pass", close.getLast().toMap().get("status"), close.toString());

        List<Check> ahead = new ArrayList<>();
        new IdpProbe("saml", Optional.of(caFile), "saml.caFile", Clock.offset(Clock.systemUTC(), Duration.ofMinutes(5)), ahead)
                .getAndCompareClocks("m", url, Duration.ofSeconds(180));
        Check c = ahead.getLast();
        assertEquals("Clock", c.name());
        assertTrue(c.failed() && c.detail().matches(".*is (29[89]|30[0-2]) s ahead of the IdP's.*"), c.detail());
    }
}
