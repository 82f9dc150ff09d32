package com.zoomvconnect.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.zoomvconnect.app.Appliance;
import com.zoomvconnect.testing.ApiClient;
import com.zoomvconnect.testing.BrowserTest;
import com.zoomvconnect.testing.TestAppliance;
import com.zoomvconnect.testing.browser.CdpPage;
import com.zoomvconnect.testing.browser.Browsers;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Simulcast end to end in real Chromium: the publisher sends three layers (q/h/f), and the
 * viewer receives the one that fits the tile it draws — 180p for a thumbnail, the best layer that
 * arrives (720p on an idle machine) when the tile is large — switching at keyframes without breaking decoding.
 */
class SimulcastBrowserTest implements BrowserTest {
    private final Browsers browsers = new Browsers("simulcast");

    @AfterEach
    void close() throws Exception {
        browsers.close();
    }

    private CdpPage join(Appliance a, String code, String name, int res) {
        return join(a, code, name, res, "");
    }

    private CdpPage join(Appliance a, String code, String name, int res, String extra) {
        CdpPage page = browsers.open("https://localhost:" + a.httpsPort() + "/j/" + code + "?name=" + name
                + "&autojoin=1&res=" + res + extra, "--use-fake-device-for-media-stream=fps=30");
        page.waitFor("window.zvc?.room?.state === 'joined'", Duration.ofSeconds(30));
        return page;
    }

    /** The publisher's encodings as {@code rid:height:mode}. */
    private static final String LAYERS = "(async () => (await window.zvc.room.snapshot()).local.filter(l => l.kind === 'video')"
            + ".map(l => l.rid + ':' + l.frameHeight + ':' + l.scalabilityMode + ':' + l.framesPerSecond + 'fps:' + l.qualityLimitationReason))()";

    /** The height of the largest encoding the publisher is sending now (a paused layer reports no height). */
    private static final String TOP_SENT_HEIGHT = "(async () => Math.max(0, ...(await window.zvc.room.snapshot()).local"
            + ".filter(l => l.kind === 'video' && l.rid && l.framesPerSecond > 0).map(l => l.frameHeight || 0)))()";

    /** The height of the camera frames a page decodes from the participant called {@code name}, once they flow (0 before). */
    static String decodedHeightOf(String name) {
        return """
                (async () => {
                  const s = await window.zvc.room.snapshot();
                  const p = s.participants.find(p => p.displayName === '%s');
                  const r = p && s.remote.find(r => r.participantId === p.id && r.kind === 'video' && r.source === 'camera');
                  return r && r.framesDecoded > 0 ? r.frameHeight : 0;
                })()""".formatted(name);
    }

    /**
     * Polls until {@code viewer} decodes Ann above {@code above}p and at least at the top layer she
     * sends, or {@code timeout} passes; returns the last {decoded, top sent} heights.
     */
    static int[] awaitTopLayer(CdpPage ann, CdpPage viewer, int above, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int decoded = 0;
        int top = 0;
        while (System.nanoTime() < deadline) {
            top = ann.evaluate(TOP_SENT_HEIGHT).asInt();
            decoded = viewer.evaluate(decodedHeightOf("Ann")).asInt();
            if (decoded > above && decoded >= top) {
                break;
            }
            Thread.sleep(250);
        }
        return new int[] {decoded, top};
    }

