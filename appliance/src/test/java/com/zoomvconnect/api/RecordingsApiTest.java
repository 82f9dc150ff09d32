package com.zoomvconnect.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.zoomvconnect.app.Appliance;
import com.zoomvconnect.store.RecordingDao;
import com.zoomvconnect.store.RecordingRecord;
import com.zoomvconnect.testing.ApiClient;
import com.zoomvconnect.testing.TestAppliance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Reading recordings through the API: what the list says agrees with what the recording holds; downloads. */
class RecordingsApiTest {

    /** A finished recording of a meeting the caller hosts, with {@code files} (name to content) and a stored transcript. */
    private static String recording(Appliance a, ApiClient api, String owner, String transcript, Map<String, String> files)
            throws Exception {
        String meetingId = api.post("/api/v1/meetings", owner, Map.of("title", "Stand-up")).json().path("id").asText();
        String id = UUID.randomUUID().toString();
        Path dir = a.config().dataDir().resolve("recordings").resolve(id);
        Files.createDirectories(dir);
        for (var f : files.entrySet()) {
            Files.writeString(dir.resolve(f.getKey()), f.getValue());
        }
        Instant now = Instant.now();
        a.database().jdbi().useTransaction(h -> {
            var dao = new RecordingDao();
            dao.insert(h, new RecordingRecord(id, meetingId, "ready", now.minusSeconds(30), now, 30, 1, id, now));
            dao.setTranscript(h, id, transcript);
        });
        return id;
    }

    private static String owner(ApiClient api) {
        return api.post("/api/v1/auth/register", null, Map.of("email", "o" + UUID.randomUUID() + "@example.com",
                "password", "password1", "displayName", "Olga")).json().path("accessToken").asText();
    }

    @Test
    void recordingWithoutSpeechIsNotListedAsHavingATranscript() throws Exception {
        try (Appliance a = TestAppliance.startH2()) {
            var api = new ApiClient(a.httpsPort());
            String owner = owner(api);
            // Transcription ran and heard nothing: empty transcript files, an empty stored text.
            String silent = recording(a, api, owner, "", Map.of("recording.mp4", "x", "transcript.txt", "", "captions.vtt", "WEBVTT\n"));
            String spoken = recording(a, api, owner, "[00:00:01] Ann: hello everyone\n",
                    Map.of("recording.mp4", "x", "transcript.txt", "[00:00:01] Ann: hello everyone\n"));

            JsonNode items = api.get("/api/v1/recordings", owner).json().path("items");
            assertEquals(2, items.size(), items.toString());
            for (JsonNode r : items) {
                boolean expected = r.path("id").asText().equals(spoken);
                assertEquals(expected, r.path("hasTranscript").asBoolean(), "list entry " + r);
            }
            assertFalse(api.get("/api/v1/recordings/" + silent, owner).json().path("hasTranscript").asBoolean());
            assertEquals(404, api.get("/api/v1/recordings/" + silent + "/transcript", owner).status(),
                    "the page and the list read the same answer: no transcript");
            assertTrue(api.get("/api/v1/recordings/" + spoken, owner).json().path("hasTranscript").asBoolean());
            assertEquals(200, api.get("/api/v1/recordings/" + spoken + "/transcript", owner).status());
        }
    }

    @Test
    void unsatisfiableRangeTellsTheFileSize() throws Exception {
        try (Appliance a = TestAppliance.startH2()) {
            var api = new ApiClient(a.httpsPort());
            String owner = owner(api);
            String content = "0123456789".repeat(10);
            String id = recording(a, api, owner, null, Map.of("recording.mp4", content));
            String path = "/api/v1/recordings/" + id + "/files/recording.mp4";

            var beyond = api.send(api.builder(path, owner).header("Range", "bytes=100-"));
            assertEquals(416, beyond.status());
            assertEquals("range_not_satisfiable", beyond.errorCode(), beyond.body());
            assertEquals("bytes */100", beyond.header("content-range"), "RFC 9110 §15.5.17: the current length");
            var malformed = api.send(api.builder(path, owner).header("Range", "bytes=1-2,5-6"));
            assertEquals(416, malformed.status());
            assertEquals("bytes */100", malformed.header("content-range"));

            var part = api.send(api.builder(path, owner).header("Range", "bytes=10-19"));
            assertEquals(206, part.status());
            assertEquals("bytes 10-19/100", part.header("content-range"));
            assertEquals("0123456789", part.body());
        }
    }
}
