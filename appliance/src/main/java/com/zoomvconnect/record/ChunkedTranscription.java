package com.zoomvconnect.record;

import com.zoomvconnect.record.captions.SpeechSegmenter;
import com.zoomvconnect.record.transcribe.TranscriptionEngine;
import com.zoomvconnect.record.transcribe.Wav;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A recording's speech recognised in chunks of 8-14 s cut where it is quietest, so no word is cut
 * in two and the engine's timing stays exact (pocketsphinx's times drift on one utterance longer
 * than about 16 s), each chunk's words moved to its place in the whole.
 *
 * <p>Speed: only speech is recognised — the stretches where a 20 ms frame rises above the captions'
 * voice threshold ({@link SpeechSegmenter#THRESHOLD_DBFS}), padded and joined ({@link #speech}):
 * in a meeting each microphone is mostly silent while the others talk — and chunks are recognised
 * in parallel, one per core (each engine call is single-threaded: a pocketsphinx process, or one
 * Vosk recognizer).
 */
final class ChunkedTranscription {
    /** Chunks are cut at the quietest 10 ms between these lengths. */
    static final int CHUNK_MIN_MS = 8000;
    static final int CHUNK_MAX_MS = 14000;
    private static final int PER_MS = 16; // 16 kHz mono

    private final TranscriptionEngine engine;
    private final ExecutorService pool;
    private final Path tmpDir;
    private final boolean skipSilent;

    /** A chunk queued for recognition (its file on disk, not in memory, while it waits). */
    record Pending(Path file, Future<List<TranscriptionEngine.Word>> words) {
    }

    ChunkedTranscription(TranscriptionEngine engine, ExecutorService pool, Path tmpDir, boolean skipSilent) {
        this.engine = engine;
        this.pool = pool;
        this.tmpDir = tmpDir;
        this.skipSilent = skipSilent;
    }

    /** Recognisers running at once: one per core. */
    static ExecutorService pool() {
        return pool(Runtime.getRuntime().availableProcessors());
    }

    static ExecutorService pool(int threads) {
        return Executors.newFixedThreadPool(Math.max(1, threads), Thread.ofPlatform().name("transcription-", 0).daemon().factory());
    }

    /** Queues the chunks of a 16 kHz mono WAV file; the file may be deleted once this returns. */
    List<Pending> submit(Path wav) throws IOException {
        byte[] all = Files.readAllBytes(wav);
        int data = Wav.dataOffset(all);
        int samples = (all.length - data) / 2;
        List<Pending> out = new ArrayList<>();
        for (int[] span : skipSilent ? speech(all, data, samples) : List.of(new int[] {0, samples})) {
            int start = span[0];
            while (start < span[1]) {
                int end = span[1];
                if (end - start > CHUNK_MAX_MS * PER_MS) {
                    end = quietest(all, data, start + CHUNK_MIN_MS * PER_MS, start + CHUNK_MAX_MS * PER_MS);
                }
                Path chunk = Files.createTempFile(tmpDir, "chunk", ".wav");
                Files.write(chunk, Wav.file(all, data + 2 * start, 2 * (end - start)));
                long offsetMs = start / PER_MS;
                out.add(new Pending(chunk, pool.submit(() -> recognise(chunk, offsetMs))));
                start = end;
            }
        }
        return out;
    }

    /** Speech is padded by this much on each side, so no word's soft edge is cut off. */
    static final int PAD_MS = 300;
    /** Stretches of speech closer than this are one span: one engine start instead of two. */
    static final int JOIN_MS = 1000;

    /**
     * The stretches [from, to) holding speech: 20 ms frames above the voice threshold, padded by
     * {@link #PAD_MS} and joined across pauses under {@link #JOIN_MS}; the rest is never recognised.
     */
    static List<int[]> speech(byte[] pcm, int data, int samples) {
        int frame = SpeechSegmenter.FRAME;
        int pad = PAD_MS * PER_MS;
        List<int[]> spans = new ArrayList<>();
        for (int s = 0; s + frame <= samples; s += frame) {
            if (!voiced(pcm, data, s, s + frame)) {
                continue;
            }
            int from = Math.max(0, s - pad);
            int to = Math.min(samples, s + frame + pad);
            int[] last = spans.isEmpty() ? null : spans.get(spans.size() - 1);
            if (last != null && from - last[1] < JOIN_MS * PER_MS) {
                last[1] = to;
            } else {
                spans.add(new int[] {from, to});
            }
        }
        return spans;
    }

    /** The words of the chunks, in order; waits for them. Their files are gone afterwards, whatever happened. */
    static List<TranscriptionEngine.Word> words(List<Pending> chunks) throws IOException, InterruptedException {
        return words(chunks, () -> { });
    }

    /** As {@link #words(List)}, running {@code afterEach} once per chunk as its words are taken. */
    static List<TranscriptionEngine.Word> words(List<Pending> chunks, Runnable afterEach) throws IOException, InterruptedException {
        try {
            return collect(chunks, afterEach);
        } finally {
            discard(chunks);
        }
    }

    /** Cancels chunks not recognised yet and deletes their files (idempotent). */
    static void discard(List<Pending> chunks) throws IOException {
        for (Pending p : chunks) {
            p.words().cancel(true);
            Files.deleteIfExists(p.file());
        }
    }

    private static List<TranscriptionEngine.Word> collect(List<Pending> chunks, Runnable afterEach)
            throws IOException, InterruptedException {
        List<TranscriptionEngine.Word> out = new ArrayList<>();
        for (Pending p : chunks) {
            try {
                out.addAll(p.words().get());
                afterEach.run();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof IOException io) {
                    throw io;
                }
                if (e.getCause() instanceof InterruptedException ie) {
                    throw ie;
                }
                throw new IOException("transcription failed", e.getCause());
            }
        }
        return out;
    }

    private List<TranscriptionEngine.Word> recognise(Path chunk, long offsetMs) throws IOException, InterruptedException {
        try {
            List<TranscriptionEngine.Word> out = new ArrayList<>();
            for (TranscriptionEngine.Word w : engine.transcribe(chunk)) {
                out.add(new TranscriptionEngine.Word(w.text(), offsetMs + w.startMs(), offsetMs + w.endMs()));
            }
            return out;
        } finally {
            Files.deleteIfExists(chunk);
        }
    }

    /** Whether any 20 ms frame of samples [from, to) is above the voice threshold. */
    static boolean voiced(byte[] pcm, int data, int from, int to) {
        short[] frame = new short[SpeechSegmenter.FRAME];
        for (int s = from; s + frame.length <= to; s += frame.length) {
            for (int i = 0; i < frame.length; i++) {
                int p = data + 2 * (s + i);
                frame[i] = (short) ((pcm[p] & 0xFF) | (pcm[p + 1] << 8));
            }
            if (SpeechSegmenter.levelDbfs(frame, 0, frame.length) > SpeechSegmenter.THRESHOLD_DBFS) {
                return true;
            }
        }
        return false;
    }

    /** The sample index starting the quietest 10 ms window in [from, to). */
    static int quietest(byte[] pcm, int data, int from, int to) {
        int window = 160;
        long best = Long.MAX_VALUE;
        int at = to;
        for (int s = from; s + window <= to; s += window) {
            long energy = 0;
            for (int i = s; i < s + window; i++) {
                int p = data + 2 * i;
                int v = (short) ((pcm[p] & 0xFF) | (pcm[p + 1] << 8));
                energy += (long) v * v;
            }
            if (energy < best) {
                best = energy;
                at = s + window / 2;
            }
        }
        return at;
    }
}
