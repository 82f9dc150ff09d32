package com.zoomvconnect.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.zoomvconnect.app.Appliance;
import com.zoomvconnect.loadgen.LatencyHistogram;
import com.zoomvconnect.loadgen.SyntheticPublisher;
import com.zoomvconnect.loadgen.SyntheticSubscriber;
import com.zoomvconnect.store.ActivitySample;
import com.zoomvconnect.testing.ApiClient;
import com.zoomvconnect.testing.BrowserTest;
import com.zoomvconnect.testing.TestAppliance;
import com.zoomvconnect.testing.browser.Axe;
import com.zoomvconnect.testing.browser.Browsers;
import com.zoomvconnect.testing.browser.CdpPage;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * Activity on the dashboard, from real media: two synthetic clients (a simulcast publisher and a
 * subscriber, real ICE, DTLS-SRTP and RTP) in a meeting; the Live meetings page shows each one's
 * network figures from the SFU, and the Overview's charts are drawn from the samples the
 * appliance's own history took while they were there and after they left. The test takes the
 * samples itself instead of waiting a minute for each.
 */
class AdminActivityBrowserTest implements BrowserTest {
    private static final Duration T = Duration.ofSeconds(30);

    @Test
    void liveMeetingsShowEachParticipantsQualityAndTheChartsTheActivity() throws Exception {
        try (Appliance appliance = TestAppliance.startH2(); Browsers browsers = new Browsers("admin-activity")) {
            // The test takes its two samples itself; the appliance's one-minute timer would add a third
            // whenever the machine is slow enough for the test to pass the minute (seen at load 40-60).
            appliance.history().close();
            String base = "https://localhost:" + appliance.httpsPort();
            var api = new ApiClient(appliance.httpsPort());
            var login = api.post("/api/v1/auth/register", null, Map.of("email", "ada@example.com", "password", "ada password",
                    "displayName", "Ada Admin"));
            String admin = login.json().path("accessToken").asText();
            String code = api.post("/api/v1/meetings", admin, Map.of("title", "Load check", "allowGuests", true))
                    .json().path("code").asText();

            try (var pub = SyntheticPublisher.start(base, code, "Pat Publisher", 500_000, 30, true);
                 var sub = SyntheticSubscriber.start(base, code, "Sam Subscriber", new LatencyHistogram())) {
                await(() -> sub.streamCount() == 2 && sub.totals()[4] > 30, "the subscriber gets audio and video frames");
                await(() -> {
                    JsonNode people = api.get("/api/v1/admin/meetings/live", admin).json().path("items").path(0).path("participants");
                    return people.size() == 2 && quality(people, "Pat Publisher").path("bitrateInBps").asLong() > 100_000
                            && quality(people, "Sam Subscriber").path("layer").isInt();
                }, "the SFU's figures for both participants");
                JsonNode people = api.get("/api/v1/admin/meetings/live", admin).json().path("items").path(0).path("participants");
                assertEquals(0.0, quality(people, "Pat Publisher").path("lossPercent").asDouble(), "no loss on loopback: " + people);
                assertTrue(quality(people, "Pat Publisher").path("jitterMs").isNumber(), people.toString());

                CdpPage page = browsers.open(base + "/");
                page.evaluate("localStorage.setItem('zvc.session', JSON.stringify(" + login.body() + ")), true");
                page.setViewport(1280, 800, false);
                page.navigate(base + "/admin/meetings", T);
                String pat = "[...document.querySelectorAll('#live-meetings .admin-participant')].find(li => li.textContent.includes('Pat'))";
                String sam = "[...document.querySelectorAll('#live-meetings .admin-participant')].find(li => li.textContent.includes('Sam'))";
                page.waitFor(pat + "?.querySelector('.q-bitrate')?.textContent.includes('kbit/s')"
                        + " && " + pat + ".querySelector('.q-loss').textContent.includes('%')"
                        + " && " + pat + ".querySelector('.q-jitter').textContent.includes('ms')"
                        + " && / layer$/.test(" + sam + "?.querySelector('.q-layer')?.textContent ?? '')", T);
                page.screenshot(Browsers.artifacts().resolve("admin-meetings-quality-1280x800.png"));
                Axe.assertNoSeriousViolations(page, "live meetings with quality figures");

                Thread.sleep(1500); // media flows for a while before the sample
                ActivitySample busy = appliance.history().sample();
                assertEquals(2, busy.participants());
                assertEquals(1, busy.liveMeetings());
                assertTrue(busy.bitrateInBps() > 50_000 && busy.bitrateOutBps() > 0, busy.toString());
            }
            await(() -> api.get("/api/v1/admin/overview", admin).json().path("participants").asInt() == 0, "both clients gone");
            ActivitySample quiet = appliance.history().sample();
            assertEquals(0, quiet.participants());

            JsonNode samples = api.get("/api/v1/admin/history", admin).json().path("samples");
            assertEquals(2, samples.size(), samples.toString());
            assertEquals(2, samples.path(0).path("participants").asInt());
            assertEquals(0, samples.path(1).path("participants").asInt());

            CdpPage page = browsers.open(base + "/");
            page.evaluate("localStorage.setItem('zvc.session', JSON.stringify(" + login.body() + ")), true");
            for (int[] size : new int[][] {{1280, 800}, {390, 844}}) {
                page.setViewport(size[0], size[1], size[0] < 500);
                page.navigate(base + "/admin", T);
                page.waitFor("document.querySelectorAll('#chart-participants circle').length === 2", T);
                assertEquals("[2,0]", page.evaluate(
                        "JSON.stringify([...document.querySelectorAll('#chart-participants circle')].map(c => +c.dataset.value))").asText());
                assertEquals("[1,0]", page.evaluate(
                        "JSON.stringify([...document.querySelectorAll('#chart-meetings circle')].map(c => +c.dataset.value))").asText());
                JsonNode bitrate = page.evaluate("[...document.querySelectorAll('#chart-bitrate [data-series=\"In\"] circle')]"
                        + ".map(c => +c.dataset.value)");
                assertEquals(busy(samples).path("bitrateInBps").asLong(), bitrate.path(0).asLong());
                // The busy sample is drawn at the top of the chart, the quiet one on its floor.
                JsonNode ys = page.evaluate("[...document.querySelectorAll('#chart-participants circle')].map(c => +c.getAttribute('cy'))");
                assertTrue(ys.path(0).asDouble() < ys.path(1).asDouble(), ys.toString());
                assertTrue(page.evaluate("document.querySelector('#chart-participants svg').getAttribute('aria-label')")
                        .asText().contains("highest 2"));
                page.screenshot(Browsers.artifacts().resolve("admin-overview-charts-" + size[0] + "x" + size[1] + ".png"));
                Axe.assertNoSeriousViolations(page, "overview with charts at " + size[0] + "x" + size[1]);
            }
        }
    }

    private static JsonNode busy(JsonNode samples) {
        return samples.path(0);
    }

    private static JsonNode quality(JsonNode people, String name) {
        for (JsonNode p : people) {
            if (p.path("displayName").asText().equals(name)) {
                return p.path("quality");
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + T.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(200);
        }
    }
}
