package com.zoomvconnect.record;

import com.zoomvconnect.media.TrackSource;
import com.zoomvconnect.record.tools.MediaTools;
import com.zoomvconnect.record.transcribe.TranscriptionEngine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.function.IntConsumer;

/**
 * Transcribes each microphone of a recording separately — so every word has its speaker — and
 * writes the merged, timed result as WebVTT captions ({@code captions.vtt}), a readable transcript
 * ({@code transcript.txt}) and the words with their times ({@code transcript.json}).
 */
final class Transcriber {
    static final String CAPTIONS = "captions.vtt";
    static final String TEXT = "transcript.txt";
    static final String WORDS = "transcript.json";
    private static final long CUE_MAX_MS = 6000;
    private static final long PAUSE_MS = 1200;
    private static final int CUE_MAX_WORDS = 14;

    /** A word with its speaker, timed from the start of the recording. */
    record SpokenWord(String speaker, String text, long startMs, long endMs) {
    }

    /** A caption: consecutive words of one speaker. */
    record Cue(String speaker, long startMs, long endMs, String text) {
    }

    private Transcriber() {
    }

    /** Transcribes, writes the three files and returns the plain transcript (for search). */
    static String transcribe(String ffmpeg, TranscriptionEngine engine, Path dir, Manifest m)
            throws IOException, InterruptedException {
        return transcribe(ffmpeg, engine, dir, m, p -> { });
    }

    /**
     * As {@link #transcribe(String, TranscriptionEngine, Path, Manifest)}, telling {@code progress}
     * 0..100: the tracks decoded and cut (the first 10), then each chunk recognised, to 100 when
     * the files are written.
     */
    static String transcribe(String ffmpeg, TranscriptionEngine engine, Path dir, Manifest m, IntConsumer progress)
            throws IOException, InterruptedException {
        List<SpokenWord> words = new ArrayList<>();
        // Every speaker's chunks go into one pool, so the cores stay busy across tracks.
        record Queued(String speaker, long startMs, List<ChunkedTranscription.Pending> chunks) {
        }
        List<Queued> queued = new ArrayList<>();
        try (ExecutorService pool = ChunkedTranscription.pool()) {
            var chunker = new ChunkedTranscription(engine, pool, dir, true);
            try {
                for (Manifest.Track t : m.usableTracks()) {
                    if (t.video() || TrackSource.SCREEN.wireName().equals(t.source())) {
                        continue; // shared-screen audio is not a speaker
                    }
                    Path wav = Files.createTempFile(dir, "speech", ".wav");
                    try {
                        MediaTools.run(List.of(ffmpeg, "-y", "-v", "error", "-i", dir.resolve(t.file()).toString(), "-ac", "1",
                                "-ar", "16000", "-c:a", "pcm_s16le", wav.toString()), 3600);
                        String speaker = t.name() == null ? "Speaker" : speaker(t.name());
                        queued.add(new Queued(speaker, t.startMs(), chunker.submit(wav)));
                    } finally {
                        Files.deleteIfExists(wav);
                    }
                }
                int total = queued.stream().mapToInt(q -> q.chunks().size()).sum();
                int[] done = {0};
                progress.accept(10);
                Runnable chunkDone = () -> progress.accept(10 + 89 * ++done[0] / Math.max(1, total));
                for (Queued q : queued) {
                    for (TranscriptionEngine.Word w : ChunkedTranscription.words(q.chunks(), chunkDone)) {
                        words.add(new SpokenWord(q.speaker(), w.text(), q.startMs() + w.startMs(), q.startMs() + w.endMs()));
                    }
                }
            } finally {
                for (Queued q : queued) {
                    ChunkedTranscription.discard(q.chunks()); // after a failure: nothing left running or on disk
                }
            }
        }
        words.sort(Comparator.comparingLong(SpokenWord::startMs));
        List<Cue> cues = cues(words);
        Files.writeString(dir.resolve(CAPTIONS), webVtt(cues), StandardCharsets.UTF_8);
        String text = text(cues);
        Files.writeString(dir.resolve(TEXT), text, StandardCharsets.UTF_8);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("engine", engine.name());
        json.put("words", words);
        RecordingSession.writeAtomically(dir.resolve(WORDS), RecordingSession.JSON.writeValueAsBytes(json));
        progress.accept(100);
        return text;
    }

    /**
     * A whole 16 kHz mono WAV file's words, recognised in chunks on {@code threads} threads
     * ({@link ChunkedTranscription}); {@code skipSilent} false recognises silent chunks too (the
     * benchmark's "before": one thread, every chunk).
     */
    static List<TranscriptionEngine.Word> inChunks(TranscriptionEngine engine, Path wav, Path tmpDir, boolean skipSilent,
                                                   int threads) throws IOException, InterruptedException {
        try (ExecutorService pool = ChunkedTranscription.pool(threads)) {
            return ChunkedTranscription.words(new ChunkedTranscription(engine, pool, tmpDir, skipSilent).submit(wav));
        }
    }

    static List<TranscriptionEngine.Word> inChunks(TranscriptionEngine engine, Path wav, Path tmpDir)
            throws IOException, InterruptedException {
        return inChunks(engine, wav, tmpDir, true, Runtime.getRuntime().availableProcessors());
    }

    /** The speaker's name in a track's name ("Ann (guest)" is Ann). */
    static String speaker(String trackName) {
        return trackName.replaceAll(" \\([a-z]+\\)$", "");
    }

    static List<Cue> cues(List<SpokenWord> words) {
        List<Cue> cues = new ArrayList<>();
        List<SpokenWord> current = new ArrayList<>();
        for (SpokenWord w : words) {
            if (!current.isEmpty()) {
                SpokenWord first = current.get(0);
                SpokenWord last = current.get(current.size() - 1);
                if (!w.speaker().equals(first.speaker()) || w.startMs() - last.endMs() > PAUSE_MS
                        || w.endMs() - first.startMs() > CUE_MAX_MS || current.size() >= CUE_MAX_WORDS) {
                    cues.add(cue(current));
                    current.clear();
                }
            }
            current.add(w);
        }
        if (!current.isEmpty()) {
            cues.add(cue(current));
        }
        return cues;
    }

    private static Cue cue(List<SpokenWord> ws) {
        StringBuilder t = new StringBuilder();
        for (SpokenWord w : ws) {
            if (!t.isEmpty()) {
                t.append(' ');
            }
            t.append(w.text());
        }
        return new Cue(ws.get(0).speaker(), ws.get(0).startMs(), ws.get(ws.size() - 1).endMs(), t.toString());
    }

    /** W3C WebVTT with voice spans naming the speaker. */
    static String webVtt(List<Cue> cues) {
        StringBuilder b = new StringBuilder("WEBVTT\n\n");
        int n = 1;
        for (Cue c : cues) {
            b.append(n++).append('\n').append(vttTime(c.startMs())).append(" --> ").append(vttTime(Math.max(c.endMs(), c.startMs() + 500)))
                    .append('\n').append("<v ").append(escape(c.speaker())).append('>').append(escape(c.text())).append("\n\n");
        }
        return b.toString();
    }

    static String text(List<Cue> cues) {
        StringBuilder b = new StringBuilder();
        for (Cue c : cues) {
            long s = c.startMs() / 1000;
            b.append(String.format(Locale.ROOT, "[%02d:%02d:%02d] %s: %s%n", s / 3600, s / 60 % 60, s % 60, c.speaker(), c.text()));
        }
        return b.toString();
    }

    private static String vttTime(long ms) {
        return String.format(Locale.ROOT, "%02d:%02d:%02d.%03d", ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
