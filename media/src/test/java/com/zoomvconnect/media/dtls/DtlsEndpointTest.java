package com.zoomvconnect.media.dtls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.bouncycastle.tls.SRTPProtectionProfile;
import org.junit.jupiter.api.Test;

/** Real DTLS 1.2 handshakes between our client and server over in-memory datagram links. */
class DtlsEndpointTest {
    private static final DtlsCertificate SERVER_CERT = DtlsCertificate.generate();
    private static final DtlsCertificate CLIENT_CERT = DtlsCertificate.generate();

    record Outcome(CompletableFuture<SrtpKeyMaterial> keys, CompletableFuture<String> failure, DtlsEndpoint endpoint) {
    }

    /** Wires two endpoints together; {@code drop} decides per datagram whether the link loses it. */
    private static Outcome[] handshake(String serverExpects, String clientExpects, java.util.function.IntPredicate drop) {
        var serverRef = new AtomicReference<DtlsEndpoint>();
        var clientRef = new AtomicReference<DtlsEndpoint>();
        var counter = new AtomicInteger();
        DtlsEndpoint server = new DtlsEndpoint(DtlsEndpoint.Role.SERVER, SERVER_CERT, serverExpects, (b, o, l) -> {
            if (!drop.test(counter.incrementAndGet())) {
                clientRef.get().receive(Arrays.copyOfRange(b, o, o + l));
            }
        }, 45_000);
        DtlsEndpoint client = new DtlsEndpoint(DtlsEndpoint.Role.CLIENT, CLIENT_CERT, clientExpects, (b, o, l) -> {
            if (!drop.test(counter.incrementAndGet())) {
                serverRef.get().receive(Arrays.copyOfRange(b, o, o + l));
            }
        }, 45_000);
        serverRef.set(server);
        clientRef.set(client);
        var s = new Outcome(new CompletableFuture<>(), new CompletableFuture<>(), server);
        var c = new Outcome(new CompletableFuture<>(), new CompletableFuture<>(), client);
        server.start(s.keys()::complete, s.failure()::complete);
        client.start(c.keys()::complete, c.failure()::complete);
        return new Outcome[] {s, c};
    }

    @Test
    void negotiatesGcmAndBothSidesDeriveMatchingKeys() throws Exception {
        Outcome[] o = handshake(CLIENT_CERT.fingerprint(), SERVER_CERT.fingerprint(), n -> false);
        SrtpKeyMaterial server = o[0].keys().get(20, TimeUnit.SECONDS);
        SrtpKeyMaterial client = o[1].keys().get(20, TimeUnit.SECONDS);
        assertEquals(SRTPProtectionProfile.SRTP_AEAD_AES_128_GCM, server.profileId());
        assertEquals(server.profileId(), client.profileId());
        assertArrayEquals(server.localKey(), client.remoteKey());
        assertArrayEquals(server.localSalt(), client.remoteSalt());
        assertArrayEquals(server.remoteKey(), client.localKey());
        assertEquals(16, server.localKey().length);
        assertEquals(12, server.localSalt().length);
        assertTrue(!Arrays.equals(server.localKey(), server.remoteKey()));
    }

    @Test
    void bothSidesNameTheNegotiatedVersion() throws Exception {
        Outcome[] o = handshake(CLIENT_CERT.fingerprint(), SERVER_CERT.fingerprint(), n -> false);
        o[0].keys().get(20, TimeUnit.SECONDS);
        o[1].keys().get(20, TimeUnit.SECONDS);
        assertEquals("DTLS 1.2", o[0].endpoint().negotiatedVersion());
        assertEquals("DTLS 1.2", o[1].endpoint().negotiatedVersion());
        assertTrue(o[0].endpoint().negotiatedDtls12());
        // Our own client is a DTLS 1.2 client: no supported_versions (browsers send one, see MeetingBrowserTest).
        assertEquals("none", o[0].endpoint().peerOfferedVersions());
        assertTrue(!o[0].endpoint().peerOfferedDtls13());
    }

    @Test
    void refusesAPeerWhoseCertificateDoesNotMatchTheFingerprint() throws Exception {
        String wrong = DtlsCertificate.generate().fingerprint();
        Outcome[] o = handshake(wrong, SERVER_CERT.fingerprint(), n -> false);
        assertNotNull(o[0].failure().get(20, TimeUnit.SECONDS));
        assertTrue(!o[0].keys().isDone());
    }

    @Test
    void clientRefusesAServerWithTheWrongFingerprint() throws Exception {
        Outcome[] o = handshake(CLIENT_CERT.fingerprint(), DtlsCertificate.generate().fingerprint(), n -> false);
        assertNotNull(o[1].failure().get(20, TimeUnit.SECONDS));
    }

    @Test
    void completesDespiteLostDatagramsThanksToRetransmission() throws Exception {
        var rnd = new Random(11);
        // 20 % random loss: every flight needs retransmissions, and each retry can get through.
        Outcome[] o = handshake(CLIENT_CERT.fingerprint(), SERVER_CERT.fingerprint(), n -> {
            synchronized (rnd) {
                return rnd.nextInt(5) == 0;
            }
        });
        CompletableFuture.anyOf(CompletableFuture.allOf(o[0].keys(), o[1].keys()), o[0].failure(), o[1].failure())
                .get(60, TimeUnit.SECONDS);
        assertTrue(!o[0].failure().isDone() && !o[1].failure().isDone(),
                "server: " + o[0].failure().getNow(null) + ", client: " + o[1].failure().getNow(null));
        assertArrayEquals(o[0].keys().get().localKey(), o[1].keys().get().remoteKey());
    }

    @Test
    void garbageRecordsFailTheHandshakeCleanly() throws Exception {
        var failure = new CompletableFuture<String>();
        var server = new DtlsEndpoint(DtlsEndpoint.Role.SERVER, SERVER_CERT, CLIENT_CERT.fingerprint(), (b, o, l) -> { }, 3_000);
        server.start(k -> failure.complete("unexpected keys"), failure::complete);
        var rnd = new Random(5);
        for (int i = 0; i < 200; i++) {
            byte[] junk = new byte[rnd.nextInt(300) + 1];
            rnd.nextBytes(junk);
            junk[0] = (byte) (20 + rnd.nextInt(44)); // looks like DTLS by its first byte
            server.receive(junk);
        }
        String reason = failure.get(20, TimeUnit.SECONDS);
        assertTrue(!"unexpected keys".equals(reason));
        server.close();
    }

    @Test
    void fingerprintsUseTheSdpForm() {
        assertTrue(SERVER_CERT.fingerprint().matches("([0-9A-F]{2}:){31}[0-9A-F]{2}"));
        assertTrue(DtlsCertificate.matches(SERVER_CERT.fingerprint().toLowerCase(), SERVER_CERT.der()));
    }
}
