package com.zoomvconnect.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.zoomvconnect.app.Appliance;
import com.zoomvconnect.testing.ApiClient;
import com.zoomvconnect.testing.BrowserTest;
import com.zoomvconnect.testing.TestAppliance;
import com.zoomvconnect.testing.browser.CdpPage;
import com.zoomvconnect.testing.browser.Chromium;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Browser quality benchmark (not part of the default test run; see docs/performance.md): four
 * headless Chromium participants with 720p fake cameras meet on loopback for a minute. Reports
 * time from opening the join link to the first decoded remote frame, decoded frames per second,
 * freezes, and the simulcast layer each viewer receives for a small tile and for a pinned one.
 *
 * <pre>./mvnw -o test -pl appliance -am -Dsurefire.failIfNoSpecifiedTests=false -Dtest=BrowserQualityBenchmark
 *     [-Dzvc.bench.seconds=60]</pre>
 */
class BrowserQualityBenchmark implements BrowserTest {
    private static final String[] NAMES = {"Ann", "Bob", "Cid", "Dee"};

    private static final String STATS = """
            (async () => {
              const s = await window.zvc.room.snapshot();
              const byId = new Map(s.participants.map(p => [p.id, p.displayName]));
              return s.remote.filter(r => r.kind === 'video' && r.source === 'camera').map(r => ({
                from: byId.get(r.participantId), frames: r.framesDecoded, height: r.frameHeight, fps: r.framesPerSecond,
                freezes: r.freezeCount, freezeSeconds: r.totalFreezesDuration, lost: r.packetsLost, received: r.packetsReceived }));
            })()""";

    @Test
    void fourParticipantsForAMinute() throws Exception {
        int seconds = Integer.getInteger("zvc.bench.seconds", 60);
        List<Chromium> browsers = new ArrayList<>();
        List<CdpPage> pages = new ArrayList<>();
        StringBuilder report = new StringBuilder();
        try (Appliance a = TestAppliance.startH2()) {
            var api = new ApiClient(a.httpsPort());
            String token = api.post("/api/v1/auth/register", null, Map.of("email", "bench@example.com", "password", "password1",
                    "displayName", "Bench")).json().path("accessToken").asText();
            String code = api.post("/api/v1/meetings", token, Map.of("title", "Quality", "allowGuests", true)).json()
                    .path("code").asText();
            long[] opened = new long[NAMES.length];
            for (int i = 0; i < NAMES.length; i++) {
                Chromium c = Chromium.launch("--use-fake-device-for-media-stream=fps=30");
                browsers.add(c);
                opened[i] = System.nanoTime();
                pages.add(c.newPage("https://localhost:" + a.httpsPort() + "/j/" + code + "?name=" + NAMES[i]
                        + "&autojoin=1&res=720"));
            }
            report.append("| participant | join link → first remote frame (all 3 remotes) |\n|---|---|\n");
            for (int i = 0; i < NAMES.length; i++) {
                pages.get(i).waitFor(STATS + ".then(v => v.length === 3"
                        + " && v.every(x => x.frames > 0))", Duration.ofSeconds(90));
                report.append(String.format(Locale.ROOT, "| %s | %.1f s |%n", NAMES[i], (System.nanoTime() - opened[i]) / 1e9));
            }
            Thread.sleep(3000);
            List<JsonNode> before = new ArrayList<>();
            for (CdpPage p : pages) {
                before.add(p.evaluate(STATS));
            }
            long t0 = System.nanoTime();
            Thread.sleep(seconds * 500L);
            // Half-way: Dee pins Ann. Ann's tile becomes large, Bob's and Cid's small thumbnails.
            pages.get(3).evaluate("[...document.querySelectorAll('.tile:not(.self)')]"
                    + ".find(t => t.querySelector('.name')?.textContent === 'Ann')?.click(); true");
            Thread.sleep(seconds * 500L);
            double secs = (System.nanoTime() - t0) / 1e9;
            report.append("\n| viewer | from | decoded fps | freezes | freeze s | loss | frame height at end |\n|---|---|---|---|---|---|---|\n");
            for (int i = 0; i < pages.size(); i++) {
                JsonNode after = pages.get(i).evaluate(STATS);
                for (JsonNode r : after) {
                    JsonNode b = find(before.get(i), r.path("from").asText());
                    double fps = (r.path("frames").asLong() - b.path("frames").asLong()) / secs;
                    long received = r.path("received").asLong() - b.path("received").asLong();
                    long lost = r.path("lost").asLong() - b.path("lost").asLong();
                    report.append(String.format(Locale.ROOT, "| %s | %s | %.1f | %d | %.2f | %.2f %% | %d |%n", NAMES[i],
                            r.path("from").asText(), fps, r.path("freezes").asLong() - b.path("freezes").asLong(),
                            r.path("freezeSeconds").asDouble() - b.path("freezeSeconds").asDouble(),
                            100.0 * lost / Math.max(1, received + lost), r.path("height").asInt()));
                }
            }
            JsonNode sent = pages.get(0).evaluate("(async () => (await window.zvc.room.snapshot()).local.filter(l => l.kind === 'video')"
                    + ".map(l => l.rid + ' ' + l.frameWidth + 'x' + l.frameHeight + ' ' + Math.round(l.framesPerSecond) + ' fps, limited by '"
                    + " + l.qualityLimitationReason))()");
            report.append("\nAnn sends: ").append(sent).append('\n');
            report.append(String.format(Locale.ROOT, "SFU: %s%n", a.sfu().counters().snapshot()));
        } finally {
            for (CdpPage p : pages) {
                p.close();
            }
            browsers.forEach(Chromium::close);
        }
        System.out.println(report);
        Path out = Path.of("target", "browser-quality.md");
        Files.writeString(out, report);
    }

    private static JsonNode find(JsonNode list, String from) {
        for (JsonNode n : list) {
            if (n.path("from").asText().equals(from)) {
                return n;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }
}
