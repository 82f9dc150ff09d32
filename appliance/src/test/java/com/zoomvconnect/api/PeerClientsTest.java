package com.zoomvconnect.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.zoomvconnect.app.Appliance;
import com.zoomvconnect.meeting.MeetingPlacement.HostingNode;
import com.zoomvconnect.testing.ApiClient;
import com.zoomvconnect.testing.TestAppliance;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/** A node trusts a peer's self-signed certificate only when it is the one the peer recorded (its SHA-256). */
class PeerClientsTest {
    @Test
    void aPeerIsTrustedByItsRecordedCertificateAndRefusedWithAnother() throws Exception {
        try (Appliance a = TestAppliance.startH2()) {
            String url = "https://127.0.0.1:" + a.httpsPort();
            var peers = new PeerClients();
            var get = HttpRequest.newBuilder(URI.create(url + "/health/ready")).GET().build();

            var right = peers.client(new HostingNode("a", url, false, served(a.httpsPort())))
                    .send(get, HttpResponse.BodyHandlers.ofString());
            assertEquals(200, right.statusCode());

            var wrong = new HostingNode("a", url, false, "00".repeat(32));
            assertThrows(SSLHandshakeException.class, () -> peers.client(wrong).send(get, HttpResponse.BodyHandlers.ofString()));
            // Without a recorded certificate the JVM's trust store decides: a self-signed one is refused.
            var none = new HostingNode("a", url, false, null);
            assertThrows(SSLHandshakeException.class, () -> peers.client(none).send(get, HttpResponse.BodyHandlers.ofString()));
        }
    }

    /** The SHA-256 of the certificate the appliance serves, read from a handshake. */
    private static String served(int port) throws Exception {
        try (var s = (SSLSocket) ApiClient.trustAll().getSocketFactory().createSocket("127.0.0.1", port)) {
            s.startHandshake();
            var leaf = (X509Certificate) s.getSession().getPeerCertificates()[0];
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(leaf.getEncoded()));
        }
    }
}
