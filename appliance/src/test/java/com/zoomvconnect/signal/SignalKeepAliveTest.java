package com.zoomvconnect.signal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.zoomvconnect.app.Appliance;
import com.zoomvconnect.testing.ApiClient;
import com.zoomvconnect.testing.SignalSocket;
import com.zoomvconnect.testing.TestAppliance;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The server pings every signaling socket ({@link SignalLimits#pingInterval}, 300 ms here): a client
 * that only listens stays (its pongs are heard), one that answers nothing for three intervals is
 * closed (1001, {@code no answer}) and leaves its meeting — it is not left in the room as a ghost.
 */
class SignalKeepAliveTest {
    private static final Duration PING = Duration.ofMillis(300);

    @Test
    void aListeningClientStaysAndASilentOneIsClosedAndLeaves() throws Exception {
        try (Appliance a = TestAppliance.startH2WithSignalLimits(SignalLimits.DEFAULTS.withPingInterval(PING))) {
            var api = new ApiClient(a.httpsPort());
            var r = api.post("/api/v1/auth/register", null, Map.of("email", "host@example.com", "password", "password1",
                    "displayName", "Host"));
            String token = r.json().path("accessToken").asText();
            String code = api.post("/api/v1/meetings", token, Map.of("title", "Quiet", "allowGuests", true)).json()
                    .path("code").asText();

            // java.net.http answers pings by itself, as browsers do: a client that sends nothing else.
            var listener = SignalSocket.join(a.httpsPort(), grant(api, code, "Listener"));
            assertEquals("welcome", listener.next().path("type").asText());
            // A client that reads nothing and so answers no ping (a dead peer, a half-open connection).
            var silent = new RawSignalSocket(a.httpsPort(), 0);
            silent.send("{\"type\":\"join\",\"token\":\"" + grant(api, code, "Silent") + "\"}");
            JsonNode joined = listener.next("participantJoined");
            assertEquals("Silent", joined.path("participant").path("displayName").asText(), joined.toString());

            JsonNode left = listener.next("participantLeft");
            assertEquals(joined.path("participant").path("id").asText(), left.path("participantId").asText(), left.toString());
            assertEquals(1, a.signal().metrics().openConnections(), "the silent client's socket closed, the listener's open");

            // The listener, which answered every ping, is still there several intervals later.
            Thread.sleep(10 * PING.toMillis());
            assertFalse(listener.closed.isDone(), "the listening client stays connected");
            assertEquals(1, a.liveMeetings().participantCount());
            listener.close();
            assertEquals(1000, listener.closed.get(10, TimeUnit.SECONDS));
            silent.close();
        }
    }

    private static String grant(ApiClient api, String code, String name) {
        return api.post("/api/v1/meetings/" + code + "/join", null, Map.of("displayName", name)).json().path("token").asText();
    }
}