    @Test
    void smallTilesGetTheLowLayerAndALargeTileTheHighOne() throws Exception {
        try (Appliance a = TestAppliance.startH2()) {
            var api = new ApiClient(a.httpsPort());
            String token = api.post("/api/v1/auth/register", null, Map.of("email", "sim@example.com", "password", "password1",
                    "displayName", "Sim")).json().path("accessToken").asText();
            String code = api.post("/api/v1/meetings", token, Map.of("title", "Simulcast", "allowGuests", true)).json()
                    .path("code").asText();
            CdpPage ann = join(a, code, "Ann", 720);
            CdpPage bob = join(a, code, "Bob", 360, "&muted=1");
            bob.waitFor(decodedHeightOf("Ann") + ".then(h => h > 0)", Duration.ofSeconds(45));

            // Ann's (fake, beeping) microphone is the only one on: the SFU named her dominant speaker
            // from the audio-level extension before Bob came; Bob is told on arrival and highlights her tile.
            String annId = ann.evaluate("window.zvc.room.self.id").asText();
            bob.waitFor("document.querySelector('.tile.speaking')?.dataset.participantId === '" + annId + "'",
                    Duration.ofSeconds(20));

            // The publisher really sends three encodings, each at its own resolution.
            ann.waitFor("(async () => (await window.zvc.room.snapshot()).local.filter(l => l.kind === 'video' && l.rid"
                    + " && l.framesEncoded > 10).length === 3)()", Duration.ofSeconds(30));
            JsonNode layers = ann.evaluate(LAYERS);
            System.out.println("publisher layers " + layers);
            // Chrome's send-side estimate runs on our transport-wide feedback and allows all three layers.
            ann.waitFor("(async () => (await window.zvc.room.snapshot()).local.some(l => l.kind === 'transport'"
                    + " && l.availableOutgoingBitrate > 1000000))()", Duration.ofSeconds(20));
            System.out.println("publisher estimate " + ann.evaluate("(async () => (await window.zvc.room.snapshot()).local"
                    + ".filter(l => l.kind === 'transport').map(l => l.availableOutgoingBitrate))()"));
            assertTrue(a.sfu().counters().snapshot().get("transport_feedback") > 20, "feedback flows to the publisher");

            // A thumbnail: Bob draws Ann small, the SFU switches him to the 180p layer.
            bob.evaluate("document.querySelector('#grid').style.width = '300px'; true");
            long t0 = System.nanoTime();
            bob.waitFor(decodedHeightOf("Ann") + ".then(h => h > 0 && h <= 200)", Duration.ofSeconds(30));
            System.out.printf("thumbnail -> 180p layer after %d ms%n", (System.nanoTime() - t0) / 1_000_000);

            // Spotlight: Bob pins Ann in a large window: the 720p layer.
            bob.evaluate("document.querySelector('#grid').style.width = ''; document.querySelector('#grid').style.height = '';"
                    + "document.querySelector('.tile:not(.self)').click(); true");
            // Which layers Ann sends is Chrome's choice, and how many Bob can take is his downlink estimate's:
            // on a busy machine either may keep "f" away (Chrome pauses or shrinks it, loopback delay jitter
            // lowers estimates). So the large tile must get more than the thumbnail's 180p layer, and the top
            // layer Ann sends when the estimate allows: wait for that, and settle for the middle layer otherwise.
            t0 = System.nanoTime();
            int[] heights = awaitTopLayer(ann, bob, 200, Duration.ofSeconds(40));
            int decoded = heights[0];
            int top = heights[1];
            assertTrue(decoded > 200, "spotlight switches Ann up from the thumbnail layer: decoded " + decoded
                    + "p, top layer sent " + top + "p; layers " + ann.evaluate(LAYERS));
            System.out.printf("spotlight -> %dp layer (top sent %dp) after %d ms%n", decoded, top,
                    (System.nanoTime() - t0) / 1_000_000);

            // Decoding went on across the switches: frames keep coming.
            JsonNode before = bob.evaluate("(async () => (await window.zvc.room.snapshot()).remote.find(r => r.kind === 'video').framesDecoded)()");
            bob.waitFor("(async () => (await window.zvc.room.snapshot()).remote.find(r => r.kind === 'video').framesDecoded > "
                    + (before.asLong() + 30) + ")()", Duration.ofSeconds(10));
            Map<String, Long> metrics = a.sfu().counters().snapshot();
            assertTrue(metrics.get("layer_switches") >= 2, "layer switches counted: " + metrics);
            assertTrue(metrics.get("drop_unknown_ssrc") < 50, "layers were bound by rid: " + metrics);
            assertTrue(metrics.get("transport_feedback_in") > 20, "Bob's Chromium reports what arrived (downlink estimate): " + metrics);
        }
    }
}
