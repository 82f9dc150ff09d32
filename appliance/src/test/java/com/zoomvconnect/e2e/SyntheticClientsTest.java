package com.zoomvconnect.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zoomvconnect.app.Appliance;
import com.zoomvconnect.loadgen.LatencyHistogram;
import com.zoomvconnect.loadgen.SignalClient;
import com.zoomvconnect.loadgen.SyntheticPublisher;
import com.zoomvconnect.loadgen.SyntheticSubscriber;
import com.zoomvconnect.media.client.SharedReceiver;
import com.zoomvconnect.testing.ApiClient;
import com.zoomvconnect.testing.TestAppliance;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Non-browser WebRTC clients written on the project's own codecs (ICE, DTLS-SRTP, RTP/RTCP for
 * real) against the SFU: fan-out, keyframe requests and consent freshness.
 */
class SyntheticClientsTest {
    private static String meeting(Appliance a) {
        var api = new ApiClient(a.httpsPort());
        var r = api.post("/api/v1/auth/register", null, Map.of("email", "h@example.com", "password", "password1",
                "displayName", "H"));
        var m = api.post("/api/v1/meetings", r.json().path("accessToken").asText(), Map.of("title", "t", "allowGuests", true));
        return m.json().path("code").asText();
    }

    private static void await(java.util.function.BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    @Test
    void onePublisherReachesEverySubscriberWithoutLoss() throws Exception {
        try (Appliance a = TestAppliance.startH2()) {
            String base = "https://localhost:" + a.httpsPort();
            String code = meeting(a);
            var delay = new LatencyHistogram();
            List<SyntheticSubscriber> subs = new ArrayList<>();
            try (var pub = SyntheticPublisher.start(base, code, "pub", 500_000, 30)) {
                for (int i = 0; i < 4; i++) {
                    subs.add(SyntheticSubscriber.start(base, code, "sub" + i, delay));
                }
                for (var s : subs) {
                    await(() -> s.streamCount() == 2 && s.totals()[4] > 30, Duration.ofSeconds(20), "audio and 30 video frames");
                }
                assertTrue(pub.plisReceived > 0, "subscribers joining made the SFU ask for a keyframe");
                Thread.sleep(2000);
                for (var s : subs) {
                    long[] t = s.totals();
                    assertTrue(t[0] > 100, "packets " + t[0]);
                    assertEquals(0, t[2], "no loss on loopback");
                }
                assertTrue(delay.count() > 100);
                assertTrue(a.sfu().counters().rtpOut.sum() >= 4 * 100);
            } finally {
                subs.forEach(SyntheticSubscriber::close);
            }
        }
    }

    /**
     * The load generator's large fan-outs: a counting-only subscriber (no SRTP decryption, everything
     * from the clear RTP header) and a decrypting one, both received by a {@link SharedReceiver}'s
     * thread, count what a decrypting subscriber on a thread of its own counts beside them: the same
     * packets, frames (by marker bit instead of the VP8 start bit when counting), no loss. A sink
     * subscriber connects and then reads nothing while the SFU goes on sending to it.
     */
    @Test
    void countingAndSharedReceiverSubscribersCountWhatADecryptingOneDoes() throws Exception {
        try (Appliance a = TestAppliance.startH2(); var shared = new SharedReceiver("test-rx")) {
            String base = "https://localhost:" + a.httpsPort();
            String code = meeting(a);
            var delay = new LatencyHistogram();
            var countingDelay = new LatencyHistogram();
            var sharedDelay = new LatencyHistogram();
            try (var pub = SyntheticPublisher.start(base, code, "pub", 500_000, 30);
                 var reference = SyntheticSubscriber.start(base, code, "reference", delay);
                 var counting = SyntheticSubscriber.start(base, code, "counting", countingDelay, false, shared);
                 var decrypting = SyntheticSubscriber.start(base, code, "shared", sharedDelay, true, shared)) {
                List<SyntheticSubscriber> all = List.of(reference, counting, decrypting);
                for (var s : all) {
                    await(() -> s.streamCount() == 2 && s.totals()[4] > 30, Duration.ofSeconds(20), "audio and video");
                }
                List<long[]> before = all.stream().map(SyntheticSubscriber::totals).toList();
                Thread.sleep(3000);
                List<long[]> after = all.stream().map(SyntheticSubscriber::totals).toList();
                long packets = after.get(0)[0] - before.get(0)[0];
                long frames = after.get(0)[4] - before.get(0)[4];
                assertTrue(packets > 200 && frames > 60, "reference: " + packets + " packets, " + frames + " frames");
                for (int i = 1; i < all.size(); i++) {
                    long p = after.get(i)[0] - before.get(i)[0];
                    long f = after.get(i)[4] - before.get(i)[4];
                    assertTrue(Math.abs(p - packets) < packets / 10, "packets: reference " + packets + ", subscriber " + i + " " + p);
                    assertTrue(Math.abs(f - frames) < frames / 10, "frames: reference " + frames + ", subscriber " + i + " " + f);
                    assertEquals(0, after.get(i)[2], "no loss counted by subscriber " + i);
                }
                assertEquals(0, countingDelay.count(), "a counting subscriber cannot read the send time");
                assertTrue(delay.count() > 0 && sharedDelay.count() > 0);

                // A sink connects, then reads nothing: the SFU goes on sending to it, the generator spends nothing.
                var sink = SyntheticSubscriber.start(base, code, "sink", new LatencyHistogram(), false, shared);
                sink.sink();
                try {
                    await(sink::isConnected, Duration.ofSeconds(20), "the sink connected");
                    Thread.sleep(500);
                    long sinkPackets = sink.totals()[0];
                    long sentBefore = a.sfu().counters().rtpOut.sum();
                    long referenceBefore = reference.totals()[0];
                    Thread.sleep(2000);
                    long toEach = reference.totals()[0] - referenceBefore;
                    assertEquals(sinkPackets, sink.totals()[0], "a sink reads nothing once connected");
                    assertTrue(a.sfu().counters().rtpOut.sum() - sentBefore >= 4 * toEach * 9 / 10,
                            "the SFU still sends to all four, the sink included");
                } finally {
                    sink.close();
                }
            }
        }
    }

    /**
     * pion/ice (and libdatachannel, GStreamer) send consent checks only when a direction is idle;
     * a publisher sending media with feedback coming back never is. Its authenticated SRTP is
     * consent enough, through several consent timeouts.
     */
    @Test
    void aPublisherSendingMediaWithoutConsentChecksStaysConnected() throws Exception {
        Duration consent = Duration.ofSeconds(2);
        try (Appliance a = TestAppliance.startH2WithConsentTimeout(consent)) {
            String base = "https://localhost:" + a.httpsPort();
            String code = meeting(a);
            var delay = new LatencyHistogram();
            try (var watcher = SignalClient.joinAsGuest(base, code, "watcher");
                 var pub = SyntheticPublisher.start(base, code, "pion", 300_000, 15)) {
                var sub = SyntheticSubscriber.start(base, code, "sub", delay);
                try {
                    await(() -> sub.streamCount() == 2, Duration.ofSeconds(20), "media");
                    pub.peer().sendConsent = false;
                    // Four consent timeouts with media flowing and no check from the publisher.
                    var seen = watcher.during(consent.multipliedBy(4));
                    assertTrue(seen.stream().noneMatch(m -> "participantLeft".equals(m.path("type").asText())),
                            "nobody left: " + seen);
                    long frames = sub.totals()[4];
                    await(() -> sub.totals()[4] > frames + 10, Duration.ofSeconds(20), "video still arriving");
                } finally {
                    sub.close();
                }
            }
        }
    }

    @Test
    void aPeerThatStopsSendingAnythingIsRemovedAndItsTracksEnd() throws Exception {
        try (Appliance a = TestAppliance.startH2WithConsentTimeout(Duration.ofSeconds(3))) {
            String base = "https://localhost:" + a.httpsPort();
            String code = meeting(a);
            var delay = new LatencyHistogram();
            try (var watcher = SignalClient.joinAsGuest(base, code, "watcher");
                 var pub = SyntheticPublisher.start(base, code, "ghost", 300_000, 15)) {
                var sub = SyntheticSubscriber.start(base, code, "sub", delay);
                try {
                    await(() -> sub.streamCount() == 2, Duration.ofSeconds(20), "media");
                    // The laptop lid closes: no more ICE checks, no media, no goodbye.
                    pub.peer().sendConsent = false;
                    pub.peer().sendMedia = false;
                    var left = watcher.expect("participantLeft", Duration.ofSeconds(15));
                    assertEquals(pub.participantId(), left.path("participantId").asText());
                    assertEquals("disconnected", left.path("reason").asText());
                } finally {
                    sub.close();
                }
            }
        }
    }
}
