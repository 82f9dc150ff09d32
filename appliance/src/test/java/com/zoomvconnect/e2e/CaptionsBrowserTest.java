package com.zoomvconnect.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.zoomvconnect.app.Appliance;
import com.zoomvconnect.record.captions.SpokenAudio;
import com.zoomvconnect.record.tools.MediaTools;
import com.zoomvconnect.record.transcribe.Wav;
import com.zoomvconnect.testing.ApiClient;
import com.zoomvconnect.testing.BrowserTest;
import com.zoomvconnect.testing.TestAppliance;
import com.zoomvconnect.testing.WordScores;
import com.zoomvconnect.testing.browser.Browsers;
import com.zoomvconnect.testing.browser.CdpPage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Live captions end to end: two Chromium participants, each with an espeak-ng passage in its own
 * voice as the fake microphone; the host turns captions on, both show them, and each sees the
 * other's words under the other's name; one who joins, or comes back, while captions are on learns
 * it at once with the last lines. After the meeting the transcript and the summary exist
 * without any recording, and each one's talk time is within 10 % of the passage's voiced time; the
 * host edits the summary's action items on its page, which marks the edit.
 */
class CaptionsBrowserTest implements BrowserTest {
    /** Said once by Ann (espeak-ng en-us+klatt), after {@link #LEAD_MS} of silence, then silence. */
    static final String ANN = "good morning everyone. the budget for the new office is ready. "
            + "i will send the report to the team by friday.";
    /** Said once by Bob (espeak-ng en-us), likewise. */
    static final String BOB = "thank you. the office move starts next month. "
            + "we need to book the movers before the end of the week.";
    static final String ANN_VOICE = "en-us+klatt";
    static final String BOB_VOICE = "en-us";
    /** Quiet before the passage: the time from opening the microphone until the server hears it. */
    static final int LEAD_MS = 16000;
    /** Recall floors, a little below what was measured (docs/recording.md, "Live captions"). */
    static final double ANN_FLOOR = 0.25;
    static final double BOB_FLOOR = 0.2;

    private final Browsers browsers = new Browsers("captions");

    @AfterEach
    void close() throws Exception {
        browsers.close();
    }

