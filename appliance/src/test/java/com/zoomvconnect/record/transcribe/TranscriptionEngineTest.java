package com.zoomvconnect.record.transcribe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zoomvconnect.record.tools.MediaTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engines as the appliance uses them: Debian's pocketsphinx for real; Vosk's binding and its model checks. */
class TranscriptionEngineTest {
    @TempDir
    Path dir;

    @Test
    void pocketsphinxTimesTheWordsOfSpokenEnglish() throws Exception {
        var engine = new PocketsphinxEngine();
        assertNull(engine.unavailableReason(), "pocketsphinx and pocketsphinx-en-us are installed (.ci/run does it)");
        Path raw = dir.resolve("s.wav");
        Path wav = dir.resolve("s16.wav");
        MediaTools.run(List.of(MediaTools.find("espeak-ng").orElseThrow().toString(), "-v", "en-us+klatt", "-s", "130", "-w",
                raw.toString(), "the weather is nice today. the weather is nice today."), 60);
        MediaTools.run(List.of(MediaTools.ffmpeg(), "-y", "-v", "error", "-i", raw.toString(), "-ar", "16000", "-ac", "1", wav.toString()), 60);
        List<TranscriptionEngine.Word> words = engine.transcribe(wav);
        assertTrue(words.stream().anyMatch(w -> w.text().equals("nice")), words.toString());
        for (int i = 1; i < words.size(); i++) {
            assertTrue(words.get(i).startMs() >= words.get(i - 1).startMs(), "in time order");
            assertTrue(words.get(i).endMs() >= words.get(i).startMs());
        }
        assertTrue(words.stream().noneMatch(w -> w.text().startsWith("<") || w.text().contains("(")), "fillers and variants cleaned");
    }

    @Test
    void longSpeechIsTranscribedInChunksCutAtPausesWithTimesInTheWhole() throws Exception {
        Path raw = dir.resolve("long.wav");
        Path wav = dir.resolve("long16.wav");
        String sentence = "the weather is nice today so we will go to the park";
        MediaTools.run(List.of(MediaTools.find("espeak-ng").orElseThrow().toString(), "-v", "en-us+klatt", "-s", "130", "-w",
                raw.toString(), String.join(". ", java.util.Collections.nCopies(9, sentence)) + "."), 60);
        MediaTools.run(List.of(MediaTools.ffmpeg(), "-y", "-v", "error", "-i", raw.toString(), "-ar", "16000", "-ac", "1", wav.toString()), 60);
        double seconds = MediaTools.probe(wav).durationSeconds();
        assertTrue(seconds > 25, "long enough to need chunks: " + seconds);
        List<TranscriptionEngine.Word> words = com.zoomvconnect.record.TranscriberAccess.inChunks(new PocketsphinxEngine(), wav, dir);
        long last = words.get(words.size() - 1).endMs();
        assertTrue(last <= seconds * 1000 + 500, "times stay inside the audio: " + last + " ms of " + seconds + " s");
        assertTrue(last >= seconds * 1000 - 3000, "the end is transcribed too: " + last);
        assertTrue(words.stream().filter(w -> w.text().equals("nice")).count() >= 5, words.toString());
    }

    @Test
    void pocketsphinxOutputParsing() {
        var w = PocketsphinxEngine.parse("we now\n<s> 0.000 0.260 0.99\nwe 0.270 0.440 0.69\n<sil> 0.45 0.64 1\nwon(2) 5.760 5.940 0.02\n");
        assertEquals(List.of(new TranscriptionEngine.Word("we", 270, 440), new TranscriptionEngine.Word("won", 5760, 5940)), w);
    }

    @Test
    void voskIsUnavailableUntilAModelIsInstalledAndRefusesADirectoryThatIsNotOne() throws Exception {
        Path models = dir.resolve("models/vosk");
        var engine = new VoskEngine(models);
        assertTrue(engine.unavailableReason().contains("zvc-admin transcription install-model"), engine.unavailableReason());
        Path fake = models.resolve("not-a-model");
        Files.createDirectories(fake.resolve("am"));
        Files.createDirectories(fake.resolve("conf"));
        assertNull(engine.unavailableReason(), "a model directory is found");
        Path wav = dir.resolve("silence.wav");
        MediaTools.run(List.of(MediaTools.ffmpeg(), "-y", "-v", "error", "-f", "lavfi", "-i", "anullsrc=r=16000:cl=mono", "-t", "1",
                wav.toString()), 60);
        // Loads the real native library through JNA, then fails on the empty model with a clear message.
        IOException e = assertThrows(IOException.class, () -> engine.transcribe(wav));
        assertTrue(e.getMessage().contains("cannot load the model"), e.getMessage());
    }

    @Test
    void voskResultsAndWavHeaders() throws Exception {
        List<TranscriptionEngine.Word> words = new ArrayList<>();
        VoskEngine.collect("{\"result\":[{\"conf\":1.0,\"end\":1.02,\"start\":0.6,\"word\":\"hello\"}],\"text\":\"hello\"}", words);
        assertEquals(List.of(new TranscriptionEngine.Word("hello", 600, 1020)), words);
        byte[] wav = {'R', 'I', 'F', 'F', 0, 0, 0, 0, 'W', 'A', 'V', 'E', 'L', 'I', 'S', 'T', 2, 0, 0, 0, 9, 9,
            'd', 'a', 't', 'a', 2, 0, 0, 0, 7, 8};
        assertEquals(7, wav[Wav.dataOffset(wav)]);
        assertThrows(IOException.class, () -> Wav.dataOffset(new byte[] {1, 2, 3}));
    }
}
