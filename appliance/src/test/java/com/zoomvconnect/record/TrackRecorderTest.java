package com.zoomvconnect.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zoomvconnect.media.sfu.RecordingTap;
import com.zoomvconnect.record.tools.MediaTools;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Frame times of recorded tracks, fed as the SFU feeds them (RTP packets with their arrival
 * times, sender reports) and read back from the written files by ffprobe.
 */
class TrackRecorderTest {
    private static final long MS = 1_000_000L;
    /** NTP (32.32) of an arbitrary instant of the publisher's wall clock. */
    private static final long NTP_ORIGIN = 3_960_000_000L << 32;

    @TempDir
    Path dir;


    private RecordingSession session() {
        return new RecordingSession("r", "m", "t", dir, Instant.now(), "Ann", Function.identity());
    }

    private static RecordingTap.RecordedTrack track(String kind, String codec, int clockRate) {
        return new RecordingTap.RecordedTrack("ann", kind + "-1", kind, "audio".equals(kind) ? "microphone" : "camera", codec,
                clockRate, 1, layer -> { });
    }

    private static byte[] rtp(int seq, long ts, long ssrc, boolean marker, byte[] payload) {
        byte[] b = new byte[12 + payload.length];
        b[0] = (byte) 0x80;
        b[1] = (byte) ((marker ? 0x80 : 0) | 96);
        b[2] = (byte) (seq >> 8);
        b[3] = (byte) seq;
        for (int i = 0; i < 4; i++) {
            b[4 + i] = (byte) (ts >>> (24 - 8 * i));
            b[8 + i] = (byte) (ssrc >>> (24 - 8 * i));
        }
        System.arraycopy(payload, 0, b, 12, payload.length);
        return b;
    }

    /** A VP8 payload (RFC 7741 descriptor S=1, then a frame whose header says key frame or not, RFC 6386 §9.1). */
    private static byte[] vp8(boolean key) {
        byte[] p = new byte[40];
        p[0] = 0x10;
        p[1] = (byte) (key ? 0x00 : 0x01);
        if (key) {
            p[4] = (byte) 0x9d;
            p[5] = 0x01;
            p[6] = 0x2a;
            p[7] = (byte) 320;
            p[8] = (byte) (320 >> 8);
            p[9] = (byte) 240;
        }
        return p;
    }

    private static final byte[] OPUS = {(byte) 0xf8, (byte) 0xff, (byte) 0xfe};

    /** Presentation times (ms from the recording's start) of every packet in a written track. */
    private List<Long> times(TrackRecorder.Result r) throws Exception {
        var out = MediaTools.run(List.of(MediaTools.ffprobe(), "-v", "error", "-show_entries", "packet=pts_time",
                "-of", "csv=p=0", dir.resolve(r.file()).toString()), 60).stdout();
        return Arrays.stream(out.split("\\s+")).filter(s -> !s.isBlank())
                .map(s -> r.startMs() + Math.round(Double.parseDouble(s.replace(",", "")) * 1000)).toList();
    }

    private static List<Long> deltas(List<Long> t) {
        List<Long> d = new ArrayList<>();
        for (int i = 1; i < t.size(); i++) {
            d.add(t.get(i) - t.get(i - 1));
        }
        return d;
    }

    @Test
    void jitteryArrivalsWithRegularRtpTimestampsGiveRegularFrameTimes() throws Exception {
        RecordingSession s = session();
        var video = s.trackAdded(track("video", "VP8", 90_000));
        var audio = s.trackAdded(track("audio", "opus", 48_000));
        long t0 = s.startNanos;
        for (int i = 0; i < 150; i++) {
            // A busy machine: packets come in bursts, 1 ms apart, every 200 ms.
            long burst = t0 + 50 * MS + (i / 6) * 200 * MS + (i % 6) * MS;
            if (i < 90) {
                byte[] v = rtp(1000 + i, 77_000 + i * 3000L, 1, true, vp8(i % 30 == 0));
                video.onRtp(v, 0, v.length, 0, burst);
            }
            byte[] a = rtp(5000 + i, 123_456 + i * 960L, 2, true, OPUS);
            audio.onRtp(a, 0, a.length, 0, burst);
        }
        Map<String, TrackRecorder.Result> results = s.stop(Instant.now()).stream()
                .collect(Collectors.toMap(TrackRecorder.Result::kind, r -> r));
        List<Long> v = deltas(times(results.get("video")));
        List<Long> a = deltas(times(results.get("audio")));
        assertEquals(89, v.size(), "every video frame written");
        assertTrue(v.stream().allMatch(d -> d == 33 || d == 34), "video frames 1/30 s apart, as their RTP clock says: " + v);
        assertEquals(149, a.size(), "every audio packet written");
        assertTrue(a.stream().allMatch(d -> d == 20), "audio packets 20 ms apart: " + a);
    }

