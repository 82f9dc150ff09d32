package com.zoomvconnect.record.transcribe;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Vocabulary hints for pocketsphinx 0.8, whose {@code pocketsphinx_continuous} cannot add words to
 * its binary trigram model (a word missing from {@code en-us.lm.bin} is never recognised, whatever
 * the dictionary says, and {@code -lmctl} selects one model rather than mixing them): the same
 * audio goes through a second, cheap search — keyword spotting ({@code -kws}) for the hint phrases
 * — and each phrase it finds replaces the words the trigram search heard at that time.
 *
 * <p>The spotter's dictionary holds only the hint words: the CMU dictionary's pronunciation where
 * it has one, else espeak-ng's ({@link EspeakPhonemes}). A phrase of n phones is reported when its
 * score beats the alternatives by 1e-(5 + 3n) (longer phrases need a lower threshold to be found
 * at all; the constants were chosen by measurement, docs/recording.md); a phrase of fewer than
 * {@link #MIN_PHONES} is left to the trigram search. The files are prepared once
 * per set of hints and kept for the last {@link #CACHED} sets (a meeting's hints change when
 * someone joins).
 */
final class KeywordSpotter {
    private static final Logger LOG = LoggerFactory.getLogger(KeywordSpotter.class);
    static final int CACHED = 32;
    static final int THRESHOLD_BASE = 5;
    static final int THRESHOLD_PER_PHONE = 3;
    /**
     * Shorter phrases are not spotted: "Ann", "Bob", "Ed" (2-3 phones) were found dozens of times
     * in 18 s of speech naming nobody, at any threshold that found them when said.
     */
    static final int MIN_PHONES = 4;
    private static final Pattern DETECTION = Pattern.compile("^(\\S.*?)\\s+(\\d+\\.\\d+)\\s+(\\d+\\.\\d+)\\s+\\S+$");

    /** The spotter's two files for one set of hints. */
    record SpotterFiles(Path dict, Path keyphrases) {
    }

    /** A hint phrase found in the audio, in milliseconds from its start. */
    record Detection(List<String> words, long startMs, long endMs) {
    }

    private final Path dictionary;
    private final Path dir;
    private final Map<VocabularyHints, SpotterFiles> prepared = new LinkedHashMap<>(16, 0.75f, true);

    /**
     * @param dictionary the CMU dictionary ({@code cmudict-en-us.dict})
     * @param dir        where the prepared files go
     */
    KeywordSpotter(Path dictionary, Path dir) {
        this.dictionary = dictionary;
        this.dir = dir;
    }

    /** The dictionary and keyphrase files for {@code hints}; null when no hint word can be pronounced. */
    synchronized SpotterFiles files(VocabularyHints hints) throws IOException, InterruptedException {
        SpotterFiles f = prepared.get(hints);
        if (f != null && Files.exists(f.dict()) && Files.exists(f.keyphrases())) {
            return f;
        }
        Map<String, List<String>> prons = pronunciations(hints.words());
        StringBuilder dict = new StringBuilder();
        prons.forEach((w, p) -> dict.append(w).append(' ').append(String.join(" ", p)).append('\n'));
        StringBuilder kws = new StringBuilder();
        for (List<String> phrase : hints.phrases()) {
            if (!prons.keySet().containsAll(phrase)) {
                continue;
            }
            int phones = phrase.stream().mapToInt(w -> prons.get(w).size()).sum();
            if (phones < MIN_PHONES) {
                continue;
            }
            kws.append(String.join(" ", phrase)).append(" /1e-").append(threshold(phones)).append("/\n");
        }
        if (kws.isEmpty()) {
            return null;
        }
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            dir.toFile().deleteOnExit(); // registered before its files, so removed after them
        }
        String key = Integer.toHexString(hints.hashCode()) + "-" + System.nanoTime();
        f = new SpotterFiles(write(dir.resolve("hints-" + key + ".dict"), dict.toString()),
                write(dir.resolve("hints-" + key + ".kws"), kws.toString()));
        prepared.put(hints, f);
        if (prepared.size() > CACHED) {
            var eldest = prepared.entrySet().iterator();
            SpotterFiles old = eldest.next().getValue();
            eldest.remove();
            Files.deleteIfExists(old.dict());
            Files.deleteIfExists(old.keyphrases());
        }
        return f;
    }

    /** The exponent of a phrase's threshold: 1e-(5 + 3 per phone). */
    static int threshold(int phones) {
        return THRESHOLD_BASE + THRESHOLD_PER_PHONE * phones;
    }

    /** Writes the file whole (a recognizer never reads half of one); it goes when the appliance stops, if not before. */
    private static Path write(Path target, String text) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Path done = Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        done.toFile().deleteOnExit();
        return done;
    }

    /** Each word's pronunciation: the dictionary's first, else espeak-ng's; words with neither are left out. */
    Map<String, List<String>> pronunciations(List<String> words) throws IOException, InterruptedException {
        Map<String, List<String>> known = new HashMap<>();
        Set<String> wanted = Set.copyOf(words);
        try (BufferedReader r = Files.newBufferedReader(dictionary, StandardCharsets.UTF_8)) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                int sp = line.indexOf(' ');
                if (sp > 0 && wanted.contains(line.substring(0, sp))) {
                    known.putIfAbsent(line.substring(0, sp), List.of(line.substring(sp + 1).trim().split("\\s+")));
                }
            }
        }
        Map<String, List<String>> guessed = EspeakPhonemes.pronounce(words.stream().filter(w -> !known.containsKey(w)).toList());
        LOG.debug("Hint words not in the dictionary, as espeak-ng says them: {}", guessed);
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String w : words) {
            List<String> p = known.getOrDefault(w, guessed.get(w));
            if (p != null) {
                out.put(w, p);
            }
        }
        return out;
    }

    /** The detections in {@code pocketsphinx_continuous -kws ... -time yes} output. */
    static List<Detection> parse(String out) {
        List<Detection> found = new ArrayList<>();
        for (String line : out.split("\n")) {
            Matcher m = DETECTION.matcher(line.strip());
            if (m.matches()) {
                found.add(new Detection(List.of(m.group(1).trim().split("\\s+")), Math.round(Double.parseDouble(m.group(2)) * 1000),
                        Math.round(Double.parseDouble(m.group(3)) * 1000)));
            }
        }
        return found;
    }

    /**
     * The words with the detections put in: longer phrases first, a detection overlapping one
     * already taken is dropped; a word whose middle falls inside a detection gives way to it; the
     * phrase's words share its time evenly.
     */
    static List<TranscriptionEngine.Word> merge(List<TranscriptionEngine.Word> words, List<Detection> detections) {
        List<Detection> taken = new ArrayList<>();
        detections.stream().sorted(Comparator.comparingInt((Detection d) -> -d.words().size()).thenComparingLong(Detection::startMs))
                .forEach(d -> {
                    if (taken.stream().allMatch(t -> d.endMs() <= t.startMs() || d.startMs() >= t.endMs())) {
                        taken.add(d);
                    }
                });
        List<TranscriptionEngine.Word> out = new ArrayList<>();
        for (TranscriptionEngine.Word w : words) {
            long mid = (w.startMs() + w.endMs()) / 2;
            if (taken.stream().noneMatch(t -> t.startMs() <= mid && mid <= t.endMs())) {
                out.add(w);
            }
        }
        for (Detection d : taken) {
            long step = (d.endMs() - d.startMs()) / d.words().size();
            for (int i = 0; i < d.words().size(); i++) {
                out.add(new TranscriptionEngine.Word(d.words().get(i), d.startMs() + i * step, d.startMs() + (i + 1) * step));
            }
        }
        out.sort(Comparator.comparingLong(TranscriptionEngine.Word::startMs));
        return out;
    }
}
