package com.zoomvconnect.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.zoomvconnect.app.AppConfig;
import com.zoomvconnect.app.Appliance;
import com.zoomvconnect.store.DatabaseConfig;
import com.zoomvconnect.testing.ApiClient;
import com.zoomvconnect.testing.SignalSocket;
import com.zoomvconnect.testing.TestAppliance;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** End-to-end encrypted meetings: the host's choice, the site policy, and no recording. */
class E2eeMeetingTest {

    private static Appliance start() {
        Path dir = TestAppliance.tempDir();
        AppConfig c = TestAppliance.config(dir, DatabaseConfig.embedded(dir));
        return Appliance.start(new AppConfig(c.dataDir(), c.server(), c.tls(), c.database(), c.auth(), c.media(), c.source(),
                new AppConfig.Recording(0, 0, 0, "off", false, "grid")));
    }

    private static String register(ApiClient api, String name) {
        return api.post("/api/v1/auth/register", null, Map.of("email", name + UUID.randomUUID() + "@example.com",
                "password", "password1", "displayName", name)).json().path("accessToken").asText();
    }

    @Test
    void anE2eeMeetingIsShownToEveryoneAndRefusesRecordingAndCaptionsOverTheApiAndSignaling() throws Exception {
        try (Appliance a = start()) {
            var api = new ApiClient(a.httpsPort());
            String owner = register(api, "Olga");
            JsonNode m = api.post("/api/v1/meetings", owner, Map.of("title", "Private", "e2ee", true)).json();
            assertTrue(m.path("e2ee").asBoolean(), m.toString());
            String id = m.path("id").asText();
            assertFalse(api.post("/api/v1/meetings", owner, Map.of("title", "Plain")).json().path("e2ee").asBoolean(),
                    "off unless asked for");

            var off = api.patch("/api/v1/meetings/" + id, owner, Map.of("e2ee", false));
            assertEquals(200, off.status(), off.body());
            assertFalse(off.json().path("e2ee").asBoolean(), "may change while nobody has joined");
            assertTrue(api.patch("/api/v1/meetings/" + id, owner, Map.of("e2ee", true)).json().path("e2ee").asBoolean());

            var grant = api.post("/api/v1/meetings/" + id + "/join", owner, Map.of());
            try (var host = SignalSocket.join(a.httpsPort(), grant.json().path("token").asText())) {
                JsonNode welcome = host.next("welcome");
                assertTrue(welcome.path("policy").path("e2ee").asBoolean(), welcome.toString());

                var refused = api.post("/api/v1/meetings/" + id + "/recording", owner, Map.of("action", "start"));
                assertEquals(409, refused.status(), refused.body());
                assertEquals("e2ee_no_recording", refused.errorCode());
                assertTrue(refused.body().contains("end-to-end encrypted"), refused.body());
                assertFalse(api.get("/api/v1/meetings/" + id + "/recording", owner).json().path("active").asBoolean());

                host.send("{\"type\":\"recording\",\"on\":true}");
                assertEquals("e2ee_no_recording", host.next("error").path("code").asText());

                // Live captions need the server to hear the microphones: refused the same way.
                var noCaptions = api.post("/api/v1/meetings/" + id + "/captions", owner, Map.of("action", "start"));
                assertEquals(409, noCaptions.status(), noCaptions.body());
                assertEquals("e2ee_no_captions", noCaptions.errorCode());
                assertTrue(noCaptions.body().contains("end-to-end encrypted"), noCaptions.body());
                host.send("{\"type\":\"captions\",\"enabled\":true,\"show\":true}");
                assertEquals("e2ee_no_captions", host.next("error").path("code").asText());
                assertFalse(api.get("/api/v1/meetings/" + id + "/captions", owner).json().path("active").asBoolean());

                var locked = api.patch("/api/v1/meetings/" + id, owner, Map.of("e2ee", false));
                assertEquals(409, locked.status(), locked.body());
                assertEquals("e2ee_locked", locked.errorCode());
            }
        }
    }