    @Test
    void audioAndVideoWithSenderReportsShareOneTimeline() throws Exception {
        RecordingSession s = session();
        var video = s.trackAdded(track("video", "VP8", 90_000));
        var audio = s.trackAdded(track("audio", "opus", 48_000));
        long t0 = s.startNanos;
        long videoRtp0 = 3_000_000_000L;
        long audioRtp0 = 40_000L;
        // Both streams' sender reports: the same instant of the publisher's clock, each in its own RTP time.
        video.onSenderReport(0, NTP_ORIGIN, videoRtp0);
        audio.onSenderReport(0, NTP_ORIGIN, audioRtp0);
        for (int i = 0; i < 150; i++) {
            // Captured i * 20 ms (audio) and i * 33.3 ms (video) after that instant. The audio's
            // first packets reach the recorder 300 ms late (a busy machine), the video's on time.
            if (i < 90) {
                byte[] v = rtp(1000 + i, (videoRtp0 + i * 3000L) & 0xFFFFFFFFL, 1, true, vp8(i % 30 == 0));
                video.onRtp(v, 0, v.length, 0, t0 + 100 * MS + i * 33 * MS);
            }
            byte[] a = rtp(5000 + i, audioRtp0 + i * 960L, 2, true, OPUS);
            audio.onRtp(a, 0, a.length, 0, t0 + 100 * MS + i * 20 * MS + (i < 10 ? 300 * MS : 0));
        }
        Map<String, TrackRecorder.Result> results = s.stop(Instant.now()).stream()
                .collect(Collectors.toMap(TrackRecorder.Result::kind, r -> r));
        List<Long> v = times(results.get("video"));
        List<Long> a = times(results.get("audio"));
        assertEquals(90, v.size());
        assertEquals(150, a.size());
        // Captured together, shown together: 1 s after the instant (video frame 30, audio packet 50), 2 s (60, 100).
        // (ffprobe shows Opus packets 6.5 ms early: the WebM CodecDelay of Opus' pre-skip.)
        assertEquals(v.get(30), a.get(50), 8, "audio and video at 1 s of the publisher's clock");
        assertEquals(v.get(60), a.get(100), 8, "audio and video at 2 s of the publisher's clock");
        assertEquals(v.get(0), a.get(0), 8, "both start at the same instant");
        assertTrue(deltas(a).stream().allMatch(d -> d == 20), "audio stays 20 ms apart: " + deltas(a));
    }

    @Test
    void audioPlacedEarlierByItsFirstSenderReportNeitherOverlapsNorLosesSync() throws Exception {
        RecordingSession s = session();
        var video = (TrackRecorder) s.trackAdded(track("video", "VP8", 90_000));
        var audio = s.trackAdded(track("audio", "opus", 48_000));
        long t0 = s.startNanos;
        long videoRtp0 = 500_000L;
        long audioRtp0 = 4_000_000_000L;
        video.onSenderReport(0, NTP_ORIGIN, videoRtp0);
        // The video, on time and with its sender report, ties the publisher's clock to the recording's.
        byte[] key = rtp(1000, videoRtp0, 1, true, vp8(true));
        video.onRtp(key, 0, key.length, 0, t0 + 100 * MS);
        for (long deadline = System.nanoTime() + 30_000 * MS; video.result().frames() == 0; ) {
            assertTrue(System.nanoTime() < deadline, "the first video frame is written");
            Thread.sleep(10);
        }
        for (int i = 0; i < 150; i++) {
            if (i > 0 && i < 90) {
                byte[] v = rtp(1000 + i, videoRtp0 + i * 3000L, 1, true, vp8(i % 30 == 0));
                video.onRtp(v, 0, v.length, 0, t0 + 100 * MS + i * 33 * MS);
            }
            if (i == 60) {
                // The audio's first report comes only now: until then its packets were placed by
                // the arrival of the first one, 300 ms late.
                audio.onSenderReport(0, NTP_ORIGIN, audioRtp0 & 0xFFFFFFFFL);
            }
            byte[] a = rtp(5000 + i, (audioRtp0 + i * 960L) & 0xFFFFFFFFL, 2, true, OPUS);
            audio.onRtp(a, 0, a.length, 0, t0 + 400 * MS + i * 20 * MS);
        }
        Map<String, TrackRecorder.Result> results = s.stop(Instant.now()).stream()
                .collect(Collectors.toMap(TrackRecorder.Result::kind, r -> r));
        List<Long> a = times(results.get("audio"));
        List<Long> v = times(results.get("video"));
        assertTrue(deltas(a).stream().allMatch(d -> d >= 10), "audio packets never squeezed together: " + deltas(a));
        assertEquals(v.get(v.size() - 1), a.get(a.size() - 1) - (149 * 20 - 89 * 1000 / 30), 8,
                "after the report, audio is where the publisher's clock puts it");
        assertEquals("", MediaTools.decodeErrors(dir.resolve(results.get("audio").file())));
    }
}
