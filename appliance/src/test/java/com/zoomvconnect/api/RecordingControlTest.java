package com.zoomvconnect.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.zoomvconnect.app.AppConfig;
import com.zoomvconnect.app.Appliance;
import com.zoomvconnect.store.DatabaseConfig;
import com.zoomvconnect.store.RecordingDao;
import com.zoomvconnect.store.RecordingRecord;
import com.zoomvconnect.testing.ApiClient;
import com.zoomvconnect.testing.TestAppliance;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Who may record, and the storage rules: disk nearly full, quota, retention, meeting end. */
class RecordingControlTest {

    private static Appliance start(AppConfig.Recording recording) {
        Path dir = TestAppliance.tempDir();
        AppConfig c = TestAppliance.config(dir, DatabaseConfig.embedded(dir));
        return Appliance.start(new AppConfig(c.dataDir(), c.server(), c.tls(), c.database(), c.auth(), c.media(), c.source(), recording));
    }

    private record Setup(ApiClient api, String owner, String meetingId) {
    }

    private static Setup meeting(Appliance a) {
        var api = new ApiClient(a.httpsPort());
        String owner = api.post("/api/v1/auth/register", null, Map.of("email", "o" + UUID.randomUUID() + "@example.com",
                "password", "password1", "displayName", "Olga")).json().path("accessToken").asText();
        String id = api.post("/api/v1/meetings", owner, Map.of("title", "Board")).json().path("id").asText();
        return new Setup(api, owner, id);
    }

    private static ApiClient.Response record(Setup s, String token, String action) {
        return s.api().post("/api/v1/meetings/" + s.meetingId() + "/recording", token, Map.of("action", action));
    }

    @Test
    void refusesToStartWhenTheDiskIsNearlyFullRatherThanFailingHalfWay() {
        try (Appliance a = start(new AppConfig.Recording(10_000_000, 0, 0, "off", false, "grid"))) {
            Setup s = meeting(a);
            assertEquals("not_live", record(s, s.owner(), "start").errorCode());
            a.liveMeetings().room(s.meetingId()); // the meeting is live
            var full = record(s, s.owner(), "start");
            assertEquals(507, full.status());
            assertEquals("disk_full", full.errorCode());
            assertTrue(full.body().contains("nearly full"), full.body());
            assertFalse(s.api().get("/api/v1/meetings/" + s.meetingId() + "/recording", s.owner()).json().path("active").asBoolean());
        }
    }

    @Test
    void onlyHostsRecordAndBadActionsAreRefused() {
        try (Appliance a = start(new AppConfig.Recording(0, 0, 0, "off", false, "grid"))) {
            Setup s = meeting(a);
            a.liveMeetings().room(s.meetingId());
            String stranger = s.api().post("/api/v1/auth/register", null, Map.of("email", "x" + UUID.randomUUID() + "@example.com",
                    "password", "password1", "displayName", "Xavier")).json().path("accessToken").asText();
            assertEquals(403, record(s, stranger, "start").status());
            assertEquals("invalid_field", record(s, s.owner(), "pause").errorCode());
            assertEquals(401, record(s, null, "start").status());
            assertEquals("recording_inactive", record(s, s.owner(), "stop").errorCode());
        }
    }

    @Test
    void aCoHostVisitingABreakoutRoomControlsTheRecordingAnAttendeeThereDoesNot() throws Exception {
        try (Appliance a = start(new AppConfig.Recording(0, 0, 0, "off", false, "grid"))) {
            var api = new ApiClient(a.httpsPort());
            String owner = register(api, "Olga");
            String cohost = register(api, "Carla");
            String attendee = register(api, "Dan");
            JsonNode m = api.post("/api/v1/meetings", owner, Map.of("title", "Board")).json();
            String code = m.path("code").asText();
            var json = new com.fasterxml.jackson.databind.ObjectMapper();
            try (var host = join(a, api, code, owner); var carla = join(a, api, code, cohost); var dan = join(a, api, code, attendee)) {
                String carlaId = carla.next("welcome").path("participantId").asText();
                String danId = dan.next("welcome").path("participantId").asText();
                host.next("welcome");
                host.send(json.writeValueAsString(Map.of("type", "setRole", "participantId", carlaId, "role", "cohost")));
                carla.next("roleChanged");
                host.send(json.writeValueAsString(Map.of("type", "breakoutsConfigure", "rooms", java.util.List.of(Map.of("name", "One")),
                        "allowChoose", false, "graceSeconds", 0)));
                host.send(json.writeValueAsString(Map.of("type", "breakoutsAssign", "participantId", danId, "roomId", "b1")));
                host.send(json.writeValueAsString(Map.of("type", "breakoutsOpen")));
                host.send(json.writeValueAsString(Map.of("type", "breakoutsAssign", "participantId", carlaId, "roomId", "b1")));
                dan.next("roomChanged");
                assertEquals("b1", carla.next("roomChanged").path("roomId").asText());

                var path = "/api/v1/meetings/" + m.path("id").asText() + "/recording";
                assertEquals(403, api.post(path, attendee, Map.of("action", "start")).status(), "an attendee in a breakout room");
                var started = api.post(path, cohost, Map.of("action", "start"));
                assertEquals(201, started.status(), started.body());
                assertEquals("Carla", started.json().path("startedBy").asText(), "named as the room she is in shows her");
                assertEquals(200, api.post(path, cohost, Map.of("action", "stop")).status());
                var breakouts = "/api/v1/meetings/" + m.path("id").asText() + "/breakouts";
                assertEquals(200, api.get(breakouts, cohost).status(), "promoted live, not invited: the breakouts API is hers too");
                assertEquals(403, api.get(breakouts, attendee).status());
            }
        }
    }

