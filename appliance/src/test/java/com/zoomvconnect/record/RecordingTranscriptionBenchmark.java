package com.zoomvconnect.record;

import com.zoomvconnect.record.captions.SpokenAudio;
import com.zoomvconnect.record.tools.MediaTools;
import com.zoomvconnect.record.transcribe.PocketsphinxEngine;
import com.zoomvconnect.record.transcribe.TranscriptionEngine;
import com.zoomvconnect.record.transcribe.Wav;
import com.zoomvconnect.testing.WordScores;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How long transcribing a 60 s two-speaker recording takes (not part of the default test run;
 * docs/recording.md, "Transcription speed"). Ann (espeak-ng en-us+klatt) and Bob (en-us) take
 * turns, a sentence each, for 60 s; each microphone is its own Opus WebM track, silent while the
 * other talks, as a recording holds them. Timed: the recorder's whole transcription step
 * ({@code Transcriber.transcribe}: ffmpeg decode, chunking, recognition, the files), and the
 * recognition alone in three ways — the old way (the whole track, one chunk after another), the
 * whole track in parallel on every core, and only its speech in parallel (the default).
 *
 * <pre>./mvnw -o test -pl appliance -am -Dsurefire.failIfNoSpecifiedTests=false -Dtest=RecordingTranscriptionBenchmark</pre>
 */
class RecordingTranscriptionBenchmark {
    static final String[] TURNS = {
        "good morning everyone.", "good morning. the budget for the new office is ready.",
        "thank you. the office move starts next month.", "we need to book the movers before the end of the week.",
        "i will send the report to the team by friday.", "the weather is nice today so we will go to the park.",
        "please bring some water and a warm coat.", "that sounds good to me.",
        "let us meet again on monday morning.", "i will call the movers tomorrow.",
        "the new office has a large kitchen.", "thank you everyone, see you next week.",
    };
    static final int LENGTH_MS = 60_000;

    @TempDir
    Path dir;

    @Test
    void measure() throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        short[] ann = new short[LENGTH_MS * 16];
        short[] bob = new short[LENGTH_MS * 16];
        StringBuilder annSaid = new StringBuilder();
        StringBuilder bobSaid = new StringBuilder();
        int at = 500 * 16;
        for (int i = 0; at < ann.length; i++) {
            boolean annsTurn = i % 2 == 0;
            String sentence = TURNS[i % TURNS.length];
            short[] said = SpokenAudio.say(dir, annsTurn ? "en-us+klatt" : "en-us", sentence);
            int n = Math.min(said.length, ann.length - at);
            System.arraycopy(said, 0, annsTurn ? ann : bob, at, n);
            if (n == said.length) {
                (annsTurn ? annSaid : bobSaid).append(sentence).append(' ');
            }
            at += n + 700 * 16; // a pause between turns
        }
        Path annWav = wav("ann", ann);
        Path bobWav = wav("bob", bob);
        Path rec = Files.createDirectories(dir.resolve("recording"));
        webm(annWav, rec.resolve("01-ann-microphone.webm"));
        webm(bobWav, rec.resolve("02-bob-microphone.webm"));
        var manifest = new Manifest(Manifest.FORMAT, "r", "m", "Benchmark", null, null, List.of(
                new Manifest.Track("01-ann-microphone.webm", "a", "Ann (microphone)", "audio", "microphone", "opus", 0, LENGTH_MS, 3000, 0, 0),
                new Manifest.Track("02-bob-microphone.webm", "b", "Bob (microphone)", "audio", "microphone", "opus", 0, LENGTH_MS, 3000, 0, 0)));
        var engine = new PocketsphinxEngine();
        System.out.printf(Locale.ROOT, "60 s two-speaker recording, %d cores, pocketsphinx%n", cores);

        record Way(String name, boolean skipSilent, int threads) {
        }
        for (Way way : List.of(new Way("sequential, every chunk (before)", false, 1),
                new Way("parallel, every chunk", false, cores), new Way("parallel, only speech (now)", true, cores))) {
            long t0 = System.nanoTime();
            String annHeard = text(Transcriber.inChunks(engine, annWav, dir, way.skipSilent(), way.threads()));
            String bobHeard = text(Transcriber.inChunks(engine, bobWav, dir, way.skipSilent(), way.threads()));
            double secs = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "recognition, %s: %.1f s (%.1fx real time); recall Ann %.2f, Bob %.2f%n", way.name(),
                    secs, LENGTH_MS / 1000.0 / secs, WordScores.recall(annSaid.toString(), annHeard),
                    WordScores.recall(bobSaid.toString(), bobHeard));
        }
        long t0 = System.nanoTime();
        Transcriber.transcribe(MediaTools.ffmpeg(), engine, rec, manifest);
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "Transcriber.transcribe (decode + recognition + files): %.1f s (%.1fx real time)%n", secs,
                LENGTH_MS / 1000.0 / secs);
        System.out.println(Files.readString(rec.resolve(Transcriber.TEXT)));
    }

    private Path wav(String name, short[] pcm) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(pcm.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.asShortBuffer().put(pcm);
        Path f = dir.resolve(name + ".wav");
        Files.write(f, Wav.file(b.array(), 0, pcm.length * 2));
        return f;
    }

    private static void webm(Path wav, Path out) throws Exception {
        MediaTools.run(List.of(MediaTools.ffmpeg(), "-y", "-v", "error", "-i", wav.toString(), "-ar", "48000", "-c:a", "libopus",
                "-b:a", "32k", out.toString()), 120);
    }

    private static String text(List<TranscriptionEngine.Word> words) {
        StringBuilder b = new StringBuilder();
        for (TranscriptionEngine.Word w : words) {
            b.append(w.text()).append(' ');
        }
        return b.toString().strip();
    }
}
