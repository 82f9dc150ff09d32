package com.zoomvconnect.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zoomvconnect.record.tools.MediaTools;
import com.zoomvconnect.record.webm.TrackFormat;
import com.zoomvconnect.record.webm.WebmWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Composition by ffmpeg, checked by looking at the pixels: who fills the frame, and when. */
class ComposerTest {
    @TempDir
    Path dir;

    private void camera(String file, String color) throws Exception {
        MediaTools.run(List.of(MediaTools.ffmpeg(), "-y", "-v", "error", "-f", "lavfi", "-i", "color=c=" + color + ":s=320x240:r=30:d=6",
                "-c:v", "libvpx", "-b:v", "200k", dir.resolve(file).toString()), 60);
    }

    private Manifest twoCameras() throws Exception {
        camera("01-ann-camera.webm", "red");
        camera("02-bob-camera.webm", "blue");
        var ann = new Manifest.Track("01-ann-camera.webm", "a", "Ann (camera)", "video", "camera", "VP8", 0, 6000, 180, 320, 240);
        var bob = new Manifest.Track("02-bob-camera.webm", "b", "Bob (camera)", "video", "camera", "VP8", 0, 6000, 180, 320, 240);
        return new Manifest("zoomvconnect-recording-1", "r", "m", "t", null, null, List.of(ann, bob));
    }

    /** The colour at (x, y) of the frame at {@code seconds}: 'r', 'b' or '?'. */
    private char colourAt(Path mp4, double seconds, int x, int y) throws Exception {
        Path px = dir.resolve("px.rgb");
        MediaTools.run(List.of(MediaTools.ffmpeg(), "-y", "-v", "error", "-ss", Double.toString(seconds), "-i", mp4.toString(),
                "-frames:v", "1", "-vf", "crop=2:2:" + x + ":" + y, "-f", "rawvideo", "-pix_fmt", "rgb24", px.toString()), 60);
        byte[] rgb = Files.readAllBytes(px);
        int r = rgb[0] & 0xFF;
        int b = rgb[2] & 0xFF;
        return r > 180 && b < 80 ? 'r' : b > 180 && r < 80 ? 'b' : '?';
    }

    @Test
    void activeSpeakerFillsTheFrameAndEveryoneStaysInTheStrip() throws Exception {
        Manifest m = twoCameras();
        Files.writeString(dir.resolve(Transcriber.WORDS), RecordingSession.JSON.writeValueAsString(Map.of("words", List.of(
                new Transcriber.SpokenWord("Ann", "hello", 200, 700), new Transcriber.SpokenWord("Ann", "everyone", 800, 1500),
                new Transcriber.SpokenWord("Bob", "yes", 2000, 2300), // too short to take the screen
                new Transcriber.SpokenWord("Ann", "welcome", 2400, 2900),
                new Transcriber.SpokenWord("Bob", "thank", 3200, 3700), new Transcriber.SpokenWord("Bob", "you", 3750, 4400)))));
        Path mp4 = Composer.compose(MediaTools.ffmpeg(), dir, m, 6000, "speaker", p -> { });
        assertEquals(6.0, MediaTools.probe(mp4).durationSeconds(), 0.2);
        assertEquals('r', colourAt(mp4, 1.0, 640, 280), "Ann talks: Ann fills the frame");
        assertEquals('r', colourAt(mp4, 2.2, 640, 280), "Bob's short 'yes' does not cut away");
        assertEquals('b', colourAt(mp4, 5.0, 640, 280), "Bob talks for a second: Bob fills the frame");
        // The strip below: Ann left of centre, Bob right of it, all the time.
        assertEquals('r', colourAt(mp4, 5.0, 640 - 100, 640), "Ann in the strip");
        assertEquals('b', colourAt(mp4, 1.0, 640 + 100, 640), "Bob in the strip");

        var timeline = Composer.speakerTimeline(dir, m.tracks(), 6000);
        assertTrue(timeline.get("01-ann-camera.webm").get(0)[0] == 0 && timeline.get("02-bob-camera.webm").get(0)[0] == 3200,
                "cut at the start of Bob's run of words");
    }

    @Test
    void gridWithoutATranscript() throws Exception {
        Manifest m = twoCameras();
        Path mp4 = Composer.compose(MediaTools.ffmpeg(), dir, m, 6000, "speaker", p -> { });
        assertEquals('r', colourAt(mp4, 3.0, 320, 360), "left tile");
        assertEquals('b', colourAt(mp4, 3.0, 960, 360), "right tile");
    }

    /** VP8 frames of one size and colour from libvpx, via IVF (32-byte file header, 12-byte frame headers). */
    private List<byte[]> vp8Frames(String size, String color, int count) throws Exception {
        Path ivf = dir.resolve("src-" + size + ".ivf");
        MediaTools.run(List.of(MediaTools.ffmpeg(), "-y", "-v", "error", "-f", "lavfi", "-i", "color=c=" + color + ":s=" + size + ":r=30",
                "-frames:v", Integer.toString(count), "-c:v", "libvpx", "-g", "30", "-b:v", "200k", "-f", "ivf", ivf.toString()), 60);
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

    @Test
    void cameraThatChangesSizeMidFileStaysInItsSlotThroughout() throws Exception {
        // As the recorder writes a simulcast layer switch: one file, the frame size changing at a
        // keyframe (640x360 -> 320x180 -> 640x360), and a phone turned upright (360x640) at the end.
        List<byte[]> frames = new ArrayList<>();
        frames.addAll(vp8Frames("640x360", "red", 60));
        frames.addAll(vp8Frames("320x180", "red", 60));
        frames.addAll(vp8Frames("640x360", "red", 30));
        frames.addAll(vp8Frames("360x640", "red", 30));
        Path ann = dir.resolve("01-ann-camera.webm");
        try (WebmWriter w = WebmWriter.create(ann, TrackFormat.video("V_VP8", null, 640, 360, "Ann"), Instant.now(), "t")) {
            for (int i = 0; i < frames.size(); i++) {
                byte[] f = frames.get(i);
                w.write(i * 1000L / 30, (f[0] & 1) == 0, f, 0, f.length, i * 33L);
            }
            w.finish(33);
        }
        camera("02-bob-camera.webm", "blue");
        var m = new Manifest("zoomvconnect-recording-1", "r", "m", "t", null, null, List.of(
                new Manifest.Track(ann.getFileName().toString(), "a", "Ann (camera)", "video", "camera", "VP8", 0, 6000, 180, 640, 360),
                new Manifest.Track("02-bob-camera.webm", "b", "Bob (camera)", "video", "camera", "VP8", 0, 6000, 180, 320, 240)));
        Path mp4 = Composer.compose(MediaTools.ffmpeg(), dir, m, 6000, "grid", p -> { });
        assertEquals(6.0, MediaTools.probe(mp4).durationSeconds(), 0.2);
        for (double t : new double[] {0.5, 1.5, 2.5, 3.5, 4.3, 5.5}) {
            assertEquals('r', colourAt(mp4, t, 320, 360), "Ann's slot shows Ann at " + t + " s, not the background");
            assertEquals('b', colourAt(mp4, t, 960, 360), "Bob's slot shows Bob at " + t + " s");
        }
    }
}
