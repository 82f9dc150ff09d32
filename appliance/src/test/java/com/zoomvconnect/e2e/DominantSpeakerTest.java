package com.zoomvconnect.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.zoomvconnect.app.Appliance;
import com.zoomvconnect.loadgen.LatencyHistogram;
import com.zoomvconnect.loadgen.SignalClient;
import com.zoomvconnect.loadgen.SyntheticPublisher;
import com.zoomvconnect.loadgen.SyntheticSubscriber;
import com.zoomvconnect.testing.ApiClient;
import com.zoomvconnect.testing.TestAppliance;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Dominant speaker from the audio-level extension, and last-N video forwarding that follows it. */
class DominantSpeakerTest {
    private static long activeVideoStreams(SyntheticSubscriber sub, long millis) throws InterruptedException {
        Map<Long, Long> before = sub.videoFrames();
        Thread.sleep(millis);
        Map<Long, Long> after = sub.videoFrames();
        return after.entrySet().stream().filter(e -> e.getValue() - before.getOrDefault(e.getKey(), 0L) > 5).count();
    }

    @Test
    void inABigRoomOnlyTheLoudestMicrophonesAreForwarded() throws Exception {
        try (Appliance a = TestAppliance.startH2WithLastN(25, 1)) {
            var api = new ApiClient(a.httpsPort());
            String token = api.post("/api/v1/auth/register", null, Map.of("email", "s@example.com", "password", "password1",
                    "displayName", "S")).json().path("accessToken").asText();
            String code = api.post("/api/v1/meetings", token, Map.of("title", "Quiet", "allowGuests", true)).json()
                    .path("code").asText();
            String base = "https://localhost:" + a.httpsPort();
            try (var loud = SyntheticPublisher.start(base, code, "Loud", 100_000, 15);
                 var quiet = SyntheticPublisher.start(base, code, "Quiet", 100_000, 15);
                 var viewer = SyntheticSubscriber.start(base, code, "Viewer", new LatencyHistogram())) {
                loud.audioLevel = 20;
                long deadline = System.nanoTime() + 20_000_000_000L;
                while (viewer.videoFrames().size() < 2 && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                Thread.sleep(1500);
                long a1 = viewer.audioPackets();
                Thread.sleep(1000);
                long perSecond = viewer.audioPackets() - a1;
                assertEquals(true, perSecond > 35 && perSecond < 65, "one microphone's 50 packets/s, got " + perSecond);
                quiet.audioLevel = 10;
                loud.audioLevel = 127;
                Thread.sleep(3000);
                long b1 = viewer.audioPackets();
                Thread.sleep(1000);
                long after = viewer.audioPackets() - b1;
                assertEquals(true, after > 35 && after < 65, "still one microphone, now the other: " + after);
            }
        }
    }

    @Test
    void onlyTheCamerasOnTheViewersScreenAreForwarded() throws Exception {
        try (Appliance a = TestAppliance.startH2()) {
            var api = new ApiClient(a.httpsPort());
            String token = api.post("/api/v1/auth/register", null, Map.of("email", "v@example.com", "password", "password1",
                    "displayName", "V")).json().path("accessToken").asText();
            String code = api.post("/api/v1/meetings", token, Map.of("title", "Grid", "allowGuests", true)).json()
                    .path("code").asText();
            String base = "https://localhost:" + a.httpsPort();
            try (var p1 = SyntheticPublisher.start(base, code, "P1", 200_000, 30);
                 var p2 = SyntheticPublisher.start(base, code, "P2", 200_000, 30);
                 var p3 = SyntheticPublisher.start(base, code, "P3", 200_000, 30);
                 var viewer = SyntheticSubscriber.start(base, code, "Viewer", new LatencyHistogram())) {
                long deadline = System.nanoTime() + 20_000_000_000L;
                while (viewer.videoFrames().size() < 3 && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                Thread.sleep(500);
                assertEquals(3, activeVideoStreams(viewer, 1500), "every camera while the client shows everyone");
                viewer.send("viewVideo", "participantIds", java.util.List.of(p2.participantId()));
                Thread.sleep(500);
                assertEquals(1, activeVideoStreams(viewer, 1500), "only the tile on screen gets video");
                viewer.send("viewVideo", "participantIds", java.util.List.of(p1.participantId(), p3.participantId()));
                Thread.sleep(800);
                assertEquals(2, activeVideoStreams(viewer, 1500), "the next page's tiles resume");
            }
        }
    }

    @Test
    void theLoudestSpeakerIsAnnouncedAndLastNFollowsThem() throws Exception {
        try (Appliance a = TestAppliance.startH2WithLastN(1)) {
            var api = new ApiClient(a.httpsPort());
            String token = api.post("/api/v1/auth/register", null, Map.of("email", "d@example.com", "password", "password1",
                    "displayName", "D")).json().path("accessToken").asText();
            String code = api.post("/api/v1/meetings", token, Map.of("title", "Talk", "allowGuests", true)).json()
                    .path("code").asText();
            String base = "https://localhost:" + a.httpsPort();
            try (var watcher = SignalClient.joinAsGuest(base, code, "Watcher");
                 var alice = SyntheticPublisher.start(base, code, "Alice", 300_000, 30);
                 var bob = SyntheticPublisher.start(base, code, "Bob", 300_000, 30);
                 var sub = SyntheticSubscriber.start(base, code, "Viewer", new LatencyHistogram())) {
                alice.audioLevel = 20; // speaking
                assertEquals(alice.participantId(), watcher.expect("dominantSpeaker", Duration.ofSeconds(10)).path("participantId").asText());
                long deadline = System.nanoTime() + 20_000_000_000L;
                while (sub.videoFrames().size() < 1 && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                Thread.sleep(1000);
                assertEquals(1, activeVideoStreams(sub, 1500), "last-N = 1: only the speaker's camera is forwarded");
                alice.audioLevel = 127;
                bob.audioLevel = 15;
                assertEquals(bob.participantId(), watcher.expect("dominantSpeaker", Duration.ofSeconds(10)).path("participantId").asText());
                Thread.sleep(1500);
                assertEquals(1, activeVideoStreams(sub, 1500), "still one camera, now Bob's");
                assertEquals(2, sub.videoFrames().size(), "both cameras were negotiated; the forwarded one switched");
            }
        }
    }
}
