package com.zoomvconnect.record.depack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zoomvconnect.record.tools.MediaTools;
import com.zoomvconnect.record.webm.TrackFormat;
import com.zoomvconnect.record.webm.WebmWriter;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real encoder output (ffmpeg's libvpx and libx264) packetized per RFC 7741 / RFC 6184 and back. */
class DepacketizerTest {
    private static final int MTU = 1100;

    @TempDir
    Path dir;

    /** RTP payloads of one frame: a payload descriptor (X, I with a 15-bit picture id) on each piece. */
    private static List<byte[]> vp8Packets(byte[] frame, int pictureId) {
        List<byte[]> out = new ArrayList<>();
        for (int off = 0; off < frame.length; off += 300) {
            int n = Math.min(300, frame.length - off);
            byte[] p = new byte[4 + n];
            p[0] = (byte) (0x80 | (off == 0 ? 0x10 : 0)); // X, S on the first piece, PID 0
            p[1] = (byte) 0x80;                               // I
            p[2] = (byte) (0x80 | ((pictureId >> 8) & 0x7F));  // M: 15-bit picture id
            p[3] = (byte) pictureId;
            System.arraycopy(frame, off, p, 4, n);
            out.add(p);
        }
        return out;
    }

    @Test
    void vp8FramesComeBackWholeAndALossWaitsForTheNextKeyframe() throws Exception {
        Path ivf = dir.resolve("v.ivf");
        MediaTools.run(List.of(MediaTools.ffmpeg(), "-v", "error", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=30",
                "-frames:v", "60", "-c:v", "libvpx", "-g", "30", "-b:v", "800k", "-f", "ivf", ivf.toString()), 60);
        List<byte[]> frames = ivfFrames(ivf);
        Depacketizer d = Depacketizer.forCodec("VP8");
        int out = 0;
        int lost = 0;
        for (int i = 0; i < frames.size(); i++) {
            List<byte[]> pkts = vp8Packets(frames.get(i), i);
            boolean dropOne = i == 10;
            assertTrue(!dropOne || pkts.size() > 1, "frame 10 spans packets");
            for (int k = 0; k < pkts.size(); k++) {
                if (dropOne && k == 0) {
                    continue; // the first piece of frame 10 is lost
                }
                byte[] p = pkts.get(k);
                Frame f = d.push(p, 0, p.length, i * 3000L, k == pkts.size() - 1, dropOne && k == 1);
                if (f != null) {
                    assertArrayEquals(frames.get(i), f.data(), "frame " + i);
                    if (i == 0) {
                        assertTrue(f.keyframe());
                        assertEquals(320, f.width());
                        assertEquals(240, f.height());
                    }
                    out++;
                } else if (k == pkts.size() - 1) {
                    lost++;
                }
            }
            if (i >= 10 && i < 30) {
                assertTrue(d.waitingForKeyframe(), "after the loss, frame " + i + " waits for a keyframe");
            }
        }
        assertFalse(d.waitingForKeyframe());
        assertEquals(20, lost, "frames 10..29 are dropped until the keyframe at 30");
        assertEquals(40, out);
    }

    @Test
    void h264SingleStapAndFragmentedUnitsBecomeAPlayableMatroskaTrack() throws Exception {
        Path es = dir.resolve("v.h264");
        MediaTools.run(List.of(MediaTools.ffmpeg(), "-v", "error", "-f", "lavfi", "-i", "testsrc=size=640x360:rate=30",
                "-frames:v", "60", "-pix_fmt", "yuv420p", "-c:v", "libx264", "-profile:v", "baseline", "-g", "30", "-bf", "0",
                "-x264-params", "aud=1", "-f", "h264", es.toString()), 60);
        List<List<byte[]>> accessUnits = accessUnits(Files.readAllBytes(es));
        assertEquals(60, accessUnits.size());
        Depacketizer d = Depacketizer.forCodec("H264");
        Path mkv = dir.resolve("v.mkv");
        WebmWriter w = null;
        int frames = 0;
        for (int i = 0; i < accessUnits.size(); i++) {
            List<byte[]> pkts = h264Packets(accessUnits.get(i));
            for (int k = 0; k < pkts.size(); k++) {
                byte[] p = pkts.get(k);
                Frame f = d.push(p, 0, p.length, i * 3000L, k == pkts.size() - 1, false);
                if (f == null) {
                    continue;
                }
                if (w == null) {
                    assertTrue(f.keyframe());
                    assertEquals(640, f.width());
                    assertEquals(360, f.height());
                    assertNotNull(d.codecPrivate(), "avcC from SPS and PPS");
                    w = WebmWriter.create(mkv, TrackFormat.video(d.codecId(), d.codecPrivate(), f.width(), f.height(), "cam"),
                            Instant.now(), null);
                }
                w.write(i * 1000L / 30, f.keyframe(), f.data(), 0, f.data().length, i * 33L);
                frames++;
            }
        }
        w.finish(33);
        assertEquals(60, frames);
        var probe = MediaTools.probe(mkv);
        assertEquals("h264", probe.streams().get(0).codec());
        assertEquals(60, MediaTools.decodeFrameCount(mkv));
        assertEquals("", MediaTools.decodeErrors(mkv));
    }

    /** RTP payloads of one VP9 frame (RFC 9628): I with a 15-bit picture id, B/E, P, and an SS with the size on keyframes. */
    private static List<byte[]> vp9Packets(byte[] frame, int pictureId, boolean key, int w, int h) {
        List<byte[]> out = new ArrayList<>();
        for (int off = 0; off < frame.length; off += 400) {
            int n = Math.min(400, frame.length - off);
            boolean first = off == 0;
            boolean last = off + n >= frame.length;
            ByteArrayOutputStream p = new ByteArrayOutputStream();
            boolean ss = first && key;
            p.write(0x80 | (key ? 0 : 0x40) | (first ? 0x08 : 0) | (last ? 0x04 : 0) | (ss ? 0x02 : 0));
            p.write(0x80 | ((pictureId >> 8) & 0x7F));
            p.write(pictureId);
            if (ss) {
                p.write(0x10); // N_S = 0 (one layer), Y: sizes follow
                p.write(w >> 8);
                p.write(w);
                p.write(h >> 8);
                p.write(h);
            }
            p.write(frame, off, n);
            out.add(p.toByteArray());
        }
        return out;
    }

    @Test
    void vp9FramesBecomeAWebmTrackThatDecodes() throws Exception {
        Path ivf = dir.resolve("v9.ivf");
        MediaTools.run(List.of(MediaTools.ffmpeg(), "-v", "error", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=30",
                "-frames:v", "45", "-c:v", "libvpx-vp9", "-g", "30", "-b:v", "500k", "-auto-alt-ref", "0", "-lag-in-frames", "0",
                "-deadline", "realtime", "-cpu-used", "8", "-f", "ivf", ivf.toString()), 60);
        List<byte[]> frames = ivfFrames(ivf);
        Depacketizer d = Depacketizer.forCodec("VP9");
        Path webm = dir.resolve("v9.webm");
        WebmWriter w = null;
        int out = 0;
        for (int i = 0; i < frames.size(); i++) {
            byte[] f = frames.get(i);
            boolean key = (f[0] & 0x04) == 0; // uncompressed header: frame_type 0 is a key frame
            List<byte[]> pkts = vp9Packets(f, i, key, 320, 240);
            for (int k = 0; k < pkts.size(); k++) {
                byte[] p = pkts.get(k);
                Frame fr = d.push(p, 0, p.length, i * 3000L, k == pkts.size() - 1, false);
                if (fr == null) {
                    continue;
                }
                assertArrayEquals(f, fr.data(), "frame " + i);
                if (w == null) {
                    assertTrue(fr.keyframe());
                    assertEquals(320, fr.width());
                    assertEquals(240, fr.height());
                    w = WebmWriter.create(webm, TrackFormat.video(d.codecId(), null, fr.width(), fr.height(), "cam"), Instant.now(), null);
                }
                w.write(i * 1000L / 30, fr.keyframe(), fr.data(), 0, fr.data().length, i * 33L);
                out++;
            }
        }
        w.finish(33);
        assertEquals(frames.size(), out);
        assertEquals("vp9", MediaTools.probe(webm).streams().get(0).codec());
        assertEquals(frames.size(), MediaTools.decodeFrameCount(webm));
        assertEquals("", MediaTools.decodeErrors(webm));
    }

    @Test
    void opusPayloadsPassThroughAndEmptyOnesAreIgnored() {
        Depacketizer d = Depacketizer.forCodec("opus");
        byte[] p = {0x78, 1, 2, 3};
        assertArrayEquals(p, d.push(p, 0, 4, 960, true, false).data());
        assertNull(d.push(p, 0, 0, 1920, true, false));
        assertNull(Depacketizer.forCodec("AV1"), "unsupported codecs are not recorded");
    }

    private static List<byte[]> ivfFrames(Path ivf) throws Exception {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(ivf)).order(ByteOrder.LITTLE_ENDIAN);
        b.position(32);
        List<byte[]> frames = new ArrayList<>();
        while (b.remaining() >= 12) {
            byte[] f = new byte[b.getInt()];
            b.getLong();
            b.get(f);
            frames.add(f);
        }
        return frames;
    }

    /** Annex B split into access units at access unit delimiters (NAL type 9), which are dropped. */
    private static List<List<byte[]>> accessUnits(byte[] s) {
        List<byte[]> nals = new ArrayList<>();
        int start = -1;
        for (int i = 0; i + 3 <= s.length; i++) {
            if (s[i] == 0 && s[i + 1] == 0 && s[i + 2] == 1) {
                if (start >= 0) {
                    int end = i > 0 && s[i - 1] == 0 ? i - 1 : i;
                    nals.add(Arrays.copyOfRange(s, start, end));
                }
                start = i + 3;
                i += 2;
            }
        }
        nals.add(Arrays.copyOfRange(s, start, s.length));
        List<List<byte[]>> aus = new ArrayList<>();
        for (byte[] n : nals) {
            if ((n[0] & 0x1F) == 9) {
                aus.add(new ArrayList<>());
            } else if (!aus.isEmpty()) {
                aus.get(aus.size() - 1).add(n);
            }
        }
        return aus;
    }

    /** SPS+PPS aggregated (STAP-A), big slices fragmented (FU-A), the rest single NAL unit packets. */
    private static List<byte[]> h264Packets(List<byte[]> au) {
        List<byte[]> out = new ArrayList<>();
        ByteArrayOutputStream stap = new ByteArrayOutputStream();
        for (byte[] n : au) {
            int type = n[0] & 0x1F;
            if (type == 7 || type == 8) {
                if (stap.size() == 0) {
                    stap.write(24 | (n[0] & 0x60));
                }
                stap.write(n.length >> 8);
                stap.write(n.length);
                stap.writeBytes(n);
                continue;
            }
            if (stap.size() > 0) {
                out.add(stap.toByteArray());
                stap.reset();
            }
            if (n.length <= MTU) {
                out.add(n);
                continue;
            }
            for (int off = 1; off < n.length; off += MTU) {
                int len = Math.min(MTU, n.length - off);
                byte[] p = new byte[2 + len];
                p[0] = (byte) ((n[0] & 0xE0) | 28);
                p[1] = (byte) ((off == 1 ? 0x80 : 0) | (off + len >= n.length ? 0x40 : 0) | type);
                System.arraycopy(n, off, p, 2, len);
                out.add(p);
            }
        }
        return out;
    }
}