    private static String register(ApiClient api, String name) {
        return api.post("/api/v1/auth/register", null, Map.of("email", name + UUID.randomUUID() + "@example.com",
                "password", "password1", "displayName", name)).json().path("accessToken").asText();
    }

    private static com.zoomvconnect.testing.SignalSocket join(Appliance a, ApiClient api, String code, String token) {
        var grant = api.post("/api/v1/meetings/" + code + "/join", token, Map.of());
        assertEquals(200, grant.status(), grant.body());
        return com.zoomvconnect.testing.SignalSocket.join(a.httpsPort(), grant.json().path("token").asText());
    }

    @Test
    void quotaFullRefusesNewRecordings() throws Exception {
        try (Appliance a = start(new AppConfig.Recording(0, 1, 0, "off", false, "grid"))) {
            Setup s = meeting(a);
            a.liveMeetings().room(s.meetingId());
            Path old = a.config().dataDir().resolve("recordings").resolve("old");
            Files.createDirectories(old);
            try (var f = new RandomAccessFile(old.resolve("big.webm").toFile(), "rw")) {
                f.setLength(1L << 30); // sparse: counts against the quota without using the disk
            }
            var r = record(s, s.owner(), "start");
            assertEquals(507, r.status());
            assertEquals("quota_exceeded", r.errorCode());
        }
    }

    @Test
    void recordingStopsWhenTheMeetingEndsAndOldRecordingsExpire() throws Exception {
        try (Appliance a = start(new AppConfig.Recording(0, 0, 1, "off", false, "grid"))) {
            Setup s = meeting(a);
            // An old recording, three days past the one-day retention.
            String oldId = UUID.randomUUID().toString();
            Path oldDir = a.config().dataDir().resolve("recordings").resolve(oldId);
            Files.createDirectories(oldDir);
            Files.writeString(oldDir.resolve("recording.mp4"), "x");
            Instant then = Instant.now().minusSeconds(3 * 86400);
            a.database().jdbi().useTransaction(h -> new RecordingDao().insert(h, new RecordingRecord(oldId, s.meetingId(), "ready",
                    then, then.plusSeconds(60), 60, 1, oldId, then)));

            a.liveMeetings().room(s.meetingId());
            var started = record(s, s.owner(), "start");
            assertEquals(201, started.status(), started.body());
            String id = started.json().path("recordingId").asText();
            assertEquals("recording_active", record(s, s.owner(), "start").errorCode());
            assertTrue(s.api().get("/api/v1/meetings/" + s.meetingId() + "/recording", s.owner()).json().path("active").asBoolean());

            a.liveMeetings().end(s.meetingId(), "ended by host");
            JsonNode rec = null;
            for (int i = 0; i < 100; i++) {
                rec = s.api().get("/api/v1/recordings/" + id, s.owner()).json();
                if (rec.path("status").asText().equals("ready")) {
                    break;
                }
                Thread.sleep(100);
            }
            assertEquals("ready", rec.path("status").asText(), "stopped with the meeting: " + rec);
            assertTrue(rec.path("error").asText().contains("nothing was recorded"), rec.toString());

            // The sweep a second after start may have run before the old recording was inserted (a busy
            // machine takes longer than that to set the meeting up): the hourly sweep, run now.
            a.recorder().applyRetention();
            assertFalse(Files.exists(oldDir), "expired recording's files deleted");
            assertEquals(404, s.api().get("/api/v1/recordings/" + oldId, s.owner()).status());
        }
    }
}
