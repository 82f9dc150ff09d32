package com.zoomvconnect.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zoomvconnect.app.Appliance;
import com.zoomvconnect.loadgen.LatencyHistogram;
import com.zoomvconnect.loadgen.SyntheticPublisher;
import com.zoomvconnect.loadgen.SyntheticSubscriber;
import com.zoomvconnect.testing.ApiClient;
import com.zoomvconnect.testing.TestAppliance;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Simulcast layer selection with synthetic clients (real ICE, DTLS-SRTP and RTP): the SFU binds
 * the unsignalled layer SSRCs by rid, forwards one layer per subscriber by the tile height each
 * reports, falls back when the publisher stops a layer, and keeps each subscriber's stream
 * continuous across switches.
 */
class SimulcastLayersTest {
    private static final int TOP = 900_000; // q = 90 kbit/s, h = 300 kbit/s, f = 900 kbit/s

    private static long videoBitrate(SyntheticSubscriber s, long millis) throws InterruptedException {
        long b0 = s.videoBytes();
        Thread.sleep(millis);
        return (s.videoBytes() - b0) * 8 * 1000 / millis;
    }

    @Test
    void eachSubscriberGetsTheLayerItsTileNeeds() throws Exception {
        try (Appliance a = TestAppliance.startH2()) {
            var api = new ApiClient(a.httpsPort());
            String token = api.post("/api/v1/auth/register", null, Map.of("email", "layers@example.com", "password", "password1",
                    "displayName", "L")).json().path("accessToken").asText();
            String code = api.post("/api/v1/meetings", token, Map.of("title", "Layers", "allowGuests", true)).json()
                    .path("code").asText();
            String base = "https://localhost:" + a.httpsPort();
            try (var pub = SyntheticPublisher.start(base, code, "Pub", TOP, 30, true);
                 var thumb = SyntheticSubscriber.start(base, code, "Thumb", new LatencyHistogram());
                 var large = SyntheticSubscriber.start(base, code, "Large", new LatencyHistogram())) {
                long deadline = System.nanoTime() + 20_000_000_000L;
                while ((thumb.videoFrames().isEmpty() || large.videoFrames().isEmpty()) && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                thumb.send("videoSizes", "sizes", Map.of(pub.participantId(), 150));
                large.send("videoSizes", "sizes", Map.of(pub.participantId(), 720));
                Thread.sleep(1500);
                long small = videoBitrate(thumb, 2000);
                long big = videoBitrate(large, 2000);
                System.out.printf("thumbnail receives %d bit/s, large tile %d bit/s%n", small, big);
                assertTrue(small > 40_000 && small < 200_000, "the thumbnail gets the q layer (~90 kbit/s): " + small);
                assertTrue(big > 600_000 && big < 1_400_000, "the large tile gets the f layer (~900 kbit/s): " + big);

                // The tile grows: the same subscriber moves up to the middle layer at its next keyframe.
                thumb.send("videoSizes", "sizes", Map.of(pub.participantId(), 360));
                Thread.sleep(1500);
                long middle = videoBitrate(thumb, 2000);
                System.out.printf("after growing to 360 px: %d bit/s%n", middle);
                assertTrue(middle > 180_000 && middle < 500_000, "the h layer (~300 kbit/s): " + middle);

                long[] t = thumb.totals();
                assertTrue(t[2] < t[0] / 100, "no gaps in the subscriber's numbering across switches: lost " + t[2] + " of " + t[0]);
                assertTrue(a.sfu().counters().snapshot().get("layer_switches") >= 2, "thumbnail: f to q, then q to h");
            }
        }
    }
}
