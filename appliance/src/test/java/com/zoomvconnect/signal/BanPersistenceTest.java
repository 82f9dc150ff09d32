package com.zoomvconnect.signal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.zoomvconnect.app.Appliance;
import com.zoomvconnect.store.DatabaseConfig;
import com.zoomvconnect.testing.ApiClient;
import com.zoomvconnect.testing.SignalSocket;
import com.zoomvconnect.testing.TestAppliance;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A ban lasts for the meeting: past the room emptying and past a restart of the appliance. */
class BanPersistenceTest {
    private static final String PASSWORD = "password1";

    /**
     * Creates a signed-in account. The first account is the administrator; later ones need
     * registration open, which only this method knows how to arrange.
     */
    private static String account(ApiClient api, String adminToken, String email) {
        if (adminToken != null) {
            assertEquals(200, api.patch("/api/v1/admin/settings", adminToken, Map.of("selfRegistration", true)).status());
        }
        var r = api.post("/api/v1/auth/register", null, Map.of("email", email, "password", PASSWORD, "displayName", email));
        assertEquals(201, r.status(), r.body());
        return r.json().path("accessToken").asText();
    }

    private static String login(ApiClient api, String email) {
        var r = api.post("/api/v1/auth/login", null, Map.of("email", email, "password", PASSWORD));
        assertEquals(200, r.status(), r.body());
        return r.json().path("accessToken").asText();
    }

    private static String grant(ApiClient api, String token, String meetingId) {
        var r = api.post("/api/v1/meetings/" + meetingId + "/join", token, token == null ? Map.of("displayName", "Guest") : Map.of());
        assertEquals(200, r.status(), r.body());
        return r.json().path("token").asText();
    }

    private static JsonNode welcome(Appliance a, String grant) throws Exception {
        JsonNode m = SignalSocket.join(a.httpsPort(), grant).next();
        assertEquals("welcome", m.path("type").asText(), m.toString());
        return m;
    }

    private static void assertBanned(Appliance a, String grant) throws Exception {
        var s = SignalSocket.join(a.httpsPort(), grant);
        JsonNode m = s.next();
        assertEquals("refused", m.path("type").asText(), m.toString());
        assertEquals("banned", m.path("code").asText(), m.toString());
        assertTrue(s.closed.get(30, TimeUnit.SECONDS) >= 1000);
    }

    private static void awaitNoRooms(Appliance a) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (a.liveMeetings().roomCount() > 0) {
            assertTrue(System.nanoTime() < deadline, "the room was not disposed");
            Thread.sleep(50);
        }
    }

    @Test
    void bannedAccountAndGuestStayOutAfterTheRoomEmptiesAndAfterARestart() throws Exception {
        Path dir = TestAppliance.tempDir();
        String meetingId;
        Appliance a = TestAppliance.start(dir, DatabaseConfig.embedded(dir));
        try {
            var api = new ApiClient(a.httpsPort());
            String hostToken = account(api, null, "host@example.com");
            String bannedToken = account(api, hostToken, "banned@example.com");
            String otherToken = account(api, hostToken, "other@example.com");
            meetingId = api.post("/api/v1/meetings", hostToken, Map.of("title", "b", "allowGuests", true)).json().path("id").asText();

            var host = SignalSocket.join(a.httpsPort(), grant(api, hostToken, meetingId));
            assertEquals("welcome", host.next().path("type").asText());
            var banned = SignalSocket.join(a.httpsPort(), grant(api, bannedToken, meetingId));
            String bannedId = banned.next().path("participantId").asText();
            var guest = SignalSocket.join(a.httpsPort(), grant(api, null, meetingId));
            String guestId = guest.next().path("participantId").asText();

            host.send("{\"type\":\"remove\",\"participantId\":\"" + bannedId + "\",\"ban\":true}");
            host.send("{\"type\":\"remove\",\"participantId\":\"" + guestId + "\",\"ban\":true}");
            assertEquals(true, banned.next("removed").path("banned").asBoolean());
            assertEquals(true, guest.next("removed").path("banned").asBoolean());
            banned.closed.get(30, TimeUnit.SECONDS);
            guest.closed.get(30, TimeUnit.SECONDS);
            host.close();
            awaitNoRooms(a);

            assertBanned(a, grant(api, bannedToken, meetingId));
            assertBanned(a, grant(api, null, meetingId)); // guests are banned by their address
            welcome(a, grant(api, otherToken, meetingId)).path("participantId");
        } finally {
            a.close();
        }

        a = TestAppliance.start(dir, DatabaseConfig.embedded(dir));
        try {
            var api = new ApiClient(a.httpsPort());
            // The meeting is still live after the restart (as if everyone had left); the host comes back.
            var host = SignalSocket.join(a.httpsPort(), grant(api, login(api, "host@example.com"), meetingId));
            assertEquals("welcome", host.next().path("type").asText());
            assertBanned(a, grant(api, login(api, "banned@example.com"), meetingId));
            assertBanned(a, grant(api, null, meetingId));
            welcome(a, grant(api, login(api, "other@example.com"), meetingId));
            host.close();
        } finally {
            a.close();
        }
    }
}
