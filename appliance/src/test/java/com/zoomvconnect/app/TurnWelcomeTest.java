package com.zoomvconnect.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.zoomvconnect.media.stun.Stun;
import com.zoomvconnect.media.stun.StunMessage;
import com.zoomvconnect.media.stun.StunWriter;
import com.zoomvconnect.media.turn.TurnCredentials;
import com.zoomvconnect.media.turn.TurnServer;
import com.zoomvconnect.testing.ApiClient;
import com.zoomvconnect.testing.SignalSocket;
import com.zoomvconnect.testing.TestAppliance;
import java.io.DataInputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The welcome carries TURN credentials that the appliance's own TURN server accepts, and only those. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TurnWelcomeTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private Appliance appliance;
    private ApiClient api;
    private String meetingId;

    @BeforeAll
    void start() {
        appliance = TestAppliance.startH2();
        api = new ApiClient(appliance.httpsPort());
        var r = api.post("/api/v1/auth/register", null, Map.of("email", "t@example.com", "password", "password1", "displayName", "T"));
        meetingId = api.post("/api/v1/meetings", r.json().path("accessToken").asText(), Map.of("title", "t", "allowGuests", true))
                .json().path("id").asText();
    }

    @AfterAll
    void stop() {
        appliance.close();
    }

    private JsonNode welcome(String name) throws Exception {
        var grant = api.post("/api/v1/meetings/" + meetingId + "/join", null, Map.of("displayName", name));
        assertEquals(200, grant.status(), grant.body());
        try (var s = SignalSocket.join(appliance.httpsPort(), grant.json().path("token").asText())) {
            return s.next("welcome");
        }
    }

    @Test
    void welcomeOffersTheBuiltInTurnServerForTheHostTheClientUsed() throws Exception {
        JsonNode w = welcome("Ann");
        JsonNode ice = w.path("iceServers");
        assertEquals(1, ice.size(), w.toString());
        assertEquals("turn:localhost:" + appliance.turnPort() + "?transport=udp", ice.get(0).path("urls").get(0).asText());
        assertEquals("turn:localhost:" + appliance.turnPort() + "?transport=tcp", ice.get(0).path("urls").get(1).asText());
        assertEquals("turns:localhost:" + appliance.httpsPort() + "?transport=tcp", ice.get(0).path("urls").get(2).asText(),
                "TURN over TLS on the HTTPS port the client came by");
        var user = TurnCredentials.parse(ice.get(0).path("username").asText()).orElseThrow();
        assertEquals(w.path("participantId").asText(), user.user());
        long inHours = (user.expiresEpochSecond() - System.currentTimeMillis() / 1000) / 3600;
        assertTrue(inHours >= 11 && inHours <= 12, "valid for the configured 12 h, got " + inHours + " h");
        // Signed with the secret generated once in the data directory, which no client ever sees.
        byte[] secret = Files.readAllBytes(appliance.config().dataDir().resolve("secrets").resolve("turn.key"));
        assertEquals(TurnCredentials.password(secret, ice.get(0).path("username").asText()), ice.get(0).path("credential").asText());
    }

    @Test
    void eachWelcomeMintsItsOwnCredential() throws Exception {
        assertNotEquals(welcome("Bo").path("iceServers").get(0).path("credential").asText(),
                welcome("Cy").path("iceServers").get(0).path("credential").asText());
    }

    @Test
    void allocateWithTheWelcomeCredentialSucceedsAndWithAWrongOneIsRefused() throws Exception {
        JsonNode server = welcome("Di").path("iceServers").get(0);
        String username = server.path("username").asText();
        var turn = new InetSocketAddress(InetAddress.getLoopbackAddress(), appliance.turnPort());
        try (var socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            socket.setSoTimeout(5000);
            // RFC 8656 §7.2 / RFC 8489 §9.2.4: the first, unsigned Allocate is challenged with realm and nonce.
            StunMessage challenge = exchange(socket, turn, allocate());
            assertEquals(401, challenge.errorCode().orElseThrow());
            String realm = challenge.realm().orElseThrow();
            String nonce = challenge.nonce().orElseThrow();

            byte[] wrongKey = TurnCredentials.longTermKey(username, realm, "not-the-password");
            StunMessage refused = exchange(socket, turn, allocate().username(username).realm(realm).nonce(nonce).messageIntegrity(wrongKey));
            assertEquals(401, refused.errorCode().orElseThrow(), "a wrong password is refused");

            byte[] key = TurnCredentials.longTermKey(username, realm, server.path("credential").asText());
            StunMessage ok = exchange(socket, turn, allocate().username(username).realm(realm).nonce(nonce).messageIntegrity(key));
            assertEquals(Stun.CLASS_SUCCESS, Stun.messageClass(ok.type()), "allocated, got " + ok.errorCode());
            InetSocketAddress relayed = ok.xorAddress(Stun.XOR_RELAYED_ADDRESS).orElseThrow();
            assertEquals(InetAddress.getLoopbackAddress(), relayed.getAddress(), "relay on the server's host address");
        }
        assertEquals(1, appliance.turnServer().orElseThrow().allocationCount());
        var metrics = api.send(api.builder("/metrics", null).header("Accept", "text/plain").GET());
        assertTrue(metrics.body().contains("zvc_turn_allocations_created_total"), "TURN counters exported");
        assertTrue(metrics.body().contains("zvc_turn_refused_bad_credentials_total"), "refusals by reason exported");
        assertTrue(metrics.body().contains("zvc_turn_allocations "), "live allocations gauge exported");
    }

    @Test
    void turnOverTlsSharesTheHttpsPortAndTheConnectionOwnsItsAllocation() throws Exception {
        SSLSocket tls = (SSLSocket) ApiClient.trustAll().getSocketFactory().createSocket("localhost", appliance.httpsPort());
        tls.setSoTimeout(10_000);
        tls.startHandshake();
        allocateOverStreamThenClose(tls, "Ed");
    }

    @Test
    void turnOverTcpOnTheTurnPortAllocatesLikeUdp() throws Exception {
        Socket tcp = new Socket(InetAddress.getLoopbackAddress(), appliance.turnPort());
        tcp.setSoTimeout(10_000);
        allocateOverStreamThenClose(tcp, "Flo");
    }

    /** Allocates over a stream connection with a welcome's credential, checks HTTPS meanwhile, and closes it. */
    private void allocateOverStreamThenClose(Socket stream, String name) throws Exception {
        JsonNode server = welcome(name).path("iceServers").get(0);
        String username = server.path("username").asText();
        TurnServer turn = appliance.turnServer().orElseThrow();
        int before = turn.allocationCount();
        try (stream) {
            StunMessage challenge = exchange(stream, allocate());
            assertEquals(401, challenge.errorCode().orElseThrow(), "challenged like over UDP");
            String realm = challenge.realm().orElseThrow();
            String nonce = challenge.nonce().orElseThrow();
            byte[] key = TurnCredentials.longTermKey(username, realm, server.path("credential").asText());
            StunMessage ok = exchange(stream, allocate().username(username).realm(realm).nonce(nonce).messageIntegrity(key));
            assertEquals(Stun.CLASS_SUCCESS, Stun.messageClass(ok.type()), "allocated over a stream, got " + ok.errorCode());
            assertTrue(ok.xorAddress(Stun.XOR_RELAYED_ADDRESS).isPresent(), "a relayed address");
            assertEquals(before + 1, turn.allocationCount());
            assertTrue(turn.snapshot().get("streams_open") >= 1, turn.snapshot().toString());

            // The HTTPS port still serves HTTPS to everyone else, meanwhile.
            assertEquals(200, api.send(api.builder("/api/v1/branding", null).GET()).status());
        }
        // RFC 8656 §3.1: the allocation lives as long as its connection.
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (turn.allocationCount() != before && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(before, turn.allocationCount(), "closing the connection removed its allocation");
    }

    private static StunMessage exchange(Socket socket, StunWriter request) throws Exception {
        socket.getOutputStream().write(request.toBytes());
        socket.getOutputStream().flush();
        DataInputStream in = new DataInputStream(socket.getInputStream());
        byte[] header = new byte[Stun.HEADER_LENGTH];
        in.readFully(header);
        int length = ((header[2] & 0xff) << 8) | (header[3] & 0xff);
        byte[] whole = Arrays.copyOf(header, Stun.HEADER_LENGTH + length);
        in.readFully(whole, Stun.HEADER_LENGTH, length);
        return StunMessage.parse(whole, 0, whole.length);
    }

    private static StunWriter allocate() {
        byte[] tid = new byte[12];
        RANDOM.nextBytes(tid);
        return new StunWriter(Stun.ALLOCATE, tid).int32(Stun.REQUESTED_TRANSPORT, 17 << 24); // UDP, RFC 8656 §18.11
    }

    private static StunMessage exchange(DatagramSocket socket, InetSocketAddress to, StunWriter request) throws Exception {
        byte[] b = request.toBytes();
        socket.send(new DatagramPacket(b, b.length, to));
        var p = new DatagramPacket(new byte[2048], 2048);
        socket.receive(p);
        return StunMessage.parse(Arrays.copyOf(p.getData(), p.getLength()), 0, p.getLength());
    }
}
