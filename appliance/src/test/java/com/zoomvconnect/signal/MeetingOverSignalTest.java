package com.zoomvconnect.signal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.zoomvconnect.app.Appliance;
import com.zoomvconnect.testing.ApiClient;
import com.zoomvconnect.testing.SignalSocket;
import com.zoomvconnect.testing.TestAppliance;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A join grant signed before a meeting ended or was cancelled does not open it again: the room
 * asks the database, not the grant, whether the meeting is still on.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MeetingOverSignalTest {
    private Appliance appliance;
    private ApiClient api;
    private String hostToken;

    @BeforeAll
    void start() {
        appliance = TestAppliance.startH2();
        api = new ApiClient(appliance.httpsPort());
        var r = api.post("/api/v1/auth/register", null, Map.of("email", "host@example.com", "password", "password1",
                "displayName", "Host"));
        hostToken = r.json().path("accessToken").asText();
    }

    @AfterAll
    void stop() {
        appliance.close();
    }

    private String newMeeting() {
        return api.post("/api/v1/meetings", hostToken, Map.of("title", "t", "allowGuests", true)).json().path("id").asText();
    }

    private String guestGrant(String meetingId, String name) {
        var r = api.post("/api/v1/meetings/" + meetingId + "/join", null, Map.of("displayName", name));
        assertEquals(200, r.status(), r.body());
        return r.json().path("token").asText();
    }

    private static void assertRefused(SignalSocket s, String message) throws Exception {
        JsonNode m = s.next();
        assertEquals("refused", m.path("type").asText(), m.toString());
        assertEquals("meeting_ended", m.path("code").asText(), m.toString());
        assertEquals(message, m.path("message").asText());
        assertTrue(s.closed.get(30, TimeUnit.SECONDS) >= 1000);
    }

    @Test
    void grantFetchedBeforeTheMeetingEndedIsRefused() throws Exception {
        String id = newMeeting();
        var present = SignalSocket.join(appliance.httpsPort(), guestGrant(id, "Present"));
        assertEquals("welcome", present.next().path("type").asText());
        String early = guestGrant(id, "Early");
        assertEquals(200, api.post("/api/v1/meetings/" + id + "/end", hostToken, Map.of()).status());
        assertEquals("meetingEnded", present.next("meetingEnded").path("type").asText());

        assertRefused(SignalSocket.join(appliance.httpsPort(), early), "This meeting has ended");

        // The host starts it again by joining: a grant signed now opens it.
        var r = api.post("/api/v1/meetings/" + id + "/join", hostToken, Map.of());
        assertEquals(200, r.status(), r.body());
        var host = SignalSocket.join(appliance.httpsPort(), r.json().path("token").asText());
        JsonNode welcome = host.next();
        assertEquals("welcome", welcome.path("type").asText(), welcome.toString());
        assertEquals("host", welcome.path("role").asText());
        host.close();
    }

    @Test
    void grantFetchedBeforeTheMeetingWasCancelledIsRefused() throws Exception {
        String id = newMeeting();
        String early = guestGrant(id, "Early");
        assertEquals(204, api.delete("/api/v1/meetings/" + id, hostToken).status());

        assertRefused(SignalSocket.join(appliance.httpsPort(), early), "This meeting was cancelled");
        assertEquals(0, appliance.liveMeetings().participantCount());
    }
}
