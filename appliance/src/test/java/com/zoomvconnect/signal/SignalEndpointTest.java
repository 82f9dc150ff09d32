package com.zoomvconnect.signal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zoomvconnect.app.Appliance;
import com.zoomvconnect.testing.ApiClient;
import com.zoomvconnect.testing.TestAppliance;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The signaling socket against hostile and out-of-order input: errors, never crashes or leaks. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SignalEndpointTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private Appliance appliance;
    private ApiClient api;
    private String code;

    @BeforeAll
    void start() {
        appliance = TestAppliance.startH2();
        api = new ApiClient(appliance.httpsPort());
        var r = api.post("/api/v1/auth/register", null, Map.of("email", "s@example.com", "password", "password1", "displayName", "S"));
        code = api.post("/api/v1/meetings", r.json().path("accessToken").asText(), Map.of("title", "s", "allowGuests", true))
                .json().path("code").asText();
    }

    @AfterAll
    void stop() {
        appliance.close();
    }

    /** A raw socket that queues every text message and records the close. */
    final class Socket implements WebSocket.Listener {
        final LinkedBlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        final StringBuilder partial = new StringBuilder();
        final WebSocket ws;

        Socket() {
            var params = new SSLParameters();
            params.setEndpointIdentificationAlgorithm(null);
            ws = HttpClient.newBuilder().sslContext(ApiClient.trustAll()).sslParameters(params).build()
                    .newWebSocketBuilder().buildAsync(URI.create("wss://localhost:" + appliance.httpsPort() + "/signal"), this).join();
        }

        @Override
        public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    messages.add(JSON.readTree(partial.toString()));
                } catch (java.io.IOException e) {
                    throw new AssertionError(e);
                }
                partial.setLength(0);
            }
            w.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket w, int status, String reason) {
            closed.complete(status);
            return null;
        }

        void send(String text) {
            ws.sendText(text, true).join();
        }

        JsonNode next() throws InterruptedException {
            JsonNode m = messages.poll(10, TimeUnit.SECONDS);
            if (m == null) {
                throw new AssertionError("no message");
            }
            return m;
        }
    }

    private String grant(String name) {
        return api.post("/api/v1/meetings/" + code + "/join", null, Map.of("displayName", name)).json().path("token").asText();
    }

    @Test
    void malformedAndUnknownMessagesGetErrorsAndTheSocketStaysUsable() throws Exception {
        var s = new Socket();
        for (String bad : new String[] {"not json", "[1,2]", "{}", "{\"type\":42}", "{\"type\":\"launchRockets\"}", "null"}) {
            s.send(bad);
            JsonNode e = s.next();
            assertEquals("error", e.path("type").asText(), bad);
        }
        s.send("{\"type\":\"publishOffer\",\"sdp\":\"v=0\"}");
        assertEquals("not_joined", s.next().path("code").asText());
        s.send("{\"type\":\"ping\"}");
        assertEquals("pong", s.next().path("type").asText());
        s.send("{\"type\":\"join\",\"token\":\"" + grant("Eve") + "\"}");
        assertEquals("welcome", s.next().path("type").asText());
        s.send("{\"type\":\"join\",\"token\":\"x\"}");
        assertEquals("already_joined", s.next().path("code").asText());
        s.send("{\"type\":\"publishOffer\",\"sdp\":\"garbage\",\"tracks\":[]}");
        assertEquals("invalid_sdp", s.next().path("code").asText());
        s.send("{\"type\":\"subscribeAnswer\",\"sdp\":\"v=0\\r\\n\"}");
        JsonNode e = s.next();
        assertEquals("error", e.path("type").asText());
        s.send("{\"type\":\"mute\",\"source\":\"toaster\",\"muted\":true}");
        assertEquals("invalid_field", s.next().path("code").asText());
        s.send("{\"type\":\"leave\"}");
        assertTrue(s.closed.get(5, TimeUnit.SECONDS) >= 1000);
    }

    @Test
    void messagesSentInFragmentsAreJoinedAndOversizedOnesRefused() throws Exception {
        var s = new Socket();
        // A large SDP answer may arrive as several WebSocket frames: they form one message.
        String ping = "{\"type\":\"ping\",\"pad\":\"" + "x".repeat(40_000) + "\"}";
        s.ws.sendText(ping.substring(0, 20_000), false).join();
        s.ws.sendText(ping.substring(20_000, 30_001), false).join();
        s.ws.sendText(ping.substring(30_001), true).join();
        assertEquals("pong", s.next().path("type").asText());
        // Too large in total: one error, the rest of that message ignored, the socket still usable.
        String part = "x".repeat(200_000);
        s.ws.sendText("{\"type\":\"ping\",\"pad\":\"" + part, false).join();
        s.ws.sendText(part, false).join();
        s.ws.sendText(part + "\"}", true).join();
        assertEquals("too_large", s.next().path("code").asText());
        s.send("{\"type\":\"ping\"}");
        assertEquals("pong", s.next().path("type").asText());
    }

    @Test
    void forgedOrExpiredTokensAreRefused() throws Exception {
        var s = new Socket();
        String token = grant("Mallory");
        String forged = token.substring(0, token.length() - 3) + (token.endsWith("A") ? "BBB" : "AAA");
        s.send("{\"type\":\"join\",\"token\":\"" + forged + "\"}");
        assertEquals("invalid_token", s.next().path("code").asText());
        var again = new Socket();
        again.send("{\"type\":\"join\",\"token\":\"" + token + "\"}");
        assertEquals("welcome", again.next().path("type").asText());
    }

    @Test
    void anInvalidJoinClosesTheSocketAtOnceWithPolicyViolation() throws Exception {
        for (String join : new String[] {"{\"type\":\"join\",\"token\":\"forged\"}", "{\"type\":\"join\"}",
                "{\"type\":\"join\",\"resume\":\"made-up\"}"}) {
            var s = new Socket();
            s.send(join);
            assertEquals("invalid_token", s.next().path("code").asText(), join);
            // Closed right after the error — not left open until the 10-second join timeout.
            assertEquals(1008, s.closed.get(5, TimeUnit.SECONDS), join);
            assertTrue(s.messages.isEmpty(), join + ": nothing after the error, e.g. no join_timeout");
        }
    }

    @Test
    void aJoinTokenOpensOneSessionOnly() throws Exception {
        String token = grant("Victim");
        var victim = new Socket();
        victim.send("{\"type\":\"join\",\"token\":\"" + token + "\"}");
        JsonNode welcome = victim.next();
        assertEquals("welcome", welcome.path("type").asText());
        // Someone who saw the token opens a socket with it: refused, and the victim stays.
        var thief = new Socket();
        thief.send("{\"type\":\"join\",\"token\":\"" + token + "\"}");
        assertEquals("token_reused", thief.next().path("code").asText());
        assertEquals(1008, thief.closed.get(5, TimeUnit.SECONDS));
        victim.send("{\"type\":\"ping\"}");
        assertEquals("pong", victim.next().path("type").asText(), "the victim was not replaced");
        assertFalse(victim.closed.isDone());
    }

    @Test
    void aDroppedSessionIsResumedOnceWithTheSecretFromItsWelcome() throws Exception {
        var watcher = new Socket();
        watcher.send("{\"type\":\"join\",\"token\":\"" + grant("Watcher") + "\"}");
        assertEquals("welcome", watcher.next().path("type").asText());
        var first = new Socket();
        first.send("{\"type\":\"join\",\"token\":\"" + grant("Roaming") + "\"}");
        JsonNode welcome = first.next();
        String id = welcome.path("participantId").asText();
        String secret = welcome.path("resumeToken").asText();
        assertTrue(secret.length() >= 40, "a random resume secret: " + secret);
        assertEquals("participantJoined", watcher.next().path("type").asText());

        // The network changed under the client: its old socket still looks open to the server.
        var second = new Socket();
        second.send("{\"type\":\"join\",\"resume\":\"" + secret + "\"}");
        JsonNode back = second.next();
        assertEquals("welcome", back.path("type").asText());
        assertEquals(id, back.path("participantId").asText(), "the same participant, not a new one");
        assertNotEquals(secret, back.path("resumeToken").asText(), "each session gets its own secret");
        first.closed.get(5, TimeUnit.SECONDS); // the stale connection is let go
        JsonNode left = watcher.next();
        assertEquals("participantLeft", left.path("type").asText());
        assertEquals("reconnected", left.path("reason").asText());
        JsonNode rejoined = watcher.next();
        assertEquals("participantJoined", rejoined.path("type").asText());
        assertEquals(id, rejoined.path("participant").path("id").asText());

        // The secret was good once: replaying it is refused and does not disturb the session.
        var replay = new Socket();
        replay.send("{\"type\":\"join\",\"resume\":\"" + secret + "\"}");
        assertEquals("invalid_token", replay.next().path("code").asText());
        assertEquals(1008, replay.closed.get(5, TimeUnit.SECONDS));
        second.send("{\"type\":\"ping\"}");
        assertEquals("pong", second.next().path("type").asText());

        // Leaving on purpose ends the session for good.
        String last = back.path("resumeToken").asText();
        second.send("{\"type\":\"leave\"}");
        second.closed.get(5, TimeUnit.SECONDS);
        var afterLeave = new Socket();
        afterLeave.send("{\"type\":\"join\",\"resume\":\"" + last + "\"}");
        assertEquals("invalid_token", afterLeave.next().path("code").asText());
    }

    @Test
    void aSocketClosedForAResumeKeepsItsPlaceAndItsPeerConnectionsForTheResume() throws Exception {
        var watcher = new Socket();
        watcher.send("{\"type\":\"join\",\"token\":\"" + grant("Watcher 2") + "\"}");
        assertEquals("welcome", watcher.next().path("type").asText());
        var first = new Socket();
        first.send("{\"type\":\"join\",\"token\":\"" + grant("Blip") + "\"}");
        JsonNode welcome = first.next();
        assertFalse(welcome.path("mediaKept").asBoolean(), "a fresh join has nothing to keep");
        String id = welcome.path("participantId").asText();
        assertEquals("participantJoined", watcher.next().path("type").asText());

        // The client gives its socket up because its network changed (4000), and resumes asking to keep its media.
        var second = new Socket();
        JsonNode back = resumeAfterNetworkChange(first, second, welcome, true);
        assertEquals(id, back.path("participantId").asText());
        assertTrue(back.path("mediaKept").asBoolean(), "the server still had the peer connections: " + back);
        // Meanwhile Bob stayed in the room: the others see him replaced by his resume, never gone.
        JsonNode left = watcher.next();
        assertEquals("participantLeft", left.path("type").asText());
        assertEquals("reconnected", left.path("reason").asText());
        assertEquals("participantJoined", watcher.next().path("type").asText());

        // A resume that does not ask to keep them gets new ones (and the kept ones are closed).
        var third = new Socket();
        JsonNode fresh = resumeAfterNetworkChange(second, third, back, false);
        assertEquals(id, fresh.path("participantId").asText());
        assertFalse(fresh.path("mediaKept").asBoolean());
        assertEquals("participantLeft", watcher.next().path("type").asText());
        assertEquals("participantJoined", watcher.next().path("type").asText());

        // No resume within the wait: the participant leaves then, as disconnected.
        long closedAt = System.nanoTime();
        third.ws.sendClose(SignalConnection.RESUMING_CLOSE, "network changed").join();
        JsonNode gone = watcher.messages.poll(SignalConnection.KEEP_MILLIS + 10_000, TimeUnit.MILLISECONDS);
        assertEquals("participantLeft", gone.path("type").asText(), String.valueOf(gone));
        assertEquals("disconnected", gone.path("reason").asText());
        assertTrue(System.nanoTime() - closedAt >= TimeUnit.MILLISECONDS.toNanos(SignalConnection.KEEP_MILLIS) - 100_000_000L,
                "stayed for the resume first");
    }

    /** Closes {@code old} as the web client does when its network changed, and resumes on {@code next}; returns the welcome. */
    private static JsonNode resumeAfterNetworkChange(Socket old, Socket next, JsonNode welcome, boolean keepMedia) throws Exception {
        old.ws.sendClose(SignalConnection.RESUMING_CLOSE, "network changed").join();
        old.closed.get(5, TimeUnit.SECONDS);
        next.send("{\"type\":\"join\",\"resume\":\"" + welcome.path("resumeToken").asText() + "\",\"keepMedia\":" + keepMedia + "}");
        return next.next();
    }

    @Test
    void chatFasterThanTheLimitIsRefusedToTheSenderAndNotRelayed() throws Exception {
        var reader = new Socket();
        reader.send("{\"type\":\"join\",\"token\":\"" + grant("Reader") + "\"}");
        assertEquals("welcome", reader.next().path("type").asText());
        var flooder = new Socket();
        flooder.send("{\"type\":\"join\",\"token\":\"" + grant("Flooder") + "\"}");
        assertEquals("welcome", flooder.next().path("type").asText());
        int sent = 200;
        for (int i = 0; i < sent; i++) {
            flooder.send("{\"type\":\"chat\",\"text\":\"spam " + i + "\"}");
        }
        flooder.send("{\"type\":\"ping\"}");
        int relayed = 0;
        int refused = 0;
        while (true) {
            JsonNode m = flooder.next();
            if (m.path("type").asText().equals("pong")) {
                break;
            }
            if (m.path("type").asText().equals("chat")) {
                relayed++;
            } else if (m.path("type").asText().equals("error")) {
                assertEquals("rate_limited", m.path("code").asText());
                refused++;
            }
        }
        // The burst (20) plus what refilled meanwhile (5/s) got through; the rest was refused.
        assertTrue(relayed >= SignalLimits.DEFAULTS.chatBurst() && relayed < sent / 2, "relayed " + relayed);
        assertEquals(sent, relayed + refused);
        assertFalse(flooder.closed.isDone(), "refused, not disconnected");
        int seen = 0;
        reader.send("{\"type\":\"ping\"}");
        while (!reader.next().path("type").asText().equals("pong")) {
            seen++;
        }
        assertTrue(seen <= relayed + 1, "the reader got only what was relayed (and the flooder's arrival): " + seen);
        // Hand toggles have their own bucket: a toggle storm is cut as well.
        int handErrors = 0;
        for (int i = 0; i < 60; i++) {
            flooder.send("{\"type\":\"hand\",\"raised\":" + (i % 2 == 0) + "}");
        }
        flooder.send("{\"type\":\"ping\"}");
        for (JsonNode m = flooder.next(); !m.path("type").asText().equals("pong"); m = flooder.next()) {
            if (m.path("code").asText().equals("rate_limited")) {
                handErrors++;
            }
        }
        assertTrue(handErrors > 0, "hand toggles are limited too");
    }

    @Test
    void othersSeeJoinsLeavesAndMutes() throws Exception {
        var a = new Socket();
        a.send("{\"type\":\"join\",\"token\":\"" + grant("A") + "\"}");
        assertEquals("welcome", a.next().path("type").asText());
        var b = new Socket();
        b.send("{\"type\":\"join\",\"token\":\"" + grant("B") + "\"}");
        JsonNode welcome = b.next();
        assertTrue(welcome.path("participants").toString().contains("\"A\""));
        JsonNode joined = a.next();
        assertEquals("participantJoined", joined.path("type").asText());
        assertEquals("B", joined.path("participant").path("displayName").asText());
        b.ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
        JsonNode left = a.next();
        assertEquals("participantLeft", left.path("type").asText());
        assertEquals(joined.path("participant").path("id").asText(), left.path("participantId").asText());
    }

    @Test
    void endingTheMeetingDisconnectsEveryone() throws Exception {
        var r = api.post("/api/v1/auth/login", null, Map.of("email", "s@example.com", "password", "password1"));
        String token = r.json().path("accessToken").asText();
        String id = api.post("/api/v1/meetings", token, Map.of("title", "ends", "allowGuests", true)).json().path("id").asText();
        var s = new Socket();
        String g = api.post("/api/v1/meetings/" + id + "/join", null, Map.of("displayName", "G")).json().path("token").asText();
        s.send("{\"type\":\"join\",\"token\":\"" + g + "\"}");
        assertEquals("welcome", s.next().path("type").asText());
        assertEquals(200, api.post("/api/v1/meetings/" + id + "/end", token, Map.of()).status());
        assertEquals("meetingEnded", s.next().path("type").asText());
        s.closed.get(5, TimeUnit.SECONDS);
    }
}
