package com.zoomvconnect.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.zoomvconnect.app.Appliance;
import com.zoomvconnect.record.captions.MeetingSummary;
import com.zoomvconnect.store.DatabaseConfig;
import com.zoomvconnect.store.RecordingDao;
import com.zoomvconnect.store.RecordingRecord;
import com.zoomvconnect.testing.ApiClient;
import com.zoomvconnect.testing.TestAppliance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The meeting summary over the API: the host edits its key sentences and action items (validated);
 * nobody else can — not a co-host either, who cannot open the recording (as in Zoom) — the edits
 * are marked as edits beside what was extracted, and they outlive a restart.
 */
class SummaryEditApiTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final MeetingSummary.Sentence BUDGET =
            new MeetingSummary.Sentence("p1", "Ann", "the budget for the new office is ready", T0, T0 + 2000);
    private static final MeetingSummary.Sentence REPORT =
            new MeetingSummary.Sentence("p1", "Ann", "i will send the report to the team by friday", T0 + 3000, T0 + 6000);

    private static String register(ApiClient api, String email, String name) {
        return api.post("/api/v1/auth/register", null, Map.of("email", email, "password", "password1", "displayName", name))
                .json().path("accessToken").asText();
    }

    private static String login(ApiClient api, String email) {
        return api.post("/api/v1/auth/login", null, Map.of("email", email, "password", "password1")).json().path("accessToken").asText();
    }

    /** A captioned meeting's entry (no media) with the summary the extraction made, as LiveCaptions saves it. */
    private static String captioned(Appliance a, String meetingId, boolean withSummary) throws Exception {
        String id = UUID.randomUUID().toString();
        Path dir = a.config().dataDir().resolve("recordings").resolve(id);
        Files.createDirectories(dir);
        if (withSummary) {
            var summary = MeetingSummary.of(List.of(BUDGET, REPORT),
                    List.of(new MeetingSummary.Segment("p1", "Ann", T0, T0 + 6000, 5200)));
            Files.write(dir.resolve("summary.json"), ApiClient.JSON.writeValueAsBytes(summary));
        }
        Instant now = Instant.now();
        a.database().jdbi().useTransaction(h -> new RecordingDao().insert(h,
                new RecordingRecord(id, meetingId, "ready", now.minusSeconds(30), now, 30, 1, id, now)));
        return id;
    }

    private static ApiClient.Response put(ApiClient api, String path, String token, Object body) throws Exception {
        return api.raw("PUT", path, token, "application/json", ApiClient.JSON.writeValueAsString(body));
    }

    private static Map<String, Object> item(String text, String speaker) {
        var m = new java.util.LinkedHashMap<String, Object>();
        m.put("text", text);
        if (speaker != null) {
            m.put("speaker", speaker);
        }
        return m;
    }

    @Test
    void theHostEditsTheSummaryCoHostsAndOthersCannotAndEditsOutliveARestart() throws Exception {
        Path dataDir = Files.createTempDirectory("zvc-summary-edit");
        DatabaseConfig db = DatabaseConfig.embedded(dataDir);
        String id;
        try (Appliance a = TestAppliance.start(dataDir, db)) {
            var api = new ApiClient(a.httpsPort());
            String host = register(api, "host@example.com", "Olga");
            String cohost = register(api, "co@example.com", "Cem");
            String stranger = register(api, "x@example.com", "Xaver");
            String meetingId = api.post("/api/v1/meetings", host, Map.of("title", "Office move",
                    "coHosts", List.of("co@example.com"))).json().path("id").asText();
            id = captioned(a, meetingId, true);
            String path = "/api/v1/recordings/" + id + "/summary";

            JsonNode fresh = api.get(path, host).json();
            assertTrue(fresh.path("method").asText().startsWith("extractive"), fresh.toString());
            assertTrue(fresh.path("edited").isNull(), "nobody edited it yet: " + fresh);
            assertEquals(REPORT.text(), fresh.path("actionItems").get(0).path("text").asText());
            assertFalse(fresh.path("actionItems").get(0).path("edited").asBoolean());

            // The host keeps one extracted sentence, rewrites the action item and adds one.
            var edited = put(api, path, host, Map.of(
                    "keySentences", List.of(item(BUDGET.text(), null)),
                    "actionItems", List.of(item("Ann sends the report to the team by Friday", "Ann"), item("Book the movers", null))));
            assertEquals(200, edited.status(), edited.body());
            JsonNode e = edited.json();
            assertEquals("Olga", e.path("edited").path("by").asText());
            assertFalse(e.path("keySentences").get(0).path("edited").asBoolean(), "an extracted sentence kept as it was");
            assertEquals("p1", e.path("keySentences").get(0).path("participantId").asText());
            assertTrue(e.path("actionItems").get(0).path("edited").asBoolean());
            assertEquals("Ann", e.path("actionItems").get(0).path("speaker").asText());
            assertEquals(2, e.path("actionItems").size());
            assertEquals(REPORT.text(), e.path("extracted").path("actionItems").get(0).path("text").asText(),
                    "what was extracted stays readable");
            assertTrue(e.path("method").asText().startsWith("extractive"));

            // A co-host runs the live meeting but gets neither the recording nor its summary, the same
            // answer on both, so the recordings page (host and administrators) and the API agree.
            assertEquals(403, api.get("/api/v1/recordings/" + id, cohost).status());
            assertEquals(403, api.get(path, cohost).status());
            var byCohost = put(api, path, cohost, Map.of("keySentences", List.of(item(BUDGET.text(), null)),
                    "actionItems", List.of(item("Book the movers before the end of the week", null))));
            assertEquals(403, byCohost.status(), byCohost.body());
            assertEquals("forbidden", byCohost.errorCode(), byCohost.body());

            // A second save by the host replaces the first.
            var again = put(api, path, host, Map.of("keySentences", List.of(item(BUDGET.text(), null)),
                    "actionItems", List.of(item("Book the movers before the end of the week", null))));
            assertEquals(200, again.status(), again.body());

            // Nobody else: not even reading it.
            assertEquals(403, api.get(path, stranger).status());
            var refused = put(api, path, stranger, Map.of("keySentences", List.of(), "actionItems", List.of()));
            assertEquals(403, refused.status());
            assertEquals("forbidden", refused.errorCode(), refused.body());
            assertEquals(401, put(api, path, null, Map.of("keySentences", List.of(), "actionItems", List.of())).status());

            // Bad input: 4xx with the error shape, nothing saved.
            record Bad(Object body, String code) {
            }
            var blank = new java.util.HashMap<String, Object>();
            blank.put("keySentences", List.of(item("  ", null)));
            blank.put("actionItems", List.of());
            for (Bad bad : List.of(
                    new Bad(Map.of("keySentences", List.of()), "invalid_field"),
                    new Bad(blank, "invalid_field"),
                    new Bad(Map.of("keySentences", Collections.nCopies(21, item("a sentence", null)), "actionItems", List.of()),
                            "invalid_field"),
                    new Bad(Map.of("keySentences", List.of(item("x".repeat(501), null)), "actionItems", List.of()), "invalid_field"),
                    new Bad(Map.of("keySentences", List.of(item("ok", "n".repeat(101))), "actionItems", List.of()), "invalid_field"),
                    new Bad(Map.of("keySentences", List.of(Map.of("text", "ok", "startMs", -1)), "actionItems", List.of()),
                            "invalid_field"))) {
                var r = put(api, path, host, bad.body());
                assertEquals(400, r.status(), bad + " -> " + r.body());
                assertEquals(bad.code(), r.errorCode(), r.body());
                assertFalse(r.json().path("error").path("message").asText().isEmpty());
            }
            var malformed = api.raw("PUT", path, host, "application/json", "{\"keySentences\": [");
            assertEquals(400, malformed.status(), malformed.body());
            assertEquals(415, api.raw("PUT", path, host, "text/plain", "hello").status());
            assertEquals(405, api.raw("POST", path, host, "application/json", "{}").status());

            // A recording without captions has no summary to edit.
            String plain = captioned(a, meetingId, false);
            var none = put(api, "/api/v1/recordings/" + plain + "/summary", host,
                    Map.of("keySentences", List.of(), "actionItems", List.of()));
            assertEquals(404, none.status(), none.body());
            assertEquals(404, api.get("/api/v1/recordings/" + UUID.randomUUID() + "/summary", host).status());
        }

        // After a restart the edits are still there.
        try (Appliance a = TestAppliance.start(dataDir, db)) {
            var api = new ApiClient(a.httpsPort());
            String host = login(api, "host@example.com");
            String path = "/api/v1/recordings/" + id + "/summary";
            JsonNode after = api.get(path, host).json();
            assertEquals("Olga", after.path("edited").path("by").asText(), after.toString());
            assertEquals("Book the movers before the end of the week", after.path("actionItems").get(0).path("text").asText());

            // Reverting shows the extraction again.
            var reverted = api.delete(path + "/edits", host);
            assertEquals(200, reverted.status(), reverted.body());
            assertTrue(reverted.json().path("edited").isNull());
            List<String> actions = new ArrayList<>();
            api.get(path, host).json().path("actionItems").forEach(x -> actions.add(x.path("text").asText()));
            assertEquals(List.of(REPORT.text()), actions);
        }
    }
}