    /** The passage between silences, as 48 kHz WAV for Chromium's fake microphone (it loops the file: the tail is long). */
    static Path microphone(Path dir, String name, short[] passage) throws Exception {
        short[] all = SpokenAudio.concat(SpokenAudio.silence(LEAD_MS), passage, SpokenAudio.silence(120_000));
        ByteBuffer b = ByteBuffer.allocate(all.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.asShortBuffer().put(all);
        Path wav16 = dir.resolve(name + "-16k.wav");
        Files.write(wav16, Wav.file(b.array(), 0, all.length * 2));
        Path wav = dir.resolve(name + ".wav");
        MediaTools.run(List.of(MediaTools.ffmpeg(), "-y", "-v", "error", "-i", wav16.toString(), "-ar", "48000", "-ac", "1",
                "-c:a", "pcm_s16le", wav.toString()), 60);
        return wav;
    }

    CdpPage join(Appliance a, String code, String name, Path mic) {
        CdpPage page = browsers.open("https://localhost:" + a.httpsPort() + "/",
                "--use-fake-device-for-media-stream", "--use-file-for-fake-audio-capture=" + mic);
        page.waitFor("document.readyState === 'complete'", Duration.ofSeconds(30));
        // The client's noise suppression (RNNoise) takes espeak-ng's synthetic voice for noise and
        // removes nearly all of it (measured: no frame above the detector's level); people's voices it keeps.
        page.evaluate("localStorage.setItem('zvc.noiseSuppression', 'off'), location.assign('/j/" + code + "?name=" + name
                + "&autojoin=1&res=360'), true");
        page.waitFor("window.zvc?.room?.state === 'joined'", Duration.ofSeconds(60));
        return page;
    }

    /** The caption lines a page shows under {@code name}, joined. */
    static String linesOf(CdpPage page, String name) {
        return page.evaluate("[...document.querySelectorAll('#captions-history li')].filter((li) => li.querySelector('.who')"
                + ".textContent === " + ApiClient.JSON.valueToTree(name) + ").map((li) => li.querySelector('.text').textContent).join(' ')")
                .asText();
    }

    @Test
    void eachSpeakersCaptionsReachTheOtherUnderTheirNameAndBecomeTranscriptAndSummary() throws Exception {
        long began = System.nanoTime();
        Path work = Files.createTempDirectory("zvc-captions-test");
        short[] annSaid = SpokenAudio.say(work, ANN_VOICE, ANN);
        short[] bobSaid = SpokenAudio.say(work, BOB_VOICE, BOB);
        long annVoiced = SpokenAudio.voicedMs(annSaid);
        long bobVoiced = SpokenAudio.voicedMs(bobSaid);
        Path annMic = microphone(work, "ann", annSaid);
        Path bobMic = microphone(work, "bob", bobSaid);
        try (Appliance a = TestAppliance.startH2()) {
            var api = new ApiClient(a.httpsPort());
            JsonNode reg = api.post("/api/v1/auth/register", null, Map.of("email", "cap@example.com", "password", "password1",
                    "displayName", "Carla")).json();
            String owner = reg.path("accessToken").asText();
            JsonNode meeting = api.post("/api/v1/meetings", owner, Map.of("title", "Office move", "allowGuests", true)).json();
            String meetingId = meeting.path("id").asText();
            String code = meeting.path("code").asText();

            CdpPage ann = join(a, code, "Ann", annMic);
            var on = api.post("/api/v1/meetings/" + meetingId + "/captions", owner, Map.of("action", "start"));
            assertEquals(200, on.status(), on.body());
            long bobOpened = System.nanoTime();
            CdpPage bob = join(a, code, "Bob", bobMic);
            // Bob joined a captioned meeting: his welcome said so, before he asked for anything.
            assertTrue(bob.evaluate("window.zvc.room.store.state.captionsOn === true"
                    + " && document.querySelector('#captions').dataset.meeting === 'on'").asBoolean(), "Bob learns captions are on");
            for (CdpPage p : List.of(ann, bob)) {
                p.evaluate("document.querySelector('#captions').click(), window.zvc.room.toggleCaptionHistory(), true");
                p.waitFor("window.zvc.room.store.state.captionsOn === true && !document.querySelector('#captions-panel').hidden",
                        Duration.ofSeconds(20));
            }
            bob.emulatePhone(390, 844);

            // Each sees the other's words, under the other's name, while they speak (the overlay) and in the history.
            ann.waitFor("[...document.querySelectorAll('#captions-history .who')].some((w) => w.textContent === 'Bob')",
                    Duration.ofSeconds(60));
            bob.waitFor("[...document.querySelectorAll('#captions-history .who')].some((w) => w.textContent === 'Ann')",
                    Duration.ofSeconds(60));
            ann.screenshot(Browsers.artifacts().resolve("captions-1280.png"));
            bob.screenshot(Browsers.artifacts().resolve("captions-phone.png"));
            // Both passages are over (Bob's microphone opened last) and their last lines recognised.
            long passagesEnd = bobOpened + Duration.ofMillis(LEAD_MS + bobSaid.length / 16 + 6000).toNanos();
            Thread.sleep(Math.max(0, (passagesEnd - System.nanoTime()) / 1_000_000));
            String bobOnAnnsScreen = linesOf(ann, "Bob");
            String annOnBobsScreen = linesOf(bob, "Ann");
            double annRecall = WordScores.recall(ANN, annOnBobsScreen);
            double bobRecall = WordScores.recall(BOB, bobOnAnnsScreen);
            System.out.printf(Locale.ROOT, "captions: Ann (%s) recall %.2f: %s%ncaptions: Bob (%s) recall %.2f: %s%n",
                    ANN_VOICE, annRecall, annOnBobsScreen, BOB_VOICE, bobRecall, bobOnAnnsScreen);
            assertTrue(annRecall >= ANN_FLOOR, "Ann's words on Bob's screen: " + annRecall + " in " + annOnBobsScreen);
            assertTrue(bobRecall >= BOB_FLOOR, "Bob's words on Ann's screen: " + bobRecall + " in " + bobOnAnnsScreen);

            // Ann reloads and joins again (her passage starts over after its long silence): at once she
            // learns captions are on, and her history holds Bob's last lines from before she came back.
            // A mark on the old page: the wait below must not see the old page still joined before the reload lands.
            ann.evaluate("window.zvcBeforeReload = true, location.reload(), true");
            ann.waitFor("!window.zvcBeforeReload && window.zvc?.room?.state === 'joined'", Duration.ofSeconds(60));
            assertTrue(ann.evaluate("window.zvc.room.store.state.captionsOn === true"
                    + " && document.querySelector('#captions').dataset.meeting === 'on'").asBoolean(), "Ann learns captions are on");
            ann.waitFor("[...document.querySelectorAll('#captions-history .who')].some((w) => w.textContent === 'Bob')",
                    Duration.ofSeconds(10));

            // The host turns captions off: they are saved as the meeting's transcript and summary, with no recording made.
            var off = api.post("/api/v1/meetings/" + meetingId + "/captions", owner, Map.of("action", "stop"));
            assertEquals(200, off.status(), off.body());
            assertEquals(false, off.json().path("active").asBoolean());
            ann.waitFor("window.zvc.room.store.state.captionsOn === false", Duration.ofSeconds(20));
            JsonNode item = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (item == null && System.nanoTime() < deadline) {
                for (JsonNode r : api.get("/api/v1/recordings", owner).json().path("items")) {
                    if (r.path("meetingId").asText().equals(meetingId) && r.path("hasTranscript").asBoolean()) {
                        item = r;
                    }
                }
                Thread.sleep(300);
            }
            assertTrue(item != null, "the captions became the meeting's transcript");
            String id = item.path("id").asText();
            String transcript = api.get("/api/v1/recordings/" + id + "/transcript", owner).body();
            System.out.println("transcript from captions:\n" + transcript);
            assertTrue(transcript.contains("Ann: ") && transcript.contains("Bob: "), transcript);

            JsonNode rec = api.get("/api/v1/recordings/" + id, owner).json();
            String summaryUrl = null;
            for (JsonNode f : rec.path("files")) {
                if (f.path("kind").asText().equals("summary")) {
                    summaryUrl = f.path("url").asText();
                }
            }
            assertTrue(summaryUrl != null, rec.toString());
            HttpClient http = HttpClient.newBuilder().sslContext(ApiClient.trustAll()).build();
            var res = http.send(HttpRequest.newBuilder(URI.create("https://localhost:" + a.httpsPort() + summaryUrl)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, res.statusCode());
            JsonNode summary = ApiClient.JSON.readTree(res.body());
            System.out.println("summary: " + summary.toPrettyString());
            assertTrue(summary.path("method").asText().startsWith("extractive"), summary.toString());
            Map<String, Long> talk = new java.util.HashMap<>();
            for (JsonNode p : summary.path("attendance")) {
                talk.put(p.path("name").asText(), p.path("talkMs").asLong());
            }
            System.out.printf(Locale.ROOT, "talk time: Ann %d ms (voiced %d ms), Bob %d ms (voiced %d ms)%n",
                    talk.get("Ann"), annVoiced, talk.get("Bob"), bobVoiced);
            assertTrue(Math.abs(talk.get("Ann") - annVoiced) <= annVoiced / 10, "Ann: " + talk + " vs " + annVoiced);
            assertTrue(Math.abs(talk.get("Bob") - bobVoiced) <= bobVoiced / 10, "Bob: " + talk + " vs " + bobVoiced);
            assertTrue(summary.path("timeline").size() >= 2, summary.toString());

            // The host reads it on the recording's page, summary first, marked as extracted (the same browser as Ann's).
            JsonNode login = api.post("/api/v1/auth/login", null, Map.of("email", "cap@example.com", "password", "password1")).json();
            ann.setViewport(1280, 800, false);
            ann.evaluate("localStorage.setItem('zvc.session', JSON.stringify(" + ApiClient.JSON.writeValueAsString(Map.of(
                    "user", login.path("user"), "accessToken", login.path("accessToken").asText(),
                    "refreshToken", login.path("refreshToken").asText())) + ")), location.assign('/recordings/" + id + "'), true");
            ann.waitFor("document.querySelectorAll('#summary-talk tbody tr').length === 2"
                    + " && document.querySelector('#recording-transcript')?.textContent.includes('Bob')", Duration.ofSeconds(30));
            assertTrue(ann.evaluate("document.querySelector('#summary-note').textContent").asText().contains("not generated"));
            // The host edits the action items there: the page marks the edit and still says it was extracted.
            ann.evaluate("document.querySelector('#summary-edit').click(), document.querySelector('#summary-actions-editor-add').click(),"
                    + " document.querySelector('#summary-actions-editor li:last-child input').value = 'Carla books the movers',"
                    + " document.querySelector('#summary-save').click(), true");
            ann.waitFor("document.querySelector('#summary-edited')?.textContent.includes('Carla')"
                    + " && [...document.querySelectorAll('#summary-actions li.edited')].some((li) => li.textContent.includes('Carla books the movers'))",
                    Duration.ofSeconds(20));
            assertTrue(ann.evaluate("document.querySelector('#summary-note').textContent").asText().contains("not generated"));
            assertEquals("Carla books the movers", api.get("/api/v1/recordings/" + id + "/summary", owner).json()
                    .path("actionItems").get(summary.path("actionItems").size()).path("text").asText());
            ann.screenshot(Browsers.artifacts().resolve("captions-summary-page.png"));
        }
        System.out.printf(Locale.ROOT, "captions browser test: %.1f s%n", (System.nanoTime() - began) / 1e9);
    }
}
