package com.zoomvconnect.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
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
}
