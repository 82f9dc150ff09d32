package com.zoomvconnect.record.transcribe;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Words the recognizer should expect in one meeting: its participants' names (each whole name as a
 * phrase, and each of its words, since people say "Chidi" more often than "Chidi Okonkwo") and the
 * content words of its title. Words are lower-case ASCII letters (accents dropped: "Zoë" becomes
 * "zoe"), as the pocketsphinx dictionary spells them; a word in another script is left out.
 */
public record VocabularyHints(List<List<String>> phrases) {
    /** No hints: the engine runs as it would without them. */
    public static final VocabularyHints NONE = new VocabularyHints(List.of());
    /** Hints beyond this many phrases are dropped (each costs the spotter a little time). */
    static final int MAX_PHRASES = 80;
    private static final Set<String> TITLE_STOP_WORDS = Set.of("the", "and", "for", "with", "from", "our", "your", "about",
            "meeting", "call", "sync", "weekly", "daily", "monthly", "team", "this", "that", "into", "over");

    public VocabularyHints {
        phrases = List.copyOf(phrases.stream().map(List::copyOf).toList());
    }

    /**
     * The hints of a meeting titled {@code title} with participants called {@code names}: the names
     * in alphabetical order (so the same people give equal hints, whatever order they joined in).
     */
    public static VocabularyHints of(String title, Collection<String> names) {
        Set<List<String>> out = new LinkedHashSet<>();
        for (String name : names.stream().sorted(String.CASE_INSENSITIVE_ORDER).toList()) {
            List<String> ws = words(name).stream().filter(w -> w.length() >= 2).toList();
            if (ws.size() > 1) {
                out.add(ws);
            }
            ws.forEach(w -> out.add(List.of(w)));
        }
        if (title != null) {
            words(title).stream().filter(w -> w.length() >= 3 && !TITLE_STOP_WORDS.contains(w)).forEach(w -> out.add(List.of(w)));
        }
        return new VocabularyHints(new ArrayList<>(out).subList(0, Math.min(out.size(), MAX_PHRASES)));
    }

    public boolean isEmpty() {
        return phrases.isEmpty();
    }

    /** Every distinct word of the phrases, in order. */
    public List<String> words() {
        return List.copyOf(phrases.stream().flatMap(List::stream).collect(java.util.stream.Collectors.toCollection(LinkedHashSet::new)));
    }

    /** Lower-case ASCII words of {@code text}: accents dropped, anything else splits words. */
    static List<String> words(String text) {
        if (text == null) {
            return List.of();
        }
        String plain = Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}+", "").toLowerCase(Locale.ROOT);
        List<String> out = new ArrayList<>();
        for (String w : plain.split("[^a-z']+")) {
            String t = w.replaceAll("^'+|'+$", "");
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return out;
    }
}
