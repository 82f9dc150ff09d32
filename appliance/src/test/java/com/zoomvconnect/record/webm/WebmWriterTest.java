package com.zoomvconnect.record.webm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zoomvconnect.record.tools.MediaTools;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real VP8 and Opus frames from ffmpeg, written by the recorder, read back by ffprobe/ffmpeg. */
class WebmWriterTest {
    @TempDir
    Path dir;

    @Test
    void finishedVp8FileDecodesWithDurationAndCues() throws Exception {
        List<byte[]> frames = vp8Frames(90); // 3 s at 30 fps
        Path out = dir.resolve("v.webm");
        try (WebmWriter w = WebmWriter.create(out, TrackFormat.video("V_VP8", null, 320, 240, "Ada camera"), Instant.now(), "t")) {
            for (int i = 0; i < frames.size(); i++) {
                byte[] f = frames.get(i);
                w.write(i * 1000L / 30, (f[0] & 1) == 0, f, 0, f.length, i * 33L);
            }
            w.finish(33);
        }
        var probe = MediaTools.probe(out);
        assertEquals("vp8", probe.streams().get(0).codec());
        assertEquals(3.0, probe.durationSeconds(), 0.1);
        assertEquals(90, MediaTools.decodeFrameCount(out), "every frame decodes");
        assertEquals("", MediaTools.decodeErrors(out));
    }

    @Test
    void framesLessThanAFrameApartDecodeCleanly() throws Exception {
        List<byte[]> frames = vp8Frames(90);
        Path out = dir.resolve("vfr.webm");
        try (WebmWriter w = WebmWriter.create(out, TrackFormat.video("V_VP8", null, 320, 240, "Ada camera"), Instant.now(), "t")) {
            long ts = 0;
            for (int i = 0; i < frames.size(); i++) {
                byte[] f = frames.get(i);
                // A sender's capture clock under load: now and then a frame 1 ms after the last.
                ts += i % 10 == 5 ? 1 : 33;
                w.write(ts, (f[0] & 1) == 0, f, 0, f.length, i * 33L);
            }
            w.finish(33);
        }
        String pts = MediaTools.run(List.of(MediaTools.ffprobe(), "-v", "error", "-show_entries", "packet=pts", "-of", "csv=p=0",
                out.toString()), 60).stdout();
        long last = -1;
        for (String p : pts.strip().split("\\s+")) {
            long t = Long.parseLong(p.replace(",", ""));
            assertTrue(t > last, "strictly increasing: " + pts);
            last = t;
        }
        assertEquals(90, MediaTools.decodeFrameCount(out), "every frame decodes");
        assertEquals("", MediaTools.decodeErrors(out), "a variable frame rate is not a decoding error");
    }

    @Test
    void opusFileDecodes() throws Exception {
        List<byte[]> packets = opusPackets(150); // 3 s of 20 ms packets
        Path out = dir.resolve("a.webm");
        try (WebmWriter w = WebmWriter.create(out, TrackFormat.opus("Ada microphone"), Instant.now(), null)) {
            for (int i = 0; i < packets.size(); i++) {
                byte[] p = packets.get(i);
                w.write(i * 20L, true, p, 0, p.length, i * 20L);
            }
            w.finish(20);
        }
        var probe = MediaTools.probe(out);
        assertEquals("opus", probe.streams().get(0).codec());
        assertEquals(3.0, probe.durationSeconds(), 0.1);
        assertEquals("", MediaTools.decodeErrors(out));
    }

    @Test
    void fileCutOffMidClusterIsRepairedToItsLastWholeCluster() throws Exception {
        List<byte[]> packets = opusPackets(250); // 5 s
        Path out = dir.resolve("crash.webm");
        WebmWriter w = WebmWriter.create(out, TrackFormat.opus("Bob microphone"), Instant.now(), null);
        for (int i = 0; i < packets.size(); i++) {
            byte[] p = packets.get(i);
            w.write(i * 20L, true, p, 0, p.length, i * 20L);
        }
        w.close(); // as a kill would leave it: no Cues, no Duration, Segment of unknown size
        long whole = Files.size(out);
        // ...and half of a cluster that was being written when the power went.
        byte[] partial = {0x1F, 0x43, (byte) 0xB6, 0x75, 0x44, 0x00, (byte) 0xE7, (byte) 0x81, 0x10, (byte) 0xA3};
        Files.write(out, partial, StandardOpenOption.APPEND);

        WebmRepair.Result r = WebmRepair.repair(out, 20);
        assertTrue(r.repaired());
        assertEquals(partial.length, r.truncatedBytes());
        assertEquals(5000, r.durationMs());
        assertTrue(Files.size(out) > whole, "cues appended");
        var probe = MediaTools.probe(out);
        assertEquals(5.0, probe.durationSeconds(), 0.1);
        assertEquals("", MediaTools.decodeErrors(out));

        WebmRepair.Result again = WebmRepair.repair(out, 20);
        assertFalse(again.repaired(), "a complete file is left alone");
    }

    @Test
    void notAWebmFileIsRefused() throws IOException {
        Path junk = dir.resolve("junk.webm");
        Files.write(junk, new byte[] {1, 2, 3, 4});
        var e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> WebmRepair.repair(junk, 20));
        assertTrue(e.getMessage().contains("not an EBML file"));
    }

    /** VP8 frames from ffmpeg's test pattern, via IVF (32-byte file header, 12-byte frame headers). */
    private List<byte[]> vp8Frames(int count) throws Exception {
        Path ivf = dir.resolve("src.ivf");
        MediaTools.run(List.of(MediaTools.ffmpeg(), "-v", "error", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=30",
                "-frames:v", Integer.toString(count), "-c:v", "libvpx", "-g", "30", "-b:v", "300k", "-f", "ivf", ivf.toString()), 60);
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(ivf)).order(ByteOrder.LITTLE_ENDIAN);
        b.position(32);
        List<byte[]> frames = new ArrayList<>();
        while (b.remaining() >= 12) {
            int size = b.getInt();
            b.getLong();
            byte[] f = new byte[size];
            b.get(f);
            frames.add(f);
        }
        assertEquals(count, frames.size());
        return frames;
    }

    /** Opus packets from ffmpeg's sine source, via Ogg (RFC 3533 pages and lacing). */
    static List<byte[]> opusPackets(int count) throws Exception {
        Path ogg = Files.createTempFile("src", ".opus");
        try {
            MediaTools.run(List.of(MediaTools.ffmpeg(), "-y", "-v", "error", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
                    "-t", Double.toString(count * 0.02 + 0.1), "-c:a", "libopus", "-frame_duration", "20", "-f", "ogg", ogg.toString()), 60);
            byte[] d = Files.readAllBytes(ogg);
            List<byte[]> packets = new ArrayList<>();
            var current = new java.io.ByteArrayOutputStream();
            int p = 0;
            while (p + 27 <= d.length) {
                int segments = d[p + 26] & 0xFF;
                int data = p + 27 + segments;
                for (int s = 0; s < segments; s++) {
                    int lace = d[p + 27 + s] & 0xFF;
                    current.write(d, data, lace);
                    data += lace;
                    if (lace < 255) {
                        packets.add(current.toByteArray());
                        current.reset();
                    }
                }
                p = data;
            }
            // The first two packets are OpusHead and OpusTags.
            List<byte[]> audio = packets.subList(2, packets.size());
            assertTrue(audio.size() >= count, "enough packets: " + audio.size());
            return new ArrayList<>(audio.subList(0, count));
        } finally {
            Files.deleteIfExists(ogg);
        }
    }
}
