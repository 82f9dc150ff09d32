package com.zoomvconnect.signal;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
        s.send("{\"type\":\"join\",\"token\":\"" + token + "\"}");
        assertEquals("welcome", s.next().path("type").asText());
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