    @Test
    void keyMessagesAreRelayedUnreadToNamedParticipantsOfAnE2eeMeetingOnly() throws Exception {
        try (Appliance a = start()) {
            var api = new ApiClient(a.httpsPort());
            String owner = register(api, "Olga");
            String id = api.post("/api/v1/meetings", owner, Map.of("title", "Private", "e2ee", true, "allowGuests", true))
                    .json().path("id").asText();
            String plain = api.post("/api/v1/meetings", owner, Map.of("title", "Plain")).json().path("id").asText();
            try (var olga = join(a, api, id, owner, null); var bob = join(a, api, id, null, "Bob");
                 var cat = join(a, api, id, null, "Cat")) {
                olga.next("welcome");
                String bobId = bob.next("welcome").path("participantId").asText();
                cat.next("welcome");
                olga.send("{\"type\":\"e2ee\",\"to\":[\"" + bobId + "\"],\"data\":\"opaque-1\"}");
                JsonNode toBob = bob.next("e2ee");
                assertEquals("opaque-1", toBob.path("data").asText());
                assertFalse(toBob.path("from").asText().isEmpty(), "the server names the sender");
                olga.send("{\"type\":\"e2ee\",\"data\":\"opaque-all\"}");
                assertEquals("opaque-all", bob.next("e2ee").path("data").asText());
                assertEquals("opaque-all", cat.next("e2ee").path("data").asText(), "cat got only the broadcast, not Bob's");

                olga.send("{\"type\":\"e2ee\",\"to\":[\"nobody\"],\"data\":\"x\"}");
                assertEquals("invalid_target", olga.next("error").path("code").asText());
                olga.send("{\"type\":\"e2ee\",\"data\":\"" + "x".repeat(9000) + "\"}");
                assertEquals("invalid_field", olga.next("error").path("code").asText());
            }
            try (var olga = join(a, api, plain, owner, null)) {
                olga.next("welcome");
                olga.send("{\"type\":\"e2ee\",\"data\":\"x\"}");
                assertEquals("e2ee_off", olga.next("error").path("code").asText());
            }
        }
    }

    private static SignalSocket join(Appliance a, ApiClient api, String meetingId, String token, String guestName) {
        return SignalSocket.joinMeeting(api, a.httpsPort(), meetingId, token, guestName);
    }

    @Test
    void theSitePolicyTurnsItOffOrMakesItRequired() {
        try (Appliance a = start()) {
            var api = new ApiClient(a.httpsPort());
            String admin = register(api, "Ada"); // the first account is an administrator
            String user = register(api, "Bob");
            assertEquals("allowed", api.get("/api/v1/admin/e2ee", admin).json().path("policy").asText());
            assertEquals(403, api.get("/api/v1/admin/e2ee", user).status());
            assertEquals("invalid_field", api.patch("/api/v1/admin/e2ee", admin, Map.of("policy", "sometimes")).errorCode());

            assertEquals("required", api.patch("/api/v1/admin/e2ee", admin, Map.of("policy", "required")).json().path("policy").asText());
            assertTrue(api.post("/api/v1/meetings", user, Map.of("title", "T")).json().path("e2ee").asBoolean(), "on by policy");
            var plain = api.post("/api/v1/meetings", user, Map.of("title", "T", "e2ee", false));
            assertEquals(409, plain.status());
            assertEquals("e2ee_policy", plain.errorCode());

            assertEquals(200, api.patch("/api/v1/admin/e2ee", admin, Map.of("policy", "off")).status());
            var wanted = api.post("/api/v1/meetings", user, Map.of("title", "T", "e2ee", true));
            assertEquals(409, wanted.status());
            assertEquals("e2ee_policy", wanted.errorCode());
            assertFalse(api.post("/api/v1/meetings", user, Map.of("title", "T")).json().path("e2ee").asBoolean());
        }
    }
}
