package com.zoomvconnect.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.zoomvconnect.record.tools.MediaTools;
import com.zoomvconnect.testing.Ports;
import com.zoomvconnect.testing.ApiClient;
import com.zoomvconnect.testing.BrowserTest;
import com.zoomvconnect.testing.browser.CdpPage;
import com.zoomvconnect.testing.browser.Chromium;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The appliance is killed (SIGKILL) in the middle of a recording; on the next start the recording
 * is recovered — every whole cluster kept, the files completed — and processed like any other.
 */
class RecordingCrashTest implements BrowserTest {
    private Process appliance;
    private Chromium browser;
    private CdpPage page;

    @AfterEach
    void stop() {
        if (page != null) {
            page.close();
        }
        if (browser != null) {
            browser.close();
        }
        if (appliance != null) {
            appliance.destroyForcibly();
        }
    }

    /** The appliance in its own JVM, so that it can really be killed. */
    private Process start(Path data, int https, int media) throws IOException, InterruptedException {
        var cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "--enable-native-access=ALL-UNNAMED",
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), "com.zoomvconnect.app.Main");
        var pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(data.resolve("appliance.log").toFile()));
        pb.environment().put("ZVC_DATA_DIR", data.toString());
        pb.environment().put("ZVC_SERVER_HOST", "127.0.0.1");
        pb.environment().put("ZVC_SERVER_PORT", Integer.toString(https));
        pb.environment().put("ZVC_SERVER_REDIRECT_PORT", "-1");
        pb.environment().put("ZVC_MEDIA_PORT", Integer.toString(media));
        pb.environment().put("ZVC_CONFIG", data.resolve("none.yaml").toString());
        Files.writeString(data.resolve("none.yaml"), "{}\n");
        Process p = pb.start();
        var api = new ApiClient(https);
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos(); // a JVM start on a loaded machine
        while (System.nanoTime() < deadline) {
            assertTrue(p.isAlive(), () -> "appliance exited: " + log(data));
            try {
                if (api.get("/health", null).status() == 200) {
                    return p;
                }
            } catch (RuntimeException e) {
                // not listening yet
            }
            Thread.sleep(300);
        }
        p.destroyForcibly(); // not yet in the field the clean-up reads: do not leave it running
        throw new AssertionError("appliance did not start: " + log(data));
    }

    private static String log(Path data) {
        try {
            String s = Files.readString(data.resolve("appliance.log"));
            return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
        } catch (IOException e) {
            return e.toString();
        }
    }


    @Test
    void killedMidRecordingIsRecoveredAndPlayableOnRestart() throws Exception {
        Path data = Files.createTempDirectory("zvc-crash");
        int https = Ports.free();
        int media = Ports.free();
        appliance = start(data, https, media);
        var api = new ApiClient(https);
        String owner = api.post("/api/v1/auth/register", null, Map.of("email", "crash@example.com", "password", "password1",
                "displayName", "Casey")).json().path("accessToken").asText();
        JsonNode meeting = api.post("/api/v1/meetings", owner, Map.of("title", "Power cut", "allowGuests", true)).json();
        String meetingId = meeting.path("id").asText();
        browser = Chromium.launch("--use-fake-device-for-media-stream=fps=30");
        page = browser.newPage("https://localhost:" + https + "/j/" + meeting.path("code").asText() + "?name=Ann&autojoin=1&res=360");
        page.waitFor("window.zvc?.room?.state === 'joined'", Duration.ofSeconds(60));

        var started = api.post("/api/v1/meetings/" + meetingId + "/recording", owner, Map.of("action", "start"));
        assertEquals(201, started.status(), started.body());
        String id = started.json().path("recordingId").asText();
        Path dir = data.resolve("recordings").resolve(id);
        Thread.sleep(9_000);
        appliance.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, no finishing
        List<Path> tracks = new ArrayList<>();
        try (var s = Files.list(dir)) {
            s.filter(p -> p.toString().endsWith(".webm")).forEach(tracks::add);
        }
        assertEquals(2, tracks.size(), "microphone and camera files exist: " + tracks);
        for (Path t : tracks) {
            assertTrue(Files.size(t) > 10_000, t + " holds media before the kill");
        }

        appliance = start(data, https, media);
        String token = api.post("/api/v1/auth/login", null, Map.of("email", "crash@example.com", "password", "password1"))
                .json().path("accessToken").asText();
        JsonNode rec = RecordingBrowserTest.waitReady(api, token, id, Duration.ofSeconds(600));
        assertEquals("ready", rec.path("status").asText(), rec.toString());
        assertTrue(Files.readString(dir.resolve("manifest.json")).contains("\"recovered\" : true"));
        for (Path t : tracks) {
            var probe = MediaTools.probe(t);
            // All but the last seconds (clusters reach the disk every ~2 s; a busy machine may start a
            // track a few seconds late): a generous bound, not a measurement.
            assertTrue(probe.durationSeconds() >= 3 && probe.durationSeconds() <= 10,
                    t.getFileName() + " keeps all but the last seconds: " + probe.durationSeconds() + " s");
            assertEquals("", MediaTools.decodeErrors(t), t + " decodes cleanly");
        }
        var mp4 = MediaTools.probe(dir.resolve("recording.mp4"));
        assertTrue(mp4.durationSeconds() >= 3, "composed from the recovered tracks: " + mp4);
        System.out.println("recovered recording: " + rec.path("durationSeconds") + " s of ~9 s before the kill");
    }
}
