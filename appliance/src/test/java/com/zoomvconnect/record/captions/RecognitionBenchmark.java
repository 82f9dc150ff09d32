package com.zoomvconnect.record.captions;

import com.zoomvconnect.record.tools.MediaTools;
import com.zoomvconnect.record.transcribe.PocketsphinxEngine;
import com.zoomvconnect.record.transcribe.TranscriptionEngine;
import com.zoomvconnect.record.transcribe.Wav;
import com.zoomvconnect.testing.WordScores;
import io.github.jaredmdobson.concentus.OpusApplication;
import io.github.jaredmdobson.concentus.OpusDecoder;
import io.github.jaredmdobson.concentus.OpusEncoder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live captions' recognition measured (not part of the default test run; docs/recording.md, "How
 * well it recognises"): each passage in each espeak-ng voice goes the way a microphone does —
 * Opus at 16 kHz (Concentus, 32 kbit/s), decoded, cut by the {@link SpeechSegmenter} — and each
 * utterance is recognised by pocketsphinx as the captions do. Printed per voice and passage: word
 * recall, word error rate, real-time factor (recognition time over speech time, one at a time) and
 * the recognizer's peak memory; then how many utterances of 4 s two recognizers get through per
 * second of wall time with all cores busy, which bounds the speakers captioned at once.
 *
 * <pre>./mvnw -o test -pl appliance -am -Dsurefire.failIfNoSpecifiedTests=false -Dtest=RecognitionBenchmark</pre>
 */
class RecognitionBenchmark {
    static final String[] PASSAGES = {
        "good morning everyone. the budget for the new office is ready. i will send the report to the team by friday.",
        "thank you. the office move starts next month. we need to book the movers before the end of the week.",
        "the weather is nice today so we will go to the park. please bring some water and a warm coat.",
    };
    static final String[] VOICES = {"en-us+klatt", "en-us", "en-gb", "en-us+m3"};

    @TempDir
    Path dir;

    @Test
    void measure() throws Exception {
        var engine = new PocketsphinxEngine();
        System.out.println("| voice | passage | recall | WER | RTF | recognised |");
        for (String voice : VOICES) {
            double recallSum = 0;
            double werSum = 0;
            for (int i = 0; i < PASSAGES.length; i++) {
                short[] pcm = opusRoundTrip(SpokenAudio.say(dir, voice, PASSAGES[i]));
                List<SpeechSegmenter.Utterance> us = utterances(pcm);
                long t0 = System.nanoTime();
                StringBuilder said = new StringBuilder();
                for (var u : us) {
                    said.append(text(engine, u.pcm())).append(' ');
                }
                double secs = (System.nanoTime() - t0) / 1e9;
                double speech = us.stream().mapToLong(u -> u.pcm().length).sum() / 16_000.0;
                String hyp = said.toString().strip();
                double recall = WordScores.recall(PASSAGES[i], hyp);
                double wer = WordScores.wordErrorRate(PASSAGES[i], hyp);
                recallSum += recall;
                werSum += wer;
                System.out.printf(Locale.ROOT, "| %s | %d | %.2f | %.2f | %.2f | %s |%n", voice, i + 1, recall, wer, secs / speech, hyp);
            }
            System.out.printf(Locale.ROOT, "| %s | mean | %.2f | %.2f | | |%n", voice, recallSum / PASSAGES.length, werSum / PASSAGES.length);
        }

        // Peak memory of one recognizer process on one utterance.
        short[] one = utterances(SpokenAudio.say(dir, "en-us+klatt", PASSAGES[0])).get(0).pcm();
        Path wav = wav(one);
        var r = MediaTools.run(List.of("/usr/bin/time", "-f", "maxrss_kb=%M", "pocketsphinx_continuous", "-infile", wav.toString(),
                "-hmm", "/usr/share/pocketsphinx/model/en-us/en-us", "-lm", "/usr/share/pocketsphinx/model/en-us/en-us.lm.bin",
                "-dict", "/usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict", "-logfn", "/dev/null"), 120);
        System.out.println("pocketsphinx peak memory: " + r.stderr().strip());

        // Throughput: 4 s utterances through two recognizers at once (the pool on 2 cores).
        short[] four = Arrays.copyOf(SpokenAudio.say(dir, "en-us+klatt", PASSAGES[2]), 4 * 16_000);
        int n = 12;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        long t0 = System.nanoTime();
        List<Future<String>> fs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            fs.add(pool.submit(() -> text(engine, four)));
        }
        for (var f : fs) {
            f.get();
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        pool.shutdown();
        System.out.printf(Locale.ROOT, "throughput: %d utterances of 4 s in %.1f s with 2 recognizers: %.2f s of speech per second%n",
                n, wall, n * 4 / wall);
    }

    static List<SpeechSegmenter.Utterance> utterances(short[] pcm) {
        var seg = new SpeechSegmenter();
        List<SpeechSegmenter.Utterance> out = new ArrayList<>(seg.accept(pcm, 0, pcm.length));
        out.addAll(seg.silence(16_000));
        return out;
    }

    /** Through Opus and back, 20 ms frames, as a browser sends speech. */
    static short[] opusRoundTrip(short[] pcm) throws Exception {
        var enc = new OpusEncoder(16_000, 1, OpusApplication.OPUS_APPLICATION_VOIP);
        enc.setBitrate(32_000);
        var dec = new OpusDecoder(16_000, 1);
        byte[] packet = new byte[1500];
        short[] out = new short[pcm.length];
        short[] frame = new short[1920];
        int at = 0;
        for (int p = 0; p + 320 <= pcm.length; p += 320) {
            int n = enc.encode(pcm, p, 320, packet, 0, packet.length);
            int s = dec.decode(packet, 0, n, frame, 0, 1920, false);
            System.arraycopy(frame, 0, out, at, Math.min(s, out.length - at));
            at += s;
        }
        return out;
    }

    private Path wav(short[] pcm) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(pcm.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.asShortBuffer().put(pcm);
        Path f = Files.createTempFile(dir, "u", ".wav");
        Files.write(f, Wav.file(b.array(), 0, pcm.length * 2));
        return f;
    }

    private String text(TranscriptionEngine engine, short[] pcm) throws Exception {
        Path f = wav(pcm);
        try {
            StringBuilder b = new StringBuilder();
            for (var w : engine.transcribe(f)) {
                b.append(w.text()).append(' ');
            }
            return b.toString().strip();
        } finally {
            Files.deleteIfExists(f);
        }
    }
}
