package com.zoomvconnect.record;

import com.zoomvconnect.media.TrackSource;
import com.zoomvconnect.record.tools.MediaTools;
import com.zoomvconnect.record.transcribe.TranscriptionEngine;
import com.zoomvconnect.record.transcribe.Wav;
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
        List<SpokenWord> words = new ArrayList<>();
        for (Manifest.Track t : m.usableTracks()) {
            if (t.video() || TrackSource.SCREEN.wireName().equals(t.source())) {
                continue; // shared-screen audio is not a speaker
            }
            Path wav = Files.createTempFile(dir, "speech", ".wav");
            try {
                MediaTools.run(List.of(ffmpeg, "-y", "-v", "error", "-i", dir.resolve(t.file()).toString(), "-ac", "1",
                        "-ar", "16000", "-c:a", "pcm_s16le", wav.toString()), 3600);
                String speaker = t.name() == null ? "Speaker" : t.name().replaceAll(" \\([a-z]+\\)$", "");
                for (TranscriptionEngine.Word w : inChunks(engine, wav, dir)) {
                    words.add(new SpokenWord(speaker, w.text(), t.startMs() + w.startMs(), t.startMs() + w.endMs()));
                }
            } finally {
                Files.deleteIfExists(wav);
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
        return text;
    }

    /** Chunks are cut at the quietest 10 ms between these lengths. */
    static final int CHUNK_MIN_MS = 8000;
    static final int CHUNK_MAX_MS = 14000;

    /**
     * Transcribes a long recording in chunks of 8-14 s cut where it is quietest, so no word is cut
     * in two and the engine's timing stays exact (pocketsphinx's times drift on one utterance
     * longer than about 16 s), with each chunk's words moved to its place in the whole.
     */
    static List<TranscriptionEngine.Word> inChunks(TranscriptionEngine engine, Path wav, Path tmpDir)
            throws IOException, InterruptedException {
        byte[] all = Files.readAllBytes(wav);
        int data = Wav.dataOffset(all);
        int samples = (all.length - data) / 2;
        int perMs = 16;
        List<TranscriptionEngine.Word> out = new ArrayList<>();
        int start = 0;
        while (start < samples) {
            int end = samples;
            if (samples - start > CHUNK_MAX_MS * perMs) {
                end = quietest(all, data, start + CHUNK_MIN_MS * perMs, start + CHUNK_MAX_MS * perMs);
            }
            Path chunk = Files.createTempFile(tmpDir, "chunk", ".wav");
            try {
                Files.write(chunk, Wav.file(all, data + 2 * start, 2 * (end - start)));
                long offsetMs = start / perMs;
                for (TranscriptionEngine.Word w : engine.transcribe(chunk)) {
                    out.add(new TranscriptionEngine.Word(w.text(), offsetMs + w.startMs(), offsetMs + w.endMs()));
                }
            } finally {
                Files.deleteIfExists(chunk);
            }
            start = end;
        }
        return out;
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
